package kstore.identity.friends;

import io.vertx.core.json.JsonObject;

/**
 * Tells people about friend activity outside the in-app inbox (mail, push). Called after the change has
 * committed, on the event loop: implementations must not block and must not throw; a failure here never
 * undoes the change. Each person is {@code {userId, displayName, friendCode, email, lang}} ({@code email}
 * may be null for social accounts without one).
 */
public interface FriendNotifier {

  /** {@code to} received a friend request from {@code from} (S2.6: "the system mails the added friend"). */
  void friendRequested(JsonObject to, JsonObject from, String requestId);

  /** {@code to}'s request was accepted by {@code from}: they are friends now. */
  void friendAccepted(JsonObject to, JsonObject from);

  /** Tells nobody: for deployments without mail or push. */
  FriendNotifier NONE = new FriendNotifier() {
    @Override
    public void friendRequested(JsonObject to, JsonObject from, String requestId) {
    }

    @Override
    public void friendAccepted(JsonObject to, JsonObject from) {
    }
  };
}

package kstore.identity.friends;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link FriendNotifier} that sends nothing and remembers every call, for assertions. */
final class RecordingFriendNotifier implements FriendNotifier {

  /** One call: {@code kind} is "requested" or "accepted"; {@code requestId} is null for "accepted". */
  record Call(String kind, JsonObject to, JsonObject from, String requestId) {
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void friendRequested(JsonObject to, JsonObject from, String requestId) {
    calls.add(new Call("requested", to, from, requestId));
  }

  @Override
  public void friendAccepted(JsonObject to, JsonObject from) {
    calls.add(new Call("accepted", to, from, null));
  }

  /** The calls of one kind addressed to {@code userId}. */
  List<Call> to(String kind, Object userId) {
    return calls.stream()
        .filter(c -> c.kind().equals(kind) && c.to().getString("userId").equals(userId.toString()))
        .toList();
  }
}

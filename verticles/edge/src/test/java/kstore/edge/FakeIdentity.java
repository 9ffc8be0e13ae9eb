package kstore.edge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import kstore.contracts.ErrorCode;
import kstore.contracts.identity.IdentityAddresses;

/**
 * Stands in for the identity service's {@code identity.authenticate} and {@code identity.ping} in the edge's own tests (the real service and
 * the whole sign-in flow are tested end to end in the launcher module): a few fixed credentials and their
 * principals, everything else UNAUTHENTICATED.
 */
final class FakeIdentity {
  static final String ADMIN_TOKEN = TestStack.ADMIN_TOKEN;
  static final String PLAYER_TOKEN = "test-player-token-0123456789";
  static final String PLAYER_SESSION = "test-player-session-0123456789";
  static final String PLAYER_CSRF = "test-player-csrf";

  private static final Map<String, JsonObject> BY_ACCESS_TOKEN = Map.of(
      ADMIN_TOKEN, principal("00000000-0000-0000-0000-00000000000a", "player", "admin").put("via", "token"),
      PLAYER_TOKEN, principal("00000000-0000-0000-0000-00000000000b", "player").put("via", "token"));
  private static final Map<String, JsonObject> BY_SESSION = Map.of(
      PLAYER_SESSION, principal("00000000-0000-0000-0000-00000000000b", "player").put("via", "session")
          .put("csrf", PLAYER_CSRF));

  private FakeIdentity() {
  }

  static void start(Vertx vertx) {
    TestStack.await(vertx.eventBus().<JsonObject>consumer(IdentityAddresses.PING,
        msg -> msg.reply(new JsonObject().put("ok", true))).completion());
    // the checkout's readiness ping (its API is tested end to end in the launcher module)
    TestStack.await(vertx.eventBus().<JsonObject>consumer(kstore.contracts.checkout.CheckoutAddresses.PING,
        msg -> msg.reply(new JsonObject().put("ok", true))).completion());
    TestStack.await(vertx.eventBus().<JsonObject>consumer(IdentityAddresses.AUTHENTICATE, msg -> {
      JsonObject body = msg.body();
      JsonObject p = body.containsKey("accessToken") ? BY_ACCESS_TOKEN.get(body.getString("accessToken"))
          : BY_SESSION.get(body.getString("sessionToken"));
      if (p == null) {
        msg.fail(ErrorCode.UNAUTHENTICATED.failureCode(), "The access token is not valid or has expired");
      } else {
        msg.reply(p.copy());
      }
    }).completion());
  }

  private static JsonObject principal(String id, String... roles) {
    return new JsonObject().put("userId", id).put("displayName", "Test").put("roles", new JsonArray(java.util.List.of(roles)))
        .put("residenceCountry", "US").put("lang", "en");
  }
}

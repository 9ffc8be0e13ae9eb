package kstore.edge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import kstore.contracts.ErrorCode;
import kstore.contracts.EventEnvelope;
import kstore.contracts.Headers;
import kstore.contracts.identity.IdentityAddresses;

/**
 * Stands in for the identity service's {@code identity.authenticate}, {@code identity.logout},
 * {@code identity.me.update} and {@code identity.ping} in the edge's own tests (the real service and the whole sign-in flow are tested end to end
 * in the launcher module, its announcements in the identity module): a few fixed credentials and their principals,
 * tokens issued by a test, everything else UNAUTHENTICATED. Like the real service, a token's principal carries
 * {@code expiresAt}, and a change of an account is published on {@code identity.events.principal-changed} before
 * the request that made it is answered. It counts the credentials it was asked about.
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
  /** Tokens a test issued, with their current principal. */
  private static final Map<String, JsonObject> ISSUED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> ASKED = new ConcurrentHashMap<>();

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
      String credential = body.containsKey("accessToken") ? body.getString("accessToken")
          : body.getString("sessionToken");
      ASKED.computeIfAbsent(String.valueOf(credential), c -> new AtomicInteger()).incrementAndGet();
      JsonObject p = body.containsKey("accessToken") ? token(body.getString("accessToken"))
          : BY_SESSION.get(body.getString("sessionToken"));
      if (p == null) {
        msg.fail(ErrorCode.UNAUTHENTICATED.failureCode(), "The access token is not valid or has expired");
      } else {
        msg.reply(p.copy());
      }
    }).completion());
    // sign-out everywhere ends the actor's issued tokens; other sign-outs have nothing to end here
    TestStack.await(vertx.eventBus().<JsonObject>consumer(IdentityAddresses.LOGOUT, msg -> {
      String actor = msg.headers().get(Headers.ACTOR);
      if (Boolean.TRUE.equals(msg.body().getValue("everywhere")) && actor != null) {
        ISSUED.values().removeIf(p -> actor.equals(p.getString("userId")));
        announce(vertx, actor);
      }
      msg.reply(new JsonObject().put("signedOut", true));
    }).completion());
    // a profile change applies to the actor's issued tokens; the answer is the principal, not a whole Me
    TestStack.await(vertx.eventBus().<JsonObject>consumer(IdentityAddresses.UPDATE_ME, msg -> {
      String actor = msg.headers().get(Headers.ACTOR);
      JsonObject update = msg.body();
      ISSUED.replaceAll((token, p) -> !p.getString("userId").equals(actor) ? p : p.copy()
          .put("residenceCountry", update.getString("residenceCountry", p.getString("residenceCountry")))
          .put("lang", update.getString("lang", p.getString("lang")))
          .put("displayName", update.getString("displayName", p.getString("displayName"))));
      announce(vertx, actor);
      msg.reply(ISSUED.values().stream().filter(p -> p.getString("userId").equals(actor)).findFirst()
          .map(JsonObject::copy).orElse(new JsonObject()));
    }).completion());
  }

  private static JsonObject token(String token) {
    JsonObject fixed = BY_ACCESS_TOKEN.get(token);
    if (fixed != null) {
      return fixed.copy().put("expiresAt", Instant.now().plus(Duration.ofMinutes(15)).toString());
    }
    return ISSUED.get(token);
  }

  /** A fresh access token of a new user, valid for 15 minutes. */
  static String issue(String residenceCountry, String... roles) {
    return issueFor(UUID.randomUUID().toString(), residenceCountry, Instant.now().plus(Duration.ofMinutes(15)), roles);
  }

  /** A fresh access token of {@code userId} (null: no {@code expiresAt} in its principal). */
  static String issueFor(String userId, String residenceCountry, Instant expiresAt, String... roles) {
    String token = "issued-" + UUID.randomUUID();
    JsonObject p = principal(userId, roles).put("residenceCountry", residenceCountry).put("via", "token");
    if (expiresAt != null) {
      p.put("expiresAt", expiresAt.toString());
    }
    ISSUED.put(token, p);
    return token;
  }

  /** The user id of an issued token. */
  static String userOf(String token) {
    return ISSUED.get(token).getString("userId");
  }

  /**
   * Changes the principal of every token of a user, then announces it, as identity does after a change no request
   * of the edge asked for (the first admin's roles, set when an identity instance starts).
   */
  static void change(Vertx vertx, String userId, UnaryOperator<JsonObject> change) {
    ISSUED.replaceAll((token, p) -> userId.equals(p.getString("userId")) ? change.apply(p.copy()) : p);
    announce(vertx, userId);
  }

  /** How many times identity.authenticate was asked about this credential. */
  static int authentications(String credential) {
    AtomicInteger n = ASKED.get(credential);
    return n == null ? 0 : n.get();
  }

  private static void announce(Vertx vertx, String userId) {
    vertx.eventBus().publish(IdentityAddresses.EVENTS_PRINCIPAL_CHANGED, EventEnvelope.of(
        IdentityAddresses.PRINCIPAL_CHANGED_TYPE, 1, new JsonObject().put("userId", userId)));
  }

  private static JsonObject principal(String id, String... roles) {
    return new JsonObject().put("userId", id).put("displayName", "Test").put("roles", new JsonArray(java.util.List.of(roles)))
        .put("residenceCountry", "US").put("lang", "en");
  }
}

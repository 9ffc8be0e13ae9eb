package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.platform.Bus;

/**
 * Downloads (S1.15): only an owner, only after release, only from a country where the game may be used gets a
 * link; it is signed (HMAC-SHA256 over user, game and expiry) and expires after ten minutes. The edge asks
 * {@link #verify} before it serves a byte. Everyone else gets 403 with the reason.
 */
public final class Downloads {
  static final Duration TTL = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final OrderService orders;
  private final Clock clock;
  private final byte[] key;

  public Downloads(Vertx vertx, OrderService orders, Clock clock, byte[] secret) {
    this.vertx = vertx;
    this.orders = orders;
    this.clock = clock;
    this.key = hmac(secret, "downloads".getBytes(StandardCharsets.UTF_8));
  }

  public Future<JsonObject> link(JsonObject body, Quotes.Buyer buyer) {
    long gameId = body.getLong("gameId", 0L);
    if (gameId <= 0) {
      throw ServiceError.of(ErrorCode.VALIDATION, "gameId must be a game id");
    }
    UUID userId = UUID.fromString(buyer.userId());
    return orders.pool().preparedQuery("SELECT status, release_at FROM checkout.entitlements WHERE user_id = $1 "
            + "AND game_id = $2 AND status <> 'revoked'").execute(Tuple.of(userId, gameId))
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN, "You do not own this game"));
          }
          if (!"owned".equals(rows.iterator().next().getString("status"))) {
            return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN, "Downloads open at the release on "
                + rows.iterator().next().getOffsetDateTime("release_at").toInstant()));
          }
          String where = buyer.requestCountry() == null ? buyer.residence() : buyer.requestCountry();
          return Bus.request(vertx, CatalogAddresses.GET, new JsonObject().put("idOrSlug", String.valueOf(gameId))
                  .put("country", where).put("lang", buyer.lang()), Bus.options(buyer.requestId(), 5_000))
              .compose(game -> {
                JsonObject availability = game.getJsonObject("availability", new JsonObject());
                String reason = availability.getString("reason");
                if ("BLOCKED_IN_COUNTRY".equals(reason) || "NOT_IN_SERVICE_COUNTRIES".equals(reason)) {
                  return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN, "This game may not be used in "
                      + where + ": " + availability.getString("message", reason)));
                }
                long exp = clock.instant().plus(TTL).getEpochSecond();
                String file = "kstore-demo-" + gameId + ".bin";
                String sig = sign(buyer.userId(), gameId, exp);
                return Future.succeededFuture(new JsonObject()
                    .put("url", "/downloads/" + gameId + "/" + file + "?u=" + buyer.userId() + "&exp=" + exp + "&sig=" + sig)
                    .put("file", file)
                    .put("expiresAt", Instant.ofEpochSecond(exp).toString()));
              });
        });
  }

  /** {gameId, u, exp, sig} → {file} when the link is ours and still valid, else FORBIDDEN. */
  public Future<JsonObject> verify(JsonObject body) {
    long gameId = body.getLong("gameId", 0L);
    String user = body.getString("u");
    long exp = body.getLong("exp", 0L);
    String sig = body.getString("sig", "");
    if (user == null || exp < clock.instant().getEpochSecond()) {
      return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN, "This download link has expired; ask for a new one "
          + "in your library"));
    }
    if (!MessageDigest.isEqual(sign(user, gameId, exp).getBytes(StandardCharsets.UTF_8),
        sig.getBytes(StandardCharsets.UTF_8))) {
      return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN, "This download link is not valid"));
    }
    return Future.succeededFuture(new JsonObject().put("file", "kstore-demo-" + gameId + ".bin"));
  }

  private String sign(String user, long gameId, long exp) {
    return HexFormat.of().formatHex(hmac(key, (user + "|" + gameId + "|" + exp).getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}

package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library (S1.11, S1.13, S1.15) and refunds (S1.12–S1.14): what a buyer holds, whether each order can still be
 * refunded, and the refund itself — provider refund, spent points returned, earned points taken back, the game
 * gone from the library, one event — exactly once however many requests arrive (one refund row per order).
 * Release day is {@link ReleaseSchedule}'s.
 */
public final class LibraryService {
  private static final Logger LOG = LoggerFactory.getLogger(LibraryService.class);

  private final OrderService orders;

  public LibraryService(OrderService orders) {
    this.orders = orders;
  }

  public Future<JsonObject> library(String actor) {
    UUID userId = OrderService.uuid(actor, "actor");
    Instant now = orders.clock().instant();
    return orders.pool().preparedQuery("SELECT e.game_id, e.status, e.release_at, e.granted_at, e.owned_at, "
            + "e.played_minutes, o.id AS order_id, o.kind, o.paid_at, o.total, o.currency, o.digits, oi.title "
            + "FROM checkout.entitlements e JOIN checkout.orders o ON o.id = e.order_id "
            + "JOIN checkout.order_items oi ON oi.order_id = e.order_id AND oi.game_id = e.game_id "
            + "WHERE e.user_id = $1 AND e.status <> 'revoked' ORDER BY e.granted_at DESC")
        .execute(Tuple.of(userId)).map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            Refundability refund = refundability(r.getString("status"), r.getOffsetDateTime("release_at").toInstant(),
                r.getOffsetDateTime("paid_at").toInstant(), r.getInteger("played_minutes"), now);
            JsonObject item = new JsonObject()
                .put("gameId", r.getLong("game_id"))
                .put("title", r.getString("title"))
                .put("status", r.getString("status"))
                .put("releaseAt", r.getOffsetDateTime("release_at").toInstant().toString())
                .put("orderId", r.getUUID("order_id").toString())
                .put("paid", new JsonObject().put("amount", r.getLong("total")).put("currency", r.getString("currency"))
                    .put("digits", r.getInteger("digits")))
                .put("downloadable", "owned".equals(r.getString("status")))
                .put("refund", new JsonObject().put("allowed", refund.allowed()).put("reason", refund.reason()));
            items.add(item);
          }
          return new JsonObject().put("items", items);
        });
  }

  /** Whether an entitlement's order may be refunded now, and why not. */
  record Refundability(boolean allowed, String reason) {
  }

  Refundability refundability(String status, Instant releaseAt, Instant paidAt, int playedMinutes, Instant now) {
    if ("pre-ordered".equals(status) && releaseAt.isAfter(now)) {
      return new Refundability(true, "A pre-order can be refunded any time before release");
    }
    int days = orders.config().refundDays();
    int minutes = orders.config().refundMaxMinutes();
    Instant start = paidAt.isAfter(releaseAt) ? paidAt : releaseAt;
    if (start.plus(Duration.ofDays(days)).isBefore(now)) {
      return new Refundability(false, "Refunds are possible within " + days + " days of purchase or release");
    }
    if (playedMinutes >= minutes) {
      return new Refundability(false, "Refunds are possible with less than " + (minutes / 60) + " hours played");
    }
    return new Refundability(true, "Refundable within " + days + " days and under " + (minutes / 60)
        + " hours played");
  }

  /**
   * Refunds an order (S1.12): allowed by the policy, one refund per order (a twin request gets the same answer
   * or CONFLICT while the first is under way), the provider refund with the refund id as idempotency key, then
   * the library, points and event in one transaction.
   */
  public Future<JsonObject> refund(JsonObject body, String actor) {
    UUID orderId = OrderService.uuid(body.getString("orderId"), "orderId");
    UUID refundId = UUID.randomUUID();
    Instant now = orders.clock().instant();
    return orders.row(orderId, actor).compose(order -> {
      if ("refunded".equals(order.getString("status"))) {
        return orders.view(order);
      }
      if (!"paid".equals(order.getString("status"))) {
        return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "Only a paid order can be refunded; this one is "
            + order.getString("status")));
      }
      return orders.pool().withTransaction(tx -> tx.preparedQuery("SELECT e.status, e.release_at, e.played_minutes "
                  + "FROM checkout.entitlements e WHERE e.order_id = $1").execute(Tuple.of(orderId))
              .compose(ents -> {
                for (Row e : ents) {
                  Refundability r = refundability(e.getString("status"), e.getOffsetDateTime("release_at").toInstant(),
                      order.getOffsetDateTime("paid_at").toInstant(), e.getInteger("played_minutes"), now);
                  if (!r.allowed()) {
                    return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, r.reason()));
                  }
                }
                return tx.preparedQuery("INSERT INTO checkout.refunds (id, order_id, amount, status) VALUES ($1, $2, $3, "
                        + "'pending') ON CONFLICT (order_id) DO UPDATE SET status = 'pending' WHERE "
                        + "checkout.refunds.status = 'failed' RETURNING id")
                    .execute(Tuple.of(refundId, orderId, order.getLong("total")));
              }))
          .compose(claimed -> {
            if (claimed.rowCount() == 0) {
              return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "A refund of this order is already under way"));
            }
            UUID id = claimed.iterator().next().getUUID("id");
            Future<String> providerRefund = order.getLong("total") == 0 || order.getString("provider_ref") == null
                ? Future.succeededFuture(null)
                : orders.payments().refund(order.getString("method"), order.getString("provider_ref"),
                    order.getLong("total"), order.getString("currency"), id.toString());
            return providerRefund
                .recover(e -> orders.pool().preparedQuery("UPDATE checkout.refunds SET status = 'failed', reason = $2 "
                        + "WHERE id = $1").execute(Tuple.of(id, String.valueOf(e.getMessage())))
                    .compose(v -> Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE,
                        "The payment provider did not confirm the refund; try again in a moment"))))
                .compose(ref -> complete(order, id, ref))
                .compose(v -> orders.get(orderId));
          });
    });
  }

  private Future<Void> complete(Row order, UUID refundId, String providerRef) {
    UUID orderId = order.getUUID("id");
    UUID userId = order.getUUID("user_id");
    OffsetDateTime at = OffsetDateTime.ofInstant(orders.clock().instant(), ZoneOffset.UTC);
    return orders.pool().withTransaction(tx -> tx.preparedQuery("UPDATE checkout.orders SET status = 'refunded', "
                + "refunded_at = $2 WHERE id = $1 AND status = 'paid' RETURNING " + OrderService.COLUMNS)
            .execute(Tuple.of(orderId, at))
            .compose(rows -> {
              if (rows.rowCount() == 0) {
                return Future.succeededFuture();
              }
              Row o = rows.iterator().next();
              return tx.preparedQuery("UPDATE checkout.refunds SET status = 'succeeded', provider_ref = $2, done_at = $3 "
                      + "WHERE id = $1").execute(Tuple.of(refundId, providerRef, at))
                  .compose(v -> tx.preparedQuery("UPDATE checkout.entitlements SET status = 'revoked', revoked_at = $2 "
                      + "WHERE order_id = $1 AND status <> 'revoked'").execute(Tuple.of(orderId, at)))
                  .compose(v -> PointsLedger.lock(tx, userId))
                  .compose(v -> PointsLedger.append(tx, userId, o.getLong("points_spent"), "spend-returned", orderId,
                      "refund"))
                  .compose(v -> PointsLedger.append(tx, userId, -o.getLong("points_earned"), "earn-taken-back",
                      orderId, "refund"))
                  .compose(v -> OrderService.items(tx, orderId))
                  .compose(items -> orders.event(tx, "checkout.order-refunded", o, items, new JsonObject()
                      .put("refunded", new JsonObject().put("amount", o.getLong("total"))
                          .put("currency", o.getString("currency")).put("digits", o.getInteger("digits")))
                      .put("pointsReturned", o.getLong("points_spent"))
                      .put("pointsTakenBack", o.getLong("points_earned"))));
            }))
        .onSuccess(v -> LOG.info("order {} refunded", orderId)).mapEmpty();
  }
}

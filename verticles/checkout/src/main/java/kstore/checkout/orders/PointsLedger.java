package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import kstore.contracts.EventEnvelope;
import kstore.contracts.checkout.CheckoutAddresses;

/**
 * Points as an append-only ledger: every point earned, spent, returned or taken back is one row, and a balance is
 * the sum of a user's rows, nothing else. Spending happens under a per-user transaction lock after checking the
 * balance (with the order itself: {@code OrderService.PLACE}), so points can never be spent twice; each order moves
 * each kind of points at most once (unique key).
 * A refund takes earned points back even when they were already spent: the balance may then go below zero, which
 * blocks spending until new points are earned (documented in the checkout README).
 */
public final class PointsLedger {
  /** The activity event of one ledger row: {userId, delta, kind, orderId, note}. */
  public static final String POINTS_MOVED = "checkout.points-moved";
  private final Pool pool;

  public PointsLedger(Pool pool) {
    this.pool = pool;
  }

  /** Serializes point moves of one user for the rest of the transaction. */
  public static Future<Void> lock(SqlClient tx, UUID userId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
        .execute(Tuple.of("points:" + userId)).mapEmpty();
  }

  public static Future<Long> balance(SqlClient client, UUID userId) {
    return client.preparedQuery("SELECT coalesce(sum(delta), 0) AS balance FROM checkout.points_ledger WHERE user_id = $1")
        .execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getLong("balance"));
  }

  /** The activity event of one ledger row ({@link #POINTS_MOVED}); the order's spend is written with the order. */
  static JsonObject movedEvent(UUID userId, long delta, String kind, UUID orderId, String note) {
    return EventEnvelope.of(POINTS_MOVED, 1, new JsonObject().put("userId", userId.toString())
        .put("delta", delta).put("kind", kind).put("orderId", orderId == null ? null : orderId.toString())
        .put("note", note));
  }

  /**
   * Appends one row and its activity event ({@code checkout.points-moved} in the outbox, R13), in one statement;
   * the (order, kind) key makes a repeated move a no-op, and then no event is written either.
   */
  public static Future<Void> append(SqlClient tx, UUID userId, long delta, String kind, UUID orderId, String note) {
    if (delta == 0) {
      return Future.succeededFuture();
    }
    JsonObject event = movedEvent(userId, delta, kind, orderId, note);
    return tx.preparedQuery("WITH l AS (INSERT INTO checkout.points_ledger (user_id, delta, kind, order_id, note) "
            + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, kind) DO NOTHING RETURNING id) "
            + "INSERT INTO checkout.outbox (id, topic, key, payload) SELECT $6, $7, $8, $9 FROM l")
        .execute(Tuple.of(userId, delta, kind, orderId, note, UUID.fromString(event.getString("id")))
            .addString(CheckoutAddresses.TOPIC).addString(userId.toString()).addValue(event))
        .mapEmpty();
  }

  /** The balance and the newest rows of the ledger (what the buyer sees; the sum of all rows is the balance). */
  public Future<JsonObject> statement(UUID userId, int limit) {
    return balance(pool, userId).compose(balance -> pool.preparedQuery("SELECT id, delta, kind, order_id, note, "
            + "created_at FROM checkout.points_ledger WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
        .execute(Tuple.of(userId, limit)).map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            items.add(new JsonObject().put("id", r.getLong("id")).put("delta", r.getLong("delta"))
                .put("kind", r.getString("kind"))
                .put("orderId", r.getUUID("order_id") == null ? null : r.getUUID("order_id").toString())
                .put("note", r.getString("note"))
                .put("at", r.getOffsetDateTime("created_at").toInstant().toString()));
          }
          return new JsonObject().put("balance", balance).put("items", items);
        }));
  }
}

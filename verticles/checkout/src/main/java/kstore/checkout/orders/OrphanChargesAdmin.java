package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What admins see and do about charges that pay for nothing ({@link OrphanCharges}): a page of them by status (the
 * ones whose refund stopped, {@code needs_attention}, first of all), and another try of one such refund. Both need the
 * admin role in {@code x-actor-roles}, whoever forwarded the request.
 */
public final class OrphanChargesAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanChargesAdmin.class);
  /** Statuses an orphan charge can be in (the {@code status} filter of the list). */
  public static final Set<String> STATUSES = Set.of("needs_attention", "refunding", "refunded", "manual");
  static final int DEFAULT_SIZE = 50;
  static final int MAX_SIZE = 100;
  private static final String COLUMNS = "c.id, c.order_id, o.user_id, c.method, c.charge_ref, c.amount, c.currency, "
      + "c.digits, c.order_status, c.reason, c.status, c.refund_ref, c.detected_at, c.refunded_at, c.attention_at, "
      + "c.retried_at, c.last_error, j.attempts, j.run_at, j.done_at, j.last_error AS job_error";
  private static final String FROM = " FROM checkout.orphan_charges c JOIN checkout.orders o ON o.id = c.order_id "
      + "LEFT JOIN checkout.jobs j ON j.kind = '" + OrphanCharges.JOB + "' AND j.key = c.id::text ";

  private final OrderService orders;

  public OrphanChargesAdmin(OrderService orders) {
    this.orders = orders;
  }

  /** Who acts, after checking the actor holds the admin role. */
  static String authorize(MultiMap headers) {
    String actor = headers == null ? null : headers.get(Headers.ACTOR);
    if (actor == null || actor.isBlank() || "anonymous".equals(actor)) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "Sign in first");
    }
    String roles = headers.get(Headers.ACTOR_ROLES);
    boolean admin = roles != null && Arrays.stream(roles.split(","))
        .anyMatch(r -> r.strip().toLowerCase(Locale.ROOT).equals("admin"));
    if (!admin) {
      throw ServiceError.of(ErrorCode.FORBIDDEN, "Orphan charges are for admins only");
    }
    return actor.strip();
  }

  /**
   * {@code {status?, page?, size?}} → {@code {status, page, size, total, items: [OrphanCharge]}}, newest first;
   * {@code status} defaults to {@code needs_attention}.
   */
  public Future<JsonObject> list(JsonObject body, MultiMap headers) {
    authorize(headers);
    String status = body.getString("status", "needs_attention");
    if (!STATUSES.contains(status)) {
      throw ServiceError.of(ErrorCode.VALIDATION, "status must be one of " + STATUSES);
    }
    int page = body.getInteger("page", 1);
    int size = body.getInteger("size", DEFAULT_SIZE);
    if (page < 1 || page > 10_000 || size < 1 || size > MAX_SIZE) {
      throw ServiceError.of(ErrorCode.VALIDATION, "page must be 1..10000 and size 1.." + MAX_SIZE);
    }
    return orders.pool().preparedQuery("SELECT count(*) FROM checkout.orphan_charges WHERE status = $1")
        .execute(Tuple.of(status))
        .compose(count -> orders.pool().preparedQuery("SELECT " + COLUMNS + FROM + "WHERE c.status = $1 "
                + "ORDER BY c.detected_at DESC, c.id LIMIT $2 OFFSET $3")
            .execute(Tuple.of(status, size, (page - 1) * size))
            .map(rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(view(r)));
              return new JsonObject().put("status", status).put("page", page).put("size", size)
                  .put("total", count.iterator().next().getLong(0)).put("items", items);
            }));
  }

  /**
   * {@code {id}}: tries the refund of a {@code needs_attention} charge again — it is {@code refunding} and its job runs
   * now with a fresh count of attempts (the provider's idempotency key is the same, so a refund that did go through
   * is answered, not repeated). Idempotent: a charge already refunding or refunded is answered as it is. A charge
   * paid back by bank transfer ({@code manual}) is a CONFLICT; an unknown one NOT_FOUND.
   */
  public Future<JsonObject> retry(JsonObject body, MultiMap headers) {
    String actor = authorize(headers);
    UUID id;
    try {
      id = UUID.fromString(String.valueOf(body.getString("id")));
    } catch (IllegalArgumentException e) {
      throw ServiceError.of(ErrorCode.VALIDATION, "id must be an orphan charge id (a UUID)");
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(orders.clock().instant(), ZoneOffset.UTC);
    return orders.pool().withTransaction(tx -> tx.preparedQuery("UPDATE checkout.orphan_charges SET "
                + "status = 'refunding', retried_at = $2 WHERE id = $1 AND status = 'needs_attention' RETURNING id")
            .execute(Tuple.of(id, now))
            .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(false)
                : tx.preparedQuery("INSERT INTO checkout.jobs (kind, key, run_at) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (kind, key) DO UPDATE SET run_at = EXCLUDED.run_at, attempts = 0, "
                        + "last_error = NULL, done_at = NULL")
                    .execute(Tuple.of(OrphanCharges.JOB, id.toString(), now)).map(true)))
        .compose(retried -> {
          if (retried) {
            LOG.info("orphan charge {}: {} asked for its refund to be tried again", id, actor);
          }
          return orders.pool().preparedQuery("SELECT " + COLUMNS + FROM + "WHERE c.id = $1").execute(Tuple.of(id));
        })
        .map(rows -> {
          if (rows.rowCount() == 0) {
            throw ServiceError.of(ErrorCode.NOT_FOUND, "No orphan charge " + id);
          }
          Row r = rows.iterator().next();
          if ("manual".equals(r.getString("status"))) {
            throw ServiceError.of(ErrorCode.CONFLICT, "Orphan charge " + id + " is paid back by bank transfer (manual): "
                + "there is no provider refund to try again");
          }
          return view(r);
        });
  }

  /** OrphanCharge: the record, its money, and how its refund job stands. */
  static JsonObject view(Row r) {
    JsonObject json = new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("orderId", r.getUUID("order_id").toString())
        .put("userId", r.getUUID("user_id").toString())
        .put("method", r.getString("method"))
        .put("chargeRef", r.getString("charge_ref"))
        .put("amount", new JsonObject().put("amount", r.getLong("amount")).put("currency", r.getString("currency"))
            .put("digits", r.getInteger("digits")))
        .put("reason", r.getString("reason"))
        .put("orderStatus", r.getString("order_status"))
        .put("status", r.getString("status"))
        .put("detectedAt", r.getOffsetDateTime("detected_at").toInstant().toString())
        .put("attempts", r.getInteger("attempts") == null ? 0 : r.getInteger("attempts"));
    String error = r.getString("job_error") != null && "refunding".equals(r.getString("status"))
        ? r.getString("job_error") : r.getString("last_error");
    putIf(json, "lastError", error);
    if ("refunding".equals(r.getString("status")) && r.getOffsetDateTime("done_at") == null
        && r.getOffsetDateTime("run_at") != null) {
      json.put("nextAttemptAt", r.getOffsetDateTime("run_at").toInstant().toString());
    }
    putIf(json, "attentionAt", r.getOffsetDateTime("attention_at"));
    putIf(json, "retriedAt", r.getOffsetDateTime("retried_at"));
    putIf(json, "refundRef", r.getString("refund_ref"));
    putIf(json, "refundedAt", r.getOffsetDateTime("refunded_at"));
    return json;
  }

  private static void putIf(JsonObject json, String key, Object value) {
    if (value instanceof OffsetDateTime t) {
      json.put(key, t.toInstant().toString());
    } else if (value != null) {
      json.put(key, value);
    }
  }
}

package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import kstore.checkout.CheckoutConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges that pay for nothing (issue #4: never charged without an entitlement). The provider may report a success
 * for an order we failed already (it expired, the buyer cancelled, a timeout was taken for a failure), or a second
 * charge for an order another charge paid. Such a charge is recorded once per (order, charge) in
 * {@code checkout.orphan_charges}, with a {@code refund-orphan} job and the {@code checkout.charge-reversed} event, in
 * the transaction that heard of it; the job then refunds it through the provider with an idempotency key made of the
 * order id and the charge, so a retried webhook, a second node or a crash between the refund and our commit never
 * refunds twice. The order keeps its status: a failed order stays failed, with no entitlement.
 *
 * <p>A refund that fails is retried with exponential back-off ({@code checkout.orphanRefunds}); after the last
 * allowed attempt, or at once when the provider refuses it for good, the charge {@code needs_attention}: logged at
 * ERROR and announced ({@code checkout.orphan-refund-stuck}) once, listed for admins ({@link OrphanChargesAdmin}), who
 * may retry it. A provider saying the charge is refunded already ends it as refunded.
 */
public final class OrphanCharges {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanCharges.class);
  /** The {@code checkout.jobs} kind; the job key is the orphan charge's id. */
  public static final String JOB = "refund-orphan";
  /** The activity event written with the record (the refund itself follows from the job). */
  public static final String EVENT = "checkout.charge-reversed";
  /** The activity event written once when a charge's refund stops being retried and needs a person. */
  public static final String STUCK_EVENT = "checkout.orphan-refund-stuck";

  private final OrderService orders;
  private final CheckoutConfig.OrphanRefunds policy;

  public OrphanCharges(OrderService orders, CheckoutConfig.OrphanRefunds policy) {
    this.orders = orders;
    this.policy = policy;
  }

  /**
   * A success arrived that did not settle the order (it was not pending): records the charge when it pays for
   * nothing. In the caller's transaction; a charge already recorded is left alone.
   */
  static Future<Void> detect(OrderService orders, SqlClient tx, UUID orderId, String chargeRef) {
    return tx.preparedQuery("SELECT " + OrderService.COLUMNS + " FROM checkout.orders WHERE id = $1")
        .execute(Tuple.of(orderId)).compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.succeededFuture();
          }
          Row order = rows.iterator().next();
          String status = order.getString("status");
          String recorded = order.getString("provider_ref");
          String reason = reason(status, recorded, chargeRef);
          if (reason == null) {
            return Future.succeededFuture();
          }
          String charge = chargeRef != null ? chargeRef : recorded;
          if (charge == null) {
            LOG.error("order {} is {} and its provider reports a success without a payment reference: it cannot be "
                + "refunded automatically; look it up at the provider", orderId, status);
            return Future.succeededFuture();
          }
          return record(orders, tx, order, charge, reason);
        });
  }

  /**
   * Why a reported success pays for nothing, or null when it pays for the order: the order failed (or was
   * cancelled or expired) — whatever the charge — or it is paid or refunded by another charge than this one.
   */
  public static String reason(String orderStatus, String recordedRef, String chargeRef) {
    return switch (orderStatus) {
      case "pending", "requires_action" -> null;
      case "paid", "refunded" -> chargeRef != null && recordedRef != null && !chargeRef.equals(recordedRef)
          ? "second-charge" : null;
      default -> "order-failed";
    };
  }

  private static Future<Void> record(OrderService orders, SqlClient tx, Row order, String charge, String reason) {
    UUID orderId = order.getUUID("id");
    UUID id = UUID.randomUUID();
    return tx.preparedQuery("INSERT INTO checkout.orphan_charges (id, order_id, method, charge_ref, amount, currency, "
            + "digits, order_status, reason, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'refunding') "
            + "ON CONFLICT (order_id, charge_ref) DO NOTHING RETURNING id")
        .execute(Tuple.tuple().addUUID(id).addUUID(orderId).addString(order.getString("method")).addString(charge)
            .addLong(order.getLong("total")).addString(order.getString("currency"))
            .addInteger(order.getInteger("digits")).addString(order.getString("status")).addString(reason))
        .compose(inserted -> {
          if (inserted.rowCount() == 0) {
            return Future.succeededFuture();   // heard of before: its job refunds it (or did)
          }
          LOG.warn("order {} is {} but the provider charged {} ({} {}, {}): refunding it", orderId,
              order.getString("status"), charge, order.getLong("total"), order.getString("currency"), reason);
          return tx.preparedQuery("INSERT INTO checkout.jobs (kind, key, run_at) VALUES ($1, $2, $3)")
              .execute(Tuple.of(JOB, id.toString(), OffsetDateTime.ofInstant(orders.clock().instant(),
                  ZoneOffset.UTC)))
              .compose(v -> OrderService.items(tx, orderId))
              .compose(items -> orders.event(tx, EVENT, order, items, new JsonObject()
                  .put("chargeId", id.toString())
                  .put("method", order.getString("method"))
                  .put("chargeRef", charge)
                  .put("reason", reason)
                  .put("orderStatus", order.getString("status"))
                  .put("reversed", new JsonObject().put("amount", order.getLong("total"))
                      .put("currency", order.getString("currency")).put("digits", order.getInteger("digits")))));
        });
  }

  /** The provider's idempotency key of the refund of one charge of one order. */
  static String refundKey(UUID orderId, String chargeRef) {
    return "reverse-" + orderId + "-" + chargeRef;
  }

  /**
   * The {@code refund-orphan} job: refunds the charge through its provider (or hands it to staff for methods refunded
   * by bank transfer) and records the outcome. A provider that refuses or does not answer fails the attempt (see
   * {@link #afterFailure}), and the job runs again with the same idempotency key; a provider saying the charge is
   * refunded already ends it as refunded, with that answer as {@code last_error} and no refund reference.
   */
  public Future<Void> refund(UUID id) {
    return orders.pool().preparedQuery("SELECT order_id, method, charge_ref, amount, currency, status "
            + "FROM checkout.orphan_charges WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.rowCount() == 0 || !"refunding".equals(rows.iterator().next().getString("status"))) {
            return Future.succeededFuture();
          }
          Row c = rows.iterator().next();
          UUID orderId = c.getUUID("order_id");
          String method = c.getString("method");
          String charge = c.getString("charge_ref");
          if (!orders.payments().refundsThroughProvider(method)) {
            LOG.warn("orphan charge {} of order {} ({}) is paid back by bank transfer: left to staff", charge, orderId,
                method);
            return finish(id, "manual", null, null);
          }
          return orders.payments().refund(method, charge, c.getLong("amount"), c.getString("currency"),
                  refundKey(orderId, charge))
              .compose(ref -> {
                LOG.info("orphan charge {} of order {} refunded ({})", charge, orderId, ref);
                return finish(id, "refunded", ref, null);
              }, e -> {
                if (e instanceof PaymentGateway.RefundRefused refused && refused.alreadyRefunded()) {
                  LOG.warn("orphan charge {} of order {} was refunded already, not by this job ({}): done", charge,
                      orderId, refused.getMessage());
                  return finish(id, "refunded", null, "refunded already: " + refused.getMessage());
                }
                return Future.failedFuture(e);
              });
        });
  }

  /** Ends a refunding charge: refunded (with the provider's refund, when ours) or manual; {@code note} why, or null. */
  private Future<Void> finish(UUID id, String status, String refundRef, String note) {
    return orders.pool().preparedQuery("UPDATE checkout.orphan_charges SET status = $2, refund_ref = $3, "
            + "refunded_at = $4, last_error = coalesce($5, last_error) WHERE id = $1 AND status = 'refunding'")
        .execute(Tuple.of(id, status, refundRef, OffsetDateTime.ofInstant(orders.clock().instant(), ZoneOffset.UTC),
            note))
        .mapEmpty();
  }

  /**
   * After the {@code attempts}-th attempt to refund charge {@code id} failed with {@code failure}: when to try again,
   * or null when the job stops — the provider refused for good ({@link PaymentGateway.RefundRefused}) or that was the
   * last attempt the policy allows. Stopping marks the charge {@code needs_attention} with the error and writes the
   * {@link #STUCK_EVENT} in one transaction, and logs at ERROR; a charge that is not {@code refunding} any more
   * (another node finished it) is left as it is.
   */
  public Future<Instant> afterFailure(UUID id, int attempts, Throwable failure) {
    String error = failure instanceof PaymentGateway.RefundRefused refused && refused.code() != null
        ? refused.code() + ": " + refused.getMessage() : String.valueOf(failure.getMessage());
    boolean permanent = failure instanceof PaymentGateway.RefundRefused;
    if (!permanent && attempts < policy.maxAttempts()) {
      Instant next = orders.clock().instant().plus(policy.retryAfter(attempts));
      LOG.warn("refund of orphan charge {} failed (attempt {} of {}), next at {}: {}", id, attempts,
          policy.maxAttempts(), next, error);
      return Future.succeededFuture(next);
    }
    Instant now = orders.clock().instant();
    return orders.pool().withTransaction(tx -> tx.preparedQuery("UPDATE checkout.orphan_charges SET "
                + "status = 'needs_attention', last_error = $2, attention_at = $3 WHERE id = $1 AND status = 'refunding' "
                + "RETURNING order_id, method, charge_ref, reason")
            .execute(Tuple.of(id, error, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
            .compose(rows -> {
              if (rows.rowCount() == 0) {
                return Future.succeededFuture((Row) null);
              }
              Row c = rows.iterator().next();
              UUID orderId = c.getUUID("order_id");
              return tx.preparedQuery("SELECT " + OrderService.COLUMNS + " FROM checkout.orders WHERE id = $1")
                  .execute(Tuple.of(orderId))
                  .compose(order -> OrderService.items(tx, orderId).compose(items -> orders.event(tx, STUCK_EVENT,
                      order.iterator().next(), items, new JsonObject()
                          .put("chargeId", id.toString())
                          .put("method", c.getString("method"))
                          .put("chargeRef", c.getString("charge_ref"))
                          .put("reason", c.getString("reason"))
                          .put("attempts", attempts)
                          .put("permanent", permanent)
                          .put("lastError", error))))
                  .map(c);
            }))
        .map(stuck -> {
          if (stuck != null) {
            LOG.error("refund of orphan charge {} (order {}, {} {}) STOPPED after {} attempt(s){}: {} — it needs "
                    + "attention: GET /api/v1/admin/orphan-charges?status=needs_attention, then retry it", id,
                stuck.getUUID("order_id"), stuck.getString("method"), stuck.getString("charge_ref"), attempts,
                permanent ? ", refused for good by the provider" : "", error);
          }
          return (Instant) null;
        });
  }
}

package kstore.checkout.orders;

import static kstore.checkout.orders.CheckoutStack.await;
import static kstore.checkout.orders.CheckoutStack.buyer;
import static kstore.checkout.orders.CheckoutStack.eventually;
import static kstore.checkout.orders.WebhookInbox.about;
import static kstore.checkout.orders.WebhookInbox.forOrder;
import static kstore.checkout.orders.WebhookInbox.resigned;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import kstore.checkout.orders.CheckoutStack.Buyer;
import kstore.checkout.orders.CheckoutStack.SandboxReply;
import kstore.checkout.orders.WebhookInbox.Received;
import kstore.contracts.checkout.CheckoutAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #4, "never charged without an entitlement", on the real checkout verticle, PostgreSQL and payment sandbox: a
 * success reported for an order that pays for nothing is recorded once, announced once, and refunded once through the
 * sandbox; the order keeps its status. Webhooks are the sandbox's own, signed by it, handed to the checkout when the
 * test chooses; "the same news again" is the sandbox's event under a new id, signed with our endpoint's secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A late success on an order that pays for nothing is refunded")
class LateChargeRefundTest {
  private CheckoutStack stack;
  private long game;
  private String secret;

  @BeforeAll
  void start() {
    stack = new CheckoutStack(1);
    game = stack.catalog.game("Orbital Freight", stack.clock.instant().minus(Duration.ofDays(30)));
    secret = stack.webhookSecret();
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  /** The orphan charges of an order, as an auditor reads them. */
  private List<Row> orphans(String orderId) {
    return stack.rows("SELECT id, charge_ref, amount, currency, order_status, reason, status, refund_ref, refunded_at "
        + "FROM checkout.orphan_charges WHERE order_id = $1", UUID.fromString(orderId));
  }

  /** The one orphan charge of an order, once its job has finished with it. */
  private Row settledOrphan(String orderId) {
    eventually("the orphan charge of order " + orderId + " is refunded", () ->
        orphans(orderId).stream().anyMatch(r -> !"refunding".equals(r.getString("status"))));
    List<Row> all = orphans(orderId);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private List<JsonObject> reversedEvents(String orderId) {
    return stack.rows("SELECT payload FROM checkout.outbox WHERE payload->>'type' = $1 "
            + "AND payload->'data'->>'orderId' = $2", OrphanCharges.EVENT, orderId).stream()
        .map(r -> (JsonObject) r.getJson("payload")).toList();
  }

  private long refundJobs(Row orphan) {
    return stack.count("SELECT count(*) FROM checkout.jobs WHERE kind = $1 AND key = $2", OrphanCharges.JOB,
        orphan.getUUID("id").toString());
  }

  private long entitlements(String orderId) {
    return stack.count("SELECT count(*) FROM checkout.entitlements WHERE order_id = $1", UUID.fromString(orderId));
  }

  private JsonObject order(Buyer buyer, String orderId) {
    return stack.request(CheckoutAddresses.GET_ORDER, new JsonObject().put("orderId", orderId), buyer);
  }

  @Test
  @DisplayName("a card charged after the buyer gave up is refunded once, however often its success is reported; "
      + "the order stays failed and the game is not in the library")
  void chargedAfterTheBuyerGaveUp() {
    Buyer buyer = buyer("US");
    JsonObject placed = stack.order(buyer, game, "card", "pm_card_timeout");
    assertThat(placed.getString("status")).as("the provider did not answer in time: " + placed).isEqualTo("pending");
    String orderId = placed.getString("id");
    long total = placed.getLong("total");
    JsonObject cancelled = stack.confirm(buyer, orderId, new JsonObject().put("result", "cancel"));
    assertThat(cancelled.getString("status")).isEqualTo("failed");

    // the sandbox charged at once and says so 5 s after the call
    Received success = stack.inbox.await("the success webhook of order " + orderId,
        forOrder("payment_intent.succeeded", orderId));
    String charge = success.object().getString("id");
    assertThat(await(stack.deliver(success)).getBoolean("handled")).isTrue();
    assertThat(await(stack.deliver(success)).getBoolean("duplicate")).as("the same event id is a replay").isTrue();
    // the same news under new event ids, side by side (a provider sending again, two nodes)
    await(Future.all(stack.deliver(resigned(success, secret)), stack.deliver(resigned(success, secret)),
        stack.deliver(resigned(success, secret))));

    Row orphan = settledOrphan(orderId);
    assertThat(orphan.getString("charge_ref")).isEqualTo(charge);
    assertThat(orphan.getLong("amount")).isEqualTo(total);
    assertThat(orphan.getString("currency")).isEqualTo("USD");
    assertThat(orphan.getString("order_status")).isEqualTo("failed");
    assertThat(orphan.getString("reason")).isEqualTo("order-failed");
    assertThat(orphan.getString("status")).isEqualTo("refunded");
    assertThat(orphan.getString("refund_ref")).startsWith("re_");
    assertThat(orphan.getOffsetDateTime("refunded_at")).isNotNull();
    assertThat(refundJobs(orphan)).isEqualTo(1);
    assertThat(stack.count("SELECT count(*) FROM checkout.jobs WHERE kind = $1 AND key = $2 AND done_at IS NOT NULL",
        OrphanCharges.JOB, orphan.getUUID("id").toString())).isEqualTo(1);

    List<JsonObject> events = reversedEvents(orderId);
    assertThat(events).hasSize(1);
    JsonObject data = events.get(0).getJsonObject("data");
    assertThat(data.getString("userId")).isEqualTo(buyer.id().toString());
    assertThat(data.getString("chargeRef")).isEqualTo(charge);
    assertThat(data.getString("reason")).isEqualTo("order-failed");
    assertThat(data.getJsonObject("reversed")).isEqualTo(new JsonObject().put("amount", total).put("currency", "USD")
        .put("digits", 2));

    assertThat(order(buyer, orderId).getString("status")).isEqualTo("failed");
    assertThat(entitlements(orderId)).isZero();
    assertThat(stack.request(CheckoutAddresses.LIBRARY, new JsonObject(), buyer).getJsonArray("items")).isEmpty();

    // the sandbox: this refund gave back the whole charge, and it is the only one
    SandboxReply refund = stack.sandbox("GET", "/v1/refunds/" + orphan.getString("refund_ref"), null, null);
    assertThat(refund.status()).isEqualTo(200);
    assertThat(refund.body().getString("payment_intent")).isEqualTo(charge);
    assertThat(refund.body().getLong("amount")).isEqualTo(total);
    assertThat(refund.body().getString("status")).isEqualTo("succeeded");
    SandboxReply more = stack.sandbox("POST", "/v1/refunds", new JsonObject().put("payment_intent", charge)
        .put("amount", 1), "probe-" + UUID.randomUUID());
    assertThat(more.status()).isEqualTo(400);
    assertThat(more.body().getJsonObject("error").getString("code")).isEqualTo("charge_already_refunded");
    stack.inbox.await("the sandbox's charge.refunded of " + charge, about("charge.refunded", charge));
    assertThat(stack.inbox.count(about("charge.refunded", charge))).isEqualTo(1);

    // reported once more after the refund: nothing new
    assertThat(await(stack.deliver(resigned(success, secret))).getBoolean("handled")).isTrue();
    assertThat(orphans(orderId)).hasSize(1);
    assertThat(refundJobs(orphan)).isEqualTo(1);
    assertThat(reversedEvents(orderId)).hasSize(1);
  }

  @Test
  @DisplayName("a 3-D Secure payment approved after the buyer's return said it failed is refunded; a crash between "
      + "the provider's refund and our commit does not refund it twice")
  void approvedAfterTheReturnSaidFailed() {
    Buyer buyer = buyer("US");
    JsonObject placed = stack.order(buyer, game, "card", "pm_card_threeDSecureRequired");
    assertThat(placed.getString("status")).isEqualTo("requires_action");
    String orderId = placed.getString("id");
    String challenge = placed.getString("nextActionUrl");
    assertThat(stack.confirm(buyer, orderId, new JsonObject().put("result", "fail")).getString("status"))
        .isEqualTo("failed");
    // the challenge was still open in another tab, and the buyer approves it there
    assertThat(stack.browse(challenge + "?auto=approve")).isBetween(300, 399);
    Received success = stack.inbox.await("the success webhook of order " + orderId,
        forOrder("payment_intent.succeeded", orderId));
    String charge = success.object().getString("id");
    await(stack.deliver(success));

    Row first = settledOrphan(orderId);
    assertThat(first.getString("status")).isEqualTo("refunded");
    String refundRef = first.getString("refund_ref");
    String job = first.getUUID("id").toString();

    // what a node killed after the provider refunded and before our commit leaves behind
    stack.rows("UPDATE checkout.orphan_charges SET status = 'refunding', refund_ref = NULL, refunded_at = NULL "
        + "WHERE id = $1", first.getUUID("id"));
    stack.rows("UPDATE checkout.jobs SET done_at = NULL, run_at = $3 WHERE kind = $1 AND key = $2", OrphanCharges.JOB,
        job, OffsetDateTime.ofInstant(stack.clock.instant(), ZoneOffset.UTC));
    Row again = settledOrphan(orderId);
    assertThat(again.getString("status")).isEqualTo("refunded");
    assertThat(again.getString("refund_ref")).as("the provider answered the first refund, not a new one")
        .isEqualTo(refundRef);
    assertThat(stack.row("SELECT attempts FROM checkout.jobs WHERE kind = $1 AND key = $2", OrphanCharges.JOB, job)
        .getInteger("attempts")).as("the job did run twice").isEqualTo(2);
    stack.inbox.await("the sandbox's charge.refunded of " + charge, about("charge.refunded", charge));
    assertThat(stack.inbox.count(about("charge.refunded", charge))).isEqualTo(1);
    assertThat(order(buyer, orderId).getString("status")).isEqualTo("failed");
    assertThat(entitlements(orderId)).isZero();
  }

  @Test
  @DisplayName("a second charge for a paid order is refunded; the order keeps its game and its own charge")
  void secondChargeOfAPaidOrder() {
    Buyer buyer = buyer("US");
    JsonObject paid = stack.order(buyer, game, "card", "pm_card_visa");
    assertThat(paid.getString("status")).isEqualTo("paid");
    String orderId = paid.getString("id");
    Received own = stack.inbox.await("the success webhook of order " + orderId,
        forOrder("payment_intent.succeeded", orderId));
    String ownCharge = own.object().getString("id");
    // a provider that forgot our idempotency key takes a re-issued charge for a new one
    SandboxReply second = stack.sandbox("POST", "/v1/payment_intents", new JsonObject().put("amount", paid.getLong("total"))
        .put("currency", "usd").put("payment_method", "pm_card_visa").put("capture_method", "automatic")
        .put("confirm", true).put("metadata", new JsonObject().put("orderId", orderId)), "forgotten-" + UUID.randomUUID());
    assertThat(second.status()).isEqualTo(200);
    String secondCharge = second.body().getString("id");
    assertThat(secondCharge).isNotEqualTo(ownCharge);
    Received secondSuccess = stack.inbox.await("the success webhook of " + secondCharge,
        about("payment_intent.succeeded", secondCharge));

    await(stack.deliver(own));
    await(stack.deliver(secondSuccess));

    Row orphan = settledOrphan(orderId);
    assertThat(orphan.getString("charge_ref")).isEqualTo(secondCharge);
    assertThat(orphan.getString("reason")).isEqualTo("second-charge");
    assertThat(orphan.getString("order_status")).isEqualTo("paid");
    assertThat(orphan.getString("status")).isEqualTo("refunded");
    assertThat(order(buyer, orderId).getString("status")).isEqualTo("paid");
    assertThat(stack.row("SELECT provider_ref FROM checkout.orders WHERE id = $1", UUID.fromString(orderId))
        .getString("provider_ref")).isEqualTo(ownCharge);
    assertThat(stack.count("SELECT count(*) FROM checkout.entitlements WHERE order_id = $1 AND status = 'owned'",
        UUID.fromString(orderId))).isEqualTo(1);
    stack.inbox.await("the sandbox's charge.refunded of " + secondCharge, about("charge.refunded", secondCharge));
    assertThat(stack.inbox.count(about("charge.refunded", secondCharge))).isEqualTo(1);
    assertThat(stack.inbox.count(about("charge.refunded", ownCharge))).as("the order's own charge stays").isZero();
  }

  @Test
  @DisplayName("a voucher paid at the shop after it expired is handed to staff as a bank transfer, with its event")
  void voucherPaidAfterItExpired() {
    Buyer buyer = buyer("JP");
    JsonObject placed = stack.order(buyer, game, "konbini", null);
    assertThat(placed.getString("status")).isEqualTo("pending");
    String orderId = placed.getString("id");
    String voucher = stack.row("SELECT provider_ref FROM checkout.orders WHERE id = $1", UUID.fromString(orderId))
        .getString("provider_ref");
    assertThat(stack.sandbox("POST", "/sandbox/vouchers/" + voucher + "/expire", new JsonObject(), null).status())
        .isEqualTo(200);
    Received expiry = stack.inbox.await("the expiry webhook of " + voucher, about("voucher.expired", voucher));
    await(stack.deliver(expiry));
    assertThat(order(buyer, orderId).getString("status")).isEqualTo("failed");

    // the buyer paid at the shop just before the deadline, and the provider learns of it late
    Received paidLate = resigned(expiry, secret, "voucher.paid", expiry.object().put("status", "paid"));
    assertThat(await(stack.deliver(paidLate)).getBoolean("handled")).isTrue();

    Row orphan = settledOrphan(orderId);
    assertThat(orphan.getString("status")).isEqualTo("manual");
    assertThat(orphan.getString("charge_ref")).isEqualTo(voucher);
    assertThat(orphan.getLong("amount")).isEqualTo(placed.getLong("total"));
    assertThat(orphan.getString("currency")).isEqualTo("JPY");
    assertThat(orphan.getString("refund_ref")).isNull();
    assertThat(orphan.getOffsetDateTime("refunded_at")).isNotNull();
    assertThat(reversedEvents(orderId)).hasSize(1);
    assertThat(entitlements(orderId)).isZero();
  }
}

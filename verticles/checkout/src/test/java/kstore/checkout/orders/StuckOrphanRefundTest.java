package kstore.checkout.orders;

import static kstore.checkout.orders.CheckoutStack.await;
import static kstore.checkout.orders.CheckoutStack.buyer;
import static kstore.checkout.orders.CheckoutStack.eventually;
import static kstore.checkout.orders.WebhookInbox.about;
import static kstore.checkout.orders.WebhookInbox.forOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kstore.checkout.orders.CheckoutStack.Buyer;
import kstore.checkout.orders.CheckoutStack.SandboxReply;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import kstore.contracts.checkout.CheckoutAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The refund of a charge that pays for nothing, when the provider keeps refusing it, on the real checkout verticle,
 * PostgreSQL and payment sandbox (whose {@code /sandbox/payments/{id}/refunds/outage|dispute|mend} controls break and
 * mend that charge's refunds): it backs off exponentially, stops after {@code checkout.orphanRefunds.maxAttempts} (here
 * 4; waits 20 s, 40 s, then capped at 70 s) or at once when refused for good, then needs attention — announced once,
 * listed for admins — and an admin's retry after the provider recovered refunds it exactly once. The test moves the
 * clock; the orphan charge is a second charge of a paid order, as in {@link LateChargeRefundTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A refund of an orphan charge that keeps failing stops and waits for an admin")
class StuckOrphanRefundTest {
  private static final Duration FIRST = Duration.ofSeconds(20);
  private static final Duration CAP = Duration.ofSeconds(70);
  private static final int MAX_ATTEMPTS = 4;

  private CheckoutStack stack;
  private long game;
  private final UUID admin = UUID.randomUUID();

  @BeforeAll
  void start() {
    stack = new CheckoutStack(1, Map.of("checkout.orphanRefunds.firstRetrySeconds", String.valueOf(FIRST.toSeconds()),
        "checkout.orphanRefunds.maxRetrySeconds", String.valueOf(CAP.toSeconds()),
        "checkout.orphanRefunds.maxAttempts", String.valueOf(MAX_ATTEMPTS)));
    game = stack.catalog.game("Harbor Lights", stack.clock.instant().minus(Duration.ofDays(30)));
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  /** An orphan charge: its row id, the charge, its order and amount. */
  private record Orphan(UUID id, String charge, String orderId, long amount) {
  }

  /**
   * A paid order, then a second charge for it (a provider that forgot our idempotency key) whose refunds the sandbox
   * breaks ({@code outage} or {@code dispute}) before the checkout hears of it.
   */
  private Orphan orphanWithRefunds(String brokenAs) {
    Buyer buyer = buyer("US");
    JsonObject paid = stack.order(buyer, game, "card", "pm_card_visa");
    assertThat(paid.getString("status")).isEqualTo("paid");
    String orderId = paid.getString("id");
    SandboxReply second = stack.sandbox("POST", "/v1/payment_intents", new JsonObject().put("amount", paid.getLong("total"))
        .put("currency", "usd").put("payment_method", "pm_card_visa").put("capture_method", "automatic")
        .put("confirm", true).put("metadata", new JsonObject().put("orderId", orderId)), "forgotten-" + UUID.randomUUID());
    String charge = second.body().getString("id");
    assertThat(refunds(charge, brokenAs).getString("refunds")).isIn("outage", "disputed");
    await(stack.deliver(stack.inbox.await("the success webhook of order " + orderId,
        forOrder("payment_intent.succeeded", orderId))));
    await(stack.deliver(stack.inbox.await("the success webhook of " + charge, about("payment_intent.succeeded", charge))));
    Row row = stack.row("SELECT id FROM checkout.orphan_charges WHERE charge_ref = $1", charge);
    return new Orphan(row.getUUID("id"), charge, orderId, paid.getLong("total"));
  }

  /** The sandbox's refund control of a payment: outage, dispute or mend. */
  private JsonObject refunds(String payment, String action) {
    SandboxReply r = stack.sandbox("POST", "/sandbox/payments/" + payment + "/refunds/" + action, null, null);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  private Row charge(Orphan o) {
    return stack.row("SELECT status, refund_ref, last_error, attention_at, refunded_at FROM checkout.orphan_charges "
        + "WHERE id = $1", o.id());
  }

  private Row job(Orphan o) {
    return stack.row("SELECT attempts, run_at, done_at, last_error FROM checkout.jobs WHERE kind = $1 AND key = $2",
        OrphanCharges.JOB, o.id().toString());
  }

  /** Waits until the job has failed its {@code attempt}-th attempt and is due again {@code wait} after now. */
  private void failedAndDueAfter(Orphan o, int attempt, Duration wait) {
    Instant due = stack.clock.instant().plus(wait);
    eventually("attempt " + attempt + " failed, the next one due at " + due, () -> {
      Row j = job(o);
      return j.getInteger("attempts") == attempt && j.getOffsetDateTime("run_at").toInstant().equals(due);
    });
    assertThat(job(o).getString("last_error")).contains("refunds are unavailable");
    assertThat(charge(o).getString("status")).isEqualTo("refunding");
  }

  private List<JsonObject> stuckEvents(Orphan o) {
    return stack.rows("SELECT payload FROM checkout.outbox WHERE payload->>'type' = $1 "
            + "AND payload->'data'->>'chargeId' = $2", OrphanCharges.STUCK_EVENT, o.id().toString()).stream()
        .map(r -> (JsonObject) r.getJson("payload")).toList();
  }

  private DeliveryOptions asAdmin() {
    return new DeliveryOptions().setSendTimeout(CheckoutStack.WITHIN.toMillis()).addHeader(Headers.ACTOR,
        admin.toString()).addHeader(Headers.ACTOR_ROLES, "player,admin").addHeader(Headers.REQUEST_ID, "test-admin");
  }

  private JsonObject admin(String address, JsonObject body) {
    return await(stack.vertx.eventBus().<JsonObject>request(address, body, asAdmin())).body();
  }

  private JsonObject listed(Orphan o, String status) {
    JsonObject page = admin(CheckoutAddresses.ADMIN_ORPHAN_CHARGES, new JsonObject().put("status", status)
        .put("size", 100));
    return page.getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(i -> i.getString("id").equals(o.id().toString())).findFirst().orElse(null);
  }

  private static ErrorCode refusedWith(io.vertx.core.Future<?> call) {
    try {
      call.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ReplyException.class);
      return ServiceError.codeOf(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  @DisplayName("a refund the provider keeps failing backs off (20 s, 40 s, 70 s capped), stops after 4 attempts, is "
      + "announced once and listed for admins; a retry after the provider recovers refunds it exactly once")
  void backsOffStopsAndIsRetriedOnce() {
    Orphan o = orphanWithRefunds("outage");
    failedAndDueAfter(o, 1, FIRST);
    stack.clock.moveTo(job(o).getOffsetDateTime("run_at").toInstant());
    failedAndDueAfter(o, 2, FIRST.multipliedBy(2));
    stack.clock.moveTo(job(o).getOffsetDateTime("run_at").toInstant());
    failedAndDueAfter(o, 3, CAP);
    stack.clock.moveTo(job(o).getOffsetDateTime("run_at").toInstant());

    eventually("the 4th failure stops the job", () -> "needs_attention".equals(charge(o).getString("status")));
    Row stuck = charge(o);
    assertThat(stuck.getString("last_error")).contains("refunds are unavailable");
    assertThat(stuck.getOffsetDateTime("attention_at").toInstant()).isEqualTo(stack.clock.instant());
    assertThat(stuck.getString("refund_ref")).isNull();
    eventually("the job is done", () -> job(o).getOffsetDateTime("done_at") != null);
    assertThat(job(o).getInteger("attempts")).isEqualTo(MAX_ATTEMPTS);
    assertThat(refunds(o.charge(), "outage").getLong("refused")).as("each attempt reached the provider once")
        .isEqualTo(MAX_ATTEMPTS);
    List<JsonObject> events = stuckEvents(o);
    assertThat(events).hasSize(1);
    JsonObject data = events.get(0).getJsonObject("data");
    assertThat(data.getString("orderId")).isEqualTo(o.orderId());
    assertThat(data.getString("chargeRef")).isEqualTo(o.charge());
    assertThat(data.getInteger("attempts")).isEqualTo(MAX_ATTEMPTS);
    assertThat(data.getBoolean("permanent")).isFalse();
    assertThat(data.getString("lastError")).contains("refunds are unavailable");

    JsonObject listed = listed(o, "needs_attention");
    assertThat(listed).as("listed for admins").isNotNull();
    assertThat(listed.getString("status")).isEqualTo("needs_attention");
    assertThat(listed.getString("chargeRef")).isEqualTo(o.charge());
    assertThat(listed.getString("orderId")).isEqualTo(o.orderId());
    assertThat(listed.getJsonObject("amount")).isEqualTo(new JsonObject().put("amount", o.amount())
        .put("currency", "USD").put("digits", 2));
    assertThat(listed.getInteger("attempts")).isEqualTo(MAX_ATTEMPTS);
    assertThat(listed.getString("lastError")).contains("refunds are unavailable");
    assertThat(listed.getString("attentionAt")).isEqualTo(stack.clock.instant().toString());
    assertThat(listed.containsKey("nextAttemptAt")).isFalse();
    assertThat(listed(o, "refunding")).isNull();

    // the provider recovers; an admin retries (twice: the second is answered as it stands)
    refunds(o.charge(), "mend");
    JsonObject retried = admin(CheckoutAddresses.ADMIN_ORPHAN_CHARGE_RETRY, new JsonObject().put("id", o.id().toString()));
    assertThat(retried.getString("status")).isIn("refunding", "refunded");
    assertThat(retried.getString("retriedAt")).isEqualTo(stack.clock.instant().toString());
    eventually("the retried refund went through", () -> "refunded".equals(charge(o).getString("status")));
    JsonObject again = admin(CheckoutAddresses.ADMIN_ORPHAN_CHARGE_RETRY, new JsonObject().put("id", o.id().toString()));
    assertThat(again.getString("status")).isEqualTo("refunded");

    Row refunded = charge(o);
    assertThat(refunded.getString("refund_ref")).startsWith("re_");
    assertThat(job(o).getInteger("attempts")).as("a fresh count of attempts, one used").isEqualTo(1);
    SandboxReply refund = stack.sandbox("GET", "/v1/refunds/" + refunded.getString("refund_ref"), null, null);
    assertThat(refund.body().getString("payment_intent")).isEqualTo(o.charge());
    assertThat(refund.body().getLong("amount")).isEqualTo(o.amount());
    stack.inbox.await("the sandbox's charge.refunded of " + o.charge(), about("charge.refunded", o.charge()));
    assertThat(stack.inbox.count(about("charge.refunded", o.charge()))).as("refunded exactly once").isEqualTo(1);
    assertThat(stuckEvents(o)).as("announced once").hasSize(1);
    assertThat(listed(o, "refunded").getString("refundRef")).isEqualTo(refunded.getString("refund_ref"));
    assertThat(listed(o, "needs_attention")).isNull();
  }

  @Test
  @DisplayName("a refund the provider refuses for good (a disputed charge) stops at the first attempt")
  void refusedForGoodStopsAtOnce() {
    Orphan o = orphanWithRefunds("dispute");
    eventually("the refusal stops the job", () -> "needs_attention".equals(charge(o).getString("status")));
    assertThat(charge(o).getString("last_error")).contains("charge_disputed");
    eventually("the job is done", () -> job(o).getOffsetDateTime("done_at") != null);
    assertThat(job(o).getInteger("attempts")).isEqualTo(1);
    assertThat(stuckEvents(o)).singleElement().satisfies(e ->
        assertThat(e.getJsonObject("data").getBoolean("permanent")).isTrue());
    assertThat(listed(o, "needs_attention").getString("lastError")).contains("charge_disputed");
  }

  @Test
  @DisplayName("a charge the provider says is refunded already (refunded at its dashboard) ends as refunded, "
      + "without a refund of ours")
  void refundedAlreadyIsDone() {
    Orphan o = orphanWithRefunds("outage");
    failedAndDueAfter(o, 1, FIRST);
    refunds(o.charge(), "mend");
    SandboxReply byStaff = stack.sandbox("POST", "/v1/refunds", new JsonObject().put("payment_intent", o.charge()),
        "dashboard-" + UUID.randomUUID());
    assertThat(byStaff.status()).isEqualTo(200);
    stack.clock.moveTo(job(o).getOffsetDateTime("run_at").toInstant());

    eventually("the charge is refunded", () -> "refunded".equals(charge(o).getString("status")));
    Row done = charge(o);
    assertThat(done.getString("refund_ref")).as("not refunded by us").isNull();
    assertThat(done.getString("last_error")).startsWith("refunded already");
    eventually("the job is done", () -> job(o).getOffsetDateTime("done_at") != null);
    assertThat(stuckEvents(o)).isEmpty();
    assertThat(stack.inbox.count(about("charge.refunded", o.charge()))).isLessThanOrEqualTo(1);
  }

  @Test
  @DisplayName("only admins may list or retry orphan charges; an unknown one is NOT_FOUND, a bad status VALIDATION")
  void adminsOnly() {
    Buyer buyer = buyer("US");
    DeliveryOptions asBuyer = buyer.headers();
    assertThat(refusedWith(stack.vertx.eventBus().request(CheckoutAddresses.ADMIN_ORPHAN_CHARGES, new JsonObject(),
        asBuyer))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(refusedWith(stack.vertx.eventBus().request(CheckoutAddresses.ADMIN_ORPHAN_CHARGE_RETRY,
        new JsonObject().put("id", UUID.randomUUID().toString()), asBuyer))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(refusedWith(stack.vertx.eventBus().request(CheckoutAddresses.ADMIN_ORPHAN_CHARGES, new JsonObject(),
        new DeliveryOptions()))).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(refusedWith(stack.vertx.eventBus().request(CheckoutAddresses.ADMIN_ORPHAN_CHARGE_RETRY,
        new JsonObject().put("id", UUID.randomUUID().toString()), asAdmin()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusedWith(stack.vertx.eventBus().request(CheckoutAddresses.ADMIN_ORPHAN_CHARGES,
        new JsonObject().put("status", "lost"), asAdmin()))).isEqualTo(ErrorCode.VALIDATION);

    JsonObject page = admin(CheckoutAddresses.ADMIN_ORPHAN_CHARGES, new JsonObject().put("size", 1));
    assertThat(page.getString("status")).as("the default").isEqualTo("needs_attention");
    assertThat(page.getInteger("page")).isEqualTo(1);
    assertThat(page.getInteger("size")).isEqualTo(1);
    assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(1);
    assertThat(page.getLong("total")).isGreaterThanOrEqualTo(page.getJsonArray("items").size());
    JsonArray none = admin(CheckoutAddresses.ADMIN_ORPHAN_CHARGES, new JsonObject().put("page", 10_000))
        .getJsonArray("items");
    assertThat(none).isEmpty();
  }
}

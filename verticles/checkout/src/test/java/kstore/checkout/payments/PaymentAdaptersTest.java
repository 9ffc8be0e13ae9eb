package kstore.checkout.payments;

import static kstore.checkout.payments.RecordedProvider.await;
import static kstore.checkout.payments.RecordedProvider.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import kstore.checkout.payments.PaymentStep.Outcome;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.platform.Regions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each adapter against recorded sandbox answers ({@code verticles/payment-sandbox/PROTOCOL.md}) served by a local
 * HTTP server: the requests they send (bearer key, Idempotency-Key, wire fields) and how every answer maps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentAdaptersTest {
  private static final String KEY = "sk_test_recorded";
  private static final long TIMEOUT_MS = 2000;

  private Vertx vertx;
  private RecordedProvider provider;
  private PaymentProviders providers;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    provider = new RecordedProvider(vertx);
    JsonObject conf = new JsonObject().put("payments", new JsonObject().put("timeoutMs", TIMEOUT_MS)
        .put("sandbox", new JsonObject().put("url", provider.url()).put("secretKey", KEY)));
    PaymentsConfig config = PaymentsConfig.from(conf, Map.of());
    providers = PaymentProviders.create(vertx, config, PaymentMethods.load(config), Regions.load());
  }

  @AfterAll
  void stop() throws Exception {
    providers.close();
    provider.close();
    await(vertx.close());
  }

  @BeforeEach
  void reset() {
    provider.reset();
  }

  private static PaymentRequest request(String instrument) {
    return new PaymentRequest("o-1001", "order-o-1001-attempt-1", 15000, "KRW", "u-7", instrument, "Wichter 3",
        "https://store.example/checkout/return", null, null, null);
  }

  private static ErrorCode code(Throwable t) {
    return ServiceError.codeOf(t);
  }

  @Nested
  @DisplayName("cards (PaymentIntent style)")
  class Cards {
    private final PaymentProvider cards = providers.forMethod("card");

    @Test
    @DisplayName("a successful card payment sends the token, lower-case currency, bearer key and idempotency key")
    void succeeds() throws Exception {
      provider.on("POST /v1/payment_intents", 200, """
          {"id":"pi_3Ok1","object":"payment_intent","amount":15000,"currency":"krw","status":"succeeded",
           "capture_method":"automatic","metadata":{"orderId":"o-1001"},"latest_charge":"ch_3Ok1","created":1767225600}""");
      PaymentStep step = await(cards.start(request("pm_card_visa")));
      assertThat(step.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(step.providerRef()).isEqualTo("pi_3Ok1");
      RecordedProvider.Seen sent = provider.last();
      assertThat(sent.headers()).containsEntry("authorization", "Bearer " + KEY)
          .containsEntry("idempotency-key", "order-o-1001-attempt-1");
      assertThat(sent.body().getLong("amount")).isEqualTo(15000L);
      assertThat(sent.body().getString("currency")).isEqualTo("krw");
      assertThat(sent.body().getString("payment_method")).isEqualTo("pm_card_visa");
      assertThat(sent.body().getBoolean("confirm")).isTrue();
      assertThat(sent.body().getString("capture_method")).isEqualTo("automatic");
      assertThat(sent.body().getString("return_url")).isEqualTo("https://store.example/checkout/return");
      assertThat(sent.body().getJsonObject("metadata").getString("orderId")).isEqualTo("o-1001");
    }

    @Test
    @DisplayName("a generic decline is DECLINED with the provider's decline code")
    void declined() throws Exception {
      provider.on("POST /v1/payment_intents", 200, """
          {"id":"pi_dec","object":"payment_intent","status":"requires_payment_method",
           "last_payment_error":{"code":"card_declined","decline_code":"generic_decline","message":"Your card was declined."}}""");
      PaymentStep step = await(cards.start(request("pm_card_chargeDeclined")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::code, PaymentStep::providerCode, PaymentStep::providerRef)
          .containsExactly(Outcome.DECLINED, PaymentStep.DECLINED, "generic_decline", "pi_dec");
    }

    @Test
    @DisplayName("insufficient funds is told apart from a plain decline, also when it comes as a 402 card_error")
    void insufficientFunds() throws Exception {
      provider.on("POST /v1/payment_intents", 402, """
          {"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
           "message":"Your card has insufficient funds.","payment_intent":{"id":"pi_nsf","status":"requires_payment_method"}}}""");
      PaymentStep step = await(cards.start(request("pm_card_insufficientFunds")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::code, PaymentStep::providerRef)
          .containsExactly(Outcome.DECLINED, PaymentStep.INSUFFICIENT_FUNDS, "pi_nsf");
    }

    @Test
    @DisplayName("3-D Secure answers REQUIRES_ACTION with the challenge URL, and confirm re-reads the intent")
    void threeDSecure() throws Exception {
      provider.on("POST /v1/payment_intents", 200, """
          {"id":"pi_3ds","object":"payment_intent","status":"requires_action",
           "next_action":{"type":"redirect_to_url","redirect_to_url":{"url":"https://sandbox.example/3ds/pi_3ds",
           "return_url":"https://store.example/checkout/return"}}}""");
      PaymentStep step = await(cards.start(request("pm_card_threeDSecureRequired")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::redirectUrl, PaymentStep::providerRef)
          .containsExactly(Outcome.REQUIRES_ACTION, "https://sandbox.example/3ds/pi_3ds", "pi_3ds");

      provider.on("GET /v1/payment_intents/pi_3ds", 200, """
          {"id":"pi_3ds","object":"payment_intent","status":"succeeded"}""");
      assertThat(await(cards.confirm(new PaymentConfirmation("o-1001", "pi_3ds", null, null))).outcome())
          .isEqualTo(Outcome.SUCCEEDED);
      provider.on("GET /v1/payment_intents/pi_3ds", 200, """
          {"id":"pi_3ds","object":"payment_intent","status":"requires_payment_method",
           "last_payment_error":{"code":"payment_intent_authentication_failure","message":"3DS failed"}}""");
      assertThat(await(cards.status("pi_3ds"))).extracting(PaymentStep::outcome, PaymentStep::code)
          .containsExactly(Outcome.DECLINED, PaymentStep.AUTHENTICATION_FAILED);
    }

    @Test
    @DisplayName("a provider 500 is UNKNOWN provider_error, never DECLINED")
    void providerError() throws Exception {
      provider.on("POST /v1/payment_intents", 500, "{\"error\":{\"type\":\"api_error\"}}");
      PaymentStep step = await(cards.start(request("pm_card_providerError")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::code, PaymentStep::providerCode)
          .containsExactly(Outcome.UNKNOWN, PaymentStep.PROVIDER_ERROR, "api_error");
    }

    @Test
    @DisplayName("a provider that does not answer in time is UNKNOWN timeout (it may still charge)")
    void timeout() throws Exception {
      provider.hang("POST /v1/payment_intents");
      long t0 = System.nanoTime();
      PaymentStep step = await(cards.start(request("pm_card_timeout")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::code).containsExactly(Outcome.UNKNOWN, PaymentStep.TIMEOUT);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(8_000);
    }

    @Test
    @DisplayName("a card whose issuing country cannot be read in time is charged anyway, without a country")
    void issuerLookupTimeoutStillCharges() throws Exception {
      provider.hang("GET /v1/payment_methods/pm_card_slowIssuer");
      provider.on("POST /v1/payment_intents", 200, """
          {"id":"pi_slow","object":"payment_intent","status":"succeeded"}""");
      PaymentStep step = await(cards.start(request("pm_card_slowIssuer")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::providerRef, PaymentStep::paymentCountry)
          .containsExactly(Outcome.SUCCEEDED, "pi_slow", null);
      assertThat(provider.seen).extracting(RecordedProvider.Seen::method, RecordedProvider.Seen::path).containsExactly(
          org.assertj.core.groups.Tuple.tuple("GET", "/v1/payment_methods/pm_card_slowIssuer"),
          org.assertj.core.groups.Tuple.tuple("POST", "/v1/payment_intents"));
      assertThat(provider.seen.get(0).headers()).containsEntry("authorization", "Bearer " + KEY);
    }

    @Test
    @DisplayName("a refused key, a reused idempotency key and an unknown intent fail with UNAVAILABLE, CONFLICT and NOT_FOUND")
    void refusals() throws Exception {
      provider.on("POST /v1/payment_intents", 401, "{\"error\":{\"type\":\"authentication_error\"}}");
      assertThat(code(failure(cards.start(request("pm_card_visa"))))).isEqualTo(ErrorCode.UNAVAILABLE);
      provider.on("POST /v1/payment_intents", 409, "{\"error\":{\"type\":\"idempotency_error\"}}");
      assertThat(code(failure(cards.start(request("pm_card_visa"))))).isEqualTo(ErrorCode.CONFLICT);
      assertThat(code(failure(cards.status("pi_missing")))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    @DisplayName("a refund answers REFUNDED; refunding more than was paid fails with VALIDATION")
    void refunds() throws Exception {
      provider.on("POST /v1/refunds", 200, """
          {"id":"re_1","object":"refund","payment_intent":"pi_3Ok1","amount":15000,"currency":"krw","status":"succeeded"}""");
      RefundStep r = await(cards.refund("pi_3Ok1", 15000, "order-o-1001-refund"));
      assertThat(r).extracting(RefundStep::outcome, RefundStep::refundRef, RefundStep::amount)
          .containsExactly(RefundStep.Outcome.REFUNDED, "re_1", 15000L);
      assertThat(provider.last().headers()).containsEntry("idempotency-key", "order-o-1001-refund");
      assertThat(provider.last().body()).isEqualTo(new JsonObject().put("payment_intent", "pi_3Ok1").put("amount", 15000));
      provider.on("POST /v1/refunds", 400, """
          {"error":{"type":"invalid_request_error","code":"amount_too_large"}}""");
      assertThat(code(failure(cards.refund("pi_3Ok1", 99999, "k2")))).isEqualTo(ErrorCode.VALIDATION);
      provider.hang("POST /v1/refunds");
      assertThat(await(cards.refund("pi_3Ok1", 1, "k3")).outcome()).isEqualTo(RefundStep.Outcome.UNKNOWN);
    }

    @Test
    @DisplayName("manual capture authorizes first and captures later")
    void manualCapture() throws Exception {
      provider.on("POST /v1/payment_intents/pi_m/capture", 200, """
          {"id":"pi_m","object":"payment_intent","status":"succeeded"}""");
      assertThat(await(providers.cards("card").capture("pi_m", null, "cap-1")).outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(CardPaymentIntents.fromIntent(new JsonObject().put("id", "pi_m").put("status", "requires_capture"))
          .outcome()).isEqualTo(Outcome.AUTHORIZED);
    }
  }

  @Nested
  @DisplayName("redirect wallets (ready → approve)")
  class Wallets {
    private final PaymentProvider kakao = providers.forMethod("kakaopay");

    @Test
    @DisplayName("ready sends the order, user and return URLs and answers REQUIRES_ACTION with the approval page")
    void ready() throws Exception {
      provider.on("POST /v1/wallets/kakaopay/ready", 200, """
          {"tid":"T1a2b","next_redirect_url":"https://sandbox.example/wallets/kakaopay/approve/T1a2b","created_at":"2026-01-01T00:00:00"}""");
      PaymentStep step = await(kakao.start(request("wallet_ok")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::providerRef, PaymentStep::redirectUrl)
          .containsExactly(Outcome.REQUIRES_ACTION, "T1a2b", "https://sandbox.example/wallets/kakaopay/approve/T1a2b");
      JsonObject body = provider.last().body();
      assertThat(body.getString("partner_order_id")).isEqualTo("o-1001");
      assertThat(body.getString("partner_user_id")).isEqualTo("wallet_ok");
      assertThat(body.getLong("amount")).isEqualTo(15000L);
      assertThat(body.getString("currency")).isEqualTo("krw");
      assertThat(body.getString("approval_url")).isEqualTo("https://store.example/checkout/return");
      assertThat(body.getString("cancel_url")).isNotNull();
      assertThat(body.getString("fail_url")).isNotNull();
      assertThat(provider.last().headers()).containsEntry("idempotency-key", "order-o-1001-attempt-1")
          .containsEntry("authorization", "Bearer " + KEY);
    }

    @Test
    @DisplayName("approve with the pg_token answers SUCCEEDED")
    void approve() throws Exception {
      provider.on("POST /v1/wallets/kakaopay/approve", 200, """
          {"tid":"T1a2b","status":"approved","amount":15000,"currency":"krw","approved_at":"2026-01-01T00:01:00"}""");
      PaymentStep step = await(kakao.confirm(new PaymentConfirmation("o-1001", "T1a2b", "pg_abc", "order-o-1001-approve")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::providerRef).containsExactly(Outcome.SUCCEEDED, "T1a2b");
      assertThat(provider.last().body()).isEqualTo(new JsonObject().put("tid", "T1a2b").put("partner_order_id", "o-1001")
          .put("pg_token", "pg_abc"));
      assertThat(provider.last().headers()).containsEntry("idempotency-key", "order-o-1001-approve");
    }

    @Test
    @DisplayName("insufficient wallet funds at approve is DECLINED insufficient_funds")
    void insufficient() throws Exception {
      provider.on("POST /v1/wallets/kakaopay/approve", 400, """
          {"error":{"type":"wallet_error","code":"insufficient_funds","message":"not enough balance"}}""");
      assertThat(await(kakao.confirm(new PaymentConfirmation("o-1001", "T1a2b", "pg_abc", "k"))))
          .extracting(PaymentStep::outcome, PaymentStep::code).containsExactly(Outcome.DECLINED, PaymentStep.INSUFFICIENT_FUNDS);
    }

    @Test
    @DisplayName("a reused pg_token re-reads the payment: approved stays SUCCEEDED, still ready is DECLINED invalid_approval")
    void reusedToken() throws Exception {
      provider.on("POST /v1/wallets/kakaopay/approve", 400, """
          {"error":{"type":"invalid_request_error","code":"invalid_pg_token"}}""");
      provider.on("GET /v1/wallets/kakaopay/payments/T1a2b", 200, """
          {"tid":"T1a2b","status":"approved","amount":15000,"currency":"krw","approved_at":"2026-01-01T00:01:00"}""");
      assertThat(await(kakao.confirm(new PaymentConfirmation("o-1001", "T1a2b", "pg_old", "k"))).outcome())
          .isEqualTo(Outcome.SUCCEEDED);
      provider.on("GET /v1/wallets/kakaopay/payments/T1a2b", 200, """
          {"tid":"T1a2b","status":"ready","amount":15000,"currency":"krw"}""");
      assertThat(await(kakao.confirm(new PaymentConfirmation("o-1001", "T1a2b", "pg_forged", "k"))))
          .extracting(PaymentStep::outcome, PaymentStep::code).containsExactly(Outcome.DECLINED, PaymentStep.INVALID_APPROVAL);
    }

    @Test
    @DisplayName("an approve that times out is UNKNOWN but keeps the tid, so status can reconcile it")
    void approveTimeout() throws Exception {
      provider.hang("POST /v1/wallets/kakaopay/approve");
      PaymentStep step = await(kakao.confirm(new PaymentConfirmation("o-1001", "T1a2b", "pg_abc", "k")));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::code, PaymentStep::providerRef)
          .containsExactly(Outcome.UNKNOWN, PaymentStep.TIMEOUT, "T1a2b");
      provider.on("GET /v1/wallets/kakaopay/payments/T1a2b", 200, "{\"tid\":\"T1a2b\",\"status\":\"approved\"}");
      assertThat(await(kakao.status("T1a2b")).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    @DisplayName("status maps a buyer's cancel, a failure and a refund")
    void statuses() throws Exception {
      provider.on("GET /v1/wallets/kakaopay/payments/T2", 200, "{\"tid\":\"T2\",\"status\":\"cancelled\"}");
      assertThat(await(kakao.status("T2"))).extracting(PaymentStep::outcome, PaymentStep::code)
          .containsExactly(Outcome.DECLINED, PaymentStep.CANCELLED_BY_BUYER);
      provider.on("GET /v1/wallets/kakaopay/payments/T2", 200,
          "{\"tid\":\"T2\",\"status\":\"cancelled\",\"approved_at\":\"2026-01-01T00:01:00\",\"canceled_amount\":15000}");
      assertThat(await(kakao.status("T2")).outcome()).isEqualTo(Outcome.CANCELLED);
      provider.on("GET /v1/wallets/kakaopay/payments/T2", 200, "{\"tid\":\"T2\",\"status\":\"failed\"}");
      assertThat(await(kakao.status("T2")).outcome()).isEqualTo(Outcome.DECLINED);
      provider.on("GET /v1/wallets/kakaopay/payments/T2", 503, "{\"error\":{\"type\":\"api_error\"}}");
      assertThat(await(kakao.status("T2"))).extracting(PaymentStep::outcome, PaymentStep::code)
          .containsExactly(Outcome.UNKNOWN, PaymentStep.PROVIDER_ERROR);
    }

    @Test
    @DisplayName("a refund is a cancel of the amount, under the wallet's own path")
    void refund() throws Exception {
      PaymentProvider paypal = providers.forMethod("paypal");
      provider.on("POST /v1/wallets/paypal/cancel", 200, "{\"tid\":\"T9\",\"status\":\"partially_cancelled\",\"canceled_amount\":500}");
      RefundStep r = await(paypal.refund("T9", 500, "refund-1"));
      assertThat(r).extracting(RefundStep::outcome, RefundStep::amount).containsExactly(RefundStep.Outcome.REFUNDED, 500L);
      assertThat(provider.last().body()).isEqualTo(new JsonObject().put("tid", "T9").put("amount", 500));
      assertThat(provider.last().headers()).containsEntry("idempotency-key", "refund-1");
    }

    @Test
    @DisplayName("M-Pesa is never sent an amount with cents: the payment is DECLINED amount_not_whole_units and nothing "
        + "reaches the provider; whole shillings are sent")
    void mpesaNeverSentCents() throws Exception {
      PaymentProvider mpesa = providers.forMethod("mpesa");
      PaymentStep refused = await(mpesa.start(new PaymentRequest("o-1002", "order-o-1002", 67_920, "KES", "u-7",
          "wallet_ok", "Savanna Rally", "https://store.example/checkout/return", null, null, null)));
      assertThat(refused).extracting(PaymentStep::outcome, PaymentStep::code)
          .containsExactly(Outcome.DECLINED, RedirectWallets.AMOUNT_NOT_WHOLE);
      assertThat(refused.message()).contains("67920");
      assertThat(provider.seen).as("nothing was sent").isEmpty();

      provider.on("POST /v1/wallets/mpesa/ready", 200, "{\"tid\":\"Tmp\",\"next_redirect_url\":\"https://sandbox.example/m\"}");
      assertThat(await(mpesa.start(new PaymentRequest("o-1003", "order-o-1003", 67_900, "KES", "u-7", "wallet_ok",
          "Savanna Rally", "https://store.example/checkout/return", null, null, null))).outcome())
          .isEqualTo(Outcome.REQUIRES_ACTION);
      assertThat(provider.last().body().getLong("amount")).isEqualTo(67_900L);
      assertThat(provider.last().body().getString("currency")).isEqualTo("kes");
    }

    @Test
    @DisplayName("SEPA runs as the redirect wallet 'sepa'")
    void sepa() throws Exception {
      provider.on("POST /v1/wallets/sepa/ready", 200, "{\"tid\":\"Tsepa\",\"next_redirect_url\":\"https://sandbox.example/s\"}");
      assertThat(await(providers.forMethod("sepa").start(request(null))).outcome()).isEqualTo(Outcome.REQUIRES_ACTION);
      assertThat(provider.last().body().getString("partner_user_id")).isEqualTo("u-7");
    }
  }

  @Nested
  @DisplayName("vouchers (konbini, boleto, Pix)")
  class VoucherPayments {
    private final PaymentProvider konbini = providers.forMethod("konbini");

    @Test
    @DisplayName("a voucher is PENDING with its reference, instructions and expiry; the expiry comes from conf/payments.json")
    void pending() throws Exception {
      provider.on("POST /v1/vouchers", 200, """
          {"id":"vo_1","status":"pending","reference":"KB-0001-2345","instructions_url":"https://sandbox.example/vouchers/vo_1",
           "expires_at":1767484800}""");
      PaymentStep step = await(konbini.start(request(null)));
      assertThat(step).extracting(PaymentStep::outcome, PaymentStep::providerRef, PaymentStep::voucherReference,
          PaymentStep::instructionsUrl, PaymentStep::expiresAt).containsExactly(Outcome.PENDING, "vo_1", "KB-0001-2345",
          "https://sandbox.example/vouchers/vo_1", Instant.ofEpochSecond(1767484800));
      JsonObject body = provider.last().body();
      assertThat(body.getString("method")).isEqualTo("konbini");
      assertThat(body.getLong("expires_in_seconds")).isEqualTo(259200L);
      assertThat(body.getJsonObject("metadata").getString("orderId")).isEqualTo("o-1001");
      assertThat(provider.last().headers()).containsEntry("idempotency-key", "order-o-1001-attempt-1");
      assertThat(step.toJson().getJsonObject("voucher").getString("reference")).isEqualTo("KB-0001-2345");
    }

    @Test
    @DisplayName("paid is SUCCEEDED and expired is DECLINED expired")
    void paidAndExpired() throws Exception {
      provider.on("GET /v1/vouchers/vo_1", 200, "{\"id\":\"vo_1\",\"status\":\"paid\"}");
      assertThat(await(konbini.status("vo_1")).outcome()).isEqualTo(Outcome.SUCCEEDED);
      provider.on("GET /v1/vouchers/vo_1", 200, "{\"id\":\"vo_1\",\"status\":\"expired\",\"expires_at\":\"2026-01-04T00:00:00Z\"}");
      assertThat(await(konbini.confirm(new PaymentConfirmation("o-1001", "vo_1", null, null))))
          .extracting(PaymentStep::outcome, PaymentStep::code).containsExactly(Outcome.DECLINED, PaymentStep.EXPIRED);
    }

    @Test
    @DisplayName("a voucher refund is MANUAL and calls nobody")
    void manualRefund() throws Exception {
      RefundStep r = await(providers.forMethod("boleto").refund("vo_2", 4990, "refund-2"));
      assertThat(r.outcome()).isEqualTo(RefundStep.Outcome.MANUAL);
      assertThat(provider.seen).isEmpty();
    }

    @Test
    @DisplayName("a timeout creating a voucher is UNKNOWN")
    void timeout() throws Exception {
      provider.hang("POST /v1/vouchers");
      assertThat(await(providers.forMethod("pix").start(request(null))).outcome()).isEqualTo(Outcome.UNKNOWN);
    }
  }

  @Test
  @DisplayName("registering our webhook URL answers the secret, and registering again sends the same idempotency key")
  void webhookRegistration() throws Exception {
    provider.on("POST /v1/webhook_endpoints", 200,
        "{\"id\":\"we_1\",\"url\":\"https://store.example/api/v1/payments/webhook\",\"secret\":\"whsec_abc\"}");
    WebhookEndpoints endpoints = providers.webhookEndpoints(providers.endpoints().iterator().next());
    WebhookEndpoints.Registration reg = await(endpoints.register("https://store.example/api/v1/payments/webhook"));
    assertThat(reg.secret()).isEqualTo("whsec_abc");
    assertThat(reg.toString()).doesNotContain("whsec_abc");
    String key = provider.last().headers().get("idempotency-key");
    await(endpoints.register("https://store.example/api/v1/payments/webhook"));
    assertThat(provider.last().headers()).containsEntry("idempotency-key", key);
    assertThat(providers.endpoints()).hasSize(1);
  }
}

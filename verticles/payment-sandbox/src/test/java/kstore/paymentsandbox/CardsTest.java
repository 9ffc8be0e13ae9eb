package kstore.paymentsandbox;

import static kstore.paymentsandbox.SandboxClient.browse;
import static kstore.paymentsandbox.SandboxClient.error;
import static kstore.paymentsandbox.SandboxClient.location;
import static kstore.paymentsandbox.SandboxClient.press;
import static kstore.paymentsandbox.SandboxClient.query;
import static kstore.paymentsandbox.WebhookReceiver.about;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Cards in the PaymentIntent style")
class CardsTest {

    private static final String RETURN = "http://127.0.0.1:9/checkout/return?order=o1";

    private static PaymentSandbox sandbox;
    private static SandboxClient api;
    private static WebhookReceiver hooks;

    private static RunningSandbox running;

    @BeforeAll
    static void start() throws Exception {
        running = RunningSandbox.start();
        sandbox = running.sandbox();
        api = running.api();
        hooks = running.hooks();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static JsonObject intent(String card, String capture) {
        return new JsonObject().put("amount", 12000).put("currency", "krw").put("payment_method", card)
            .put("capture_method", capture).put("confirm", true).put("return_url", RETURN)
            .put("metadata", new JsonObject().put("orderId", UUID.randomUUID().toString()));
    }

    private static HttpResponse<String> pay(String card) {
        return api.post("/v1/payment_intents", intent(card, "automatic"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pm_card_visa", "pm_card_mastercard"})
    @DisplayName("a good card succeeds at once, with a charge and a payment_intent.succeeded webhook")
    void goodCardSucceeds(String card) {
        JsonObject pi = api.ok(pay(card));
        assertThat(pi.getString("id")).startsWith("pi_");
        assertThat(pi.getString("object")).isEqualTo("payment_intent");
        assertThat(pi.getString("status")).isEqualTo("succeeded");
        assertThat(pi.getString("latest_charge")).startsWith("ch_");
        assertThat(pi.getLong("amount")).isEqualTo(12000L);
        assertThat(pi.getString("currency")).isEqualTo("krw");
        assertThat(pi.getJsonObject("metadata").getString("orderId")).isNotBlank();
        assertThat(pi.containsKey("last_payment_error")).isFalse();
        assertThat(api.ok(api.get("/v1/payment_intents/" + pi.getString("id")))).isEqualTo(pi);
        assertThat(hooks.await(1, about("payment_intent.succeeded", pi.getString("id")))).hasSize(1);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"pm_card_chargeDeclined, generic_decline", "pm_card_insufficientFunds, insufficient_funds"})
    @DisplayName("a declined card leaves the intent requiring a payment method, says why, and sends payment_failed")
    void declinedCard(String card, String declineCode) {
        JsonObject pi = api.ok(pay(card));
        assertThat(pi.getString("status")).isEqualTo("requires_payment_method");
        assertThat(pi.getJsonObject("last_payment_error").getString("code")).isEqualTo("card_declined");
        assertThat(pi.getJsonObject("last_payment_error").getString("decline_code")).isEqualTo(declineCode);
        assertThat(pi.containsKey("latest_charge")).isFalse();
        hooks.await(1, about("payment_intent.payment_failed", pi.getString("id")));
    }

    @Test
    @DisplayName("a provider error is a 500 api_error and charges nothing")
    void providerError() {
        HttpResponse<String> r = pay("pm_card_providerError");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(error(r).getString("type")).isEqualTo("api_error");
    }

    @Test
    @DisplayName("an unknown payment method token is a 400 naming the parameter")
    void unknownToken() {
        HttpResponse<String> r = pay("pm_card_4242424242424242");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).getString("param")).isEqualTo("payment_method");
    }

    @Test
    @DisplayName("manual capture holds the money until capture; cancel releases another hold; a captured one cannot be cancelled")
    void manualCaptureAndCancel() {
        JsonObject held = api.ok(api.post("/v1/payment_intents", intent("pm_card_visa", "manual")));
        assertThat(held.getString("status")).isEqualTo("requires_capture");
        assertThat(hooks.deliveries(about("payment_intent.succeeded", held.getString("id")))).isEmpty();
        JsonObject captured = api.ok(api.post("/v1/payment_intents/" + held.getString("id") + "/capture", new JsonObject()));
        assertThat(captured.getString("status")).isEqualTo("succeeded");
        assertThat(captured.getLong("amount_received")).isEqualTo(12000L);
        hooks.await(1, about("payment_intent.succeeded", held.getString("id")));

        JsonObject other = api.ok(api.post("/v1/payment_intents", intent("pm_card_mastercard", "manual")));
        JsonObject cancelled = api.ok(api.post("/v1/payment_intents/" + other.getString("id") + "/cancel", new JsonObject()));
        assertThat(cancelled.getString("status")).isEqualTo("canceled");

        HttpResponse<String> late = api.post("/v1/payment_intents/" + held.getString("id") + "/cancel", new JsonObject());
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(error(late).getString("code")).isEqualTo("payment_intent_unexpected_state");
    }

    @Test
    @DisplayName("3-D Secure: the buyer approves on the challenge page and is sent back to return_url; the intent succeeds")
    void threeDSecureApproved() {
        JsonObject pi = api.ok(pay("pm_card_threeDSecureRequired"));
        String id = pi.getString("id");
        assertThat(pi.getString("status")).isEqualTo("requires_action");
        JsonObject redirect = pi.getJsonObject("next_action").getJsonObject("redirect_to_url");
        assertThat(pi.getJsonObject("next_action").getString("type")).isEqualTo("redirect_to_url");
        assertThat(redirect.getString("return_url")).isEqualTo(RETURN);
        hooks.await(1, about("payment_intent.requires_action", id));

        HttpResponse<String> page = browse(redirect.getString("url"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("Payment sandbox — no real money").contains("<html lang=\"en\"")
            .contains("value=\"approve\"").contains(">Approve</button>").contains("value=\"fail\"").contains("12,000 KRW");

        String back = location(press(redirect.getString("url"), Map.of("action", "approve")));
        assertThat(back).startsWith("http://127.0.0.1:9/checkout/return?order=o1&");
        assertThat(query(back)).containsEntry("payment_intent", id).containsEntry("redirect_status", "succeeded");
        assertThat(api.ok(api.get("/v1/payment_intents/" + id)).getString("status")).isEqualTo("succeeded");
        hooks.await(1, about("payment_intent.succeeded", id));

        assertThat(browse(redirect.getString("url")).body()).as("the page after the check").contains("succeeded")
            .doesNotContain("value=\"approve\"");
    }

    @Test
    @DisplayName("3-D Secure: failing the check on the page declines the intent with an authentication failure")
    void threeDSecureFailed() {
        JsonObject pi = api.ok(pay("pm_card_threeDSecureRequired"));
        String url = pi.getJsonObject("next_action").getJsonObject("redirect_to_url").getString("url");
        String back = location(press(url, Map.of("action", "fail")));
        assertThat(query(back)).containsEntry("payment_intent", pi.getString("id")).containsEntry("redirect_status", "failed");
        JsonObject after = api.ok(api.get("/v1/payment_intents/" + pi.getString("id")));
        assertThat(after.getString("status")).isEqualTo("requires_payment_method");
        assertThat(after.getJsonObject("last_payment_error").getString("code"))
            .isEqualTo("payment_intent_authentication_failure");
        hooks.await(1, about("payment_intent.payment_failed", pi.getString("id")));
    }

    @Test
    @DisplayName("3-D Secure: ?auto=approve lets a script pass the challenge without pressing a button")
    void threeDSecureAuto() {
        JsonObject pi = api.ok(pay("pm_card_threeDSecureRequired"));
        String url = pi.getJsonObject("next_action").getJsonObject("redirect_to_url").getString("url");
        assertThat(query(location(browse(url + "?auto=approve")))).containsEntry("redirect_status", "succeeded");
        assertThat(api.ok(api.get("/v1/payment_intents/" + pi.getString("id"))).getString("status")).isEqualTo("succeeded");
    }

    @Test
    @DisplayName("pm_card_webhookFirst: the success webhook has arrived before the browser is redirected back")
    void webhookFirst() {
        JsonObject pi = api.ok(pay("pm_card_webhookFirst"));
        assertThat(pi.getString("status")).isEqualTo("requires_action");
        String url = pi.getJsonObject("next_action").getJsonObject("redirect_to_url").getString("url");
        location(press(url, Map.of("action", "approve")));
        assertThat(hooks.deliveries(about("payment_intent.succeeded", pi.getString("id"))))
            .as("already delivered when the redirect arrives").hasSize(1);
    }

    @Test
    @DisplayName("pm_card_timeout: the call hangs past the client's timeout, yet the payment succeeds and its webhook comes")
    void timeoutCard() throws Exception {
        JsonObject body = intent("pm_card_timeout", "automatic");
        String key = UUID.randomUUID().toString();
        HttpRequest request = api.api("/v1/payment_intents").timeout(Duration.ofMillis(500))
            .header("Content-Type", "application/json").header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(HttpTimeoutException.class);

        String orderId = body.getJsonObject("metadata").getString("orderId");
        WebhookReceiver.Delivery d = hooks.await(1, x -> x.event().getString("type").equals("payment_intent.succeeded")
            && orderId.equals(x.object().getJsonObject("metadata").getString("orderId"))).get(0);
        assertThat(d.object().getString("status")).isEqualTo("succeeded");

        HttpResponse<String> retry = api.post("/v1/payment_intents", body, key);
        assertThat(api.ok(retry).getString("id")).as("the retry with the same key learns the outcome at once")
            .isEqualTo(d.object().getString("id"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    @DisplayName("an Idempotency-Key replays the first answer for the same body and refuses another body with 409")
    void idempotency() {
        String key = UUID.randomUUID().toString();
        JsonObject body = intent("pm_card_visa", "automatic");
        JsonObject first = api.ok(api.post("/v1/payment_intents", body, key));
        HttpResponse<String> again = api.post("/v1/payment_intents", body.copy(), key);
        assertThat(api.ok(again)).isEqualTo(first);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");

        HttpResponse<String> other = api.post("/v1/payment_intents", body.copy().put("amount", 13000), key);
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(error(other).getString("type")).isEqualTo("idempotency_error");
        hooks.await(1, about("payment_intent.succeeded", first.getString("id")));
        assertThat(hooks.deliveries(about("payment_intent.succeeded", first.getString("id"))))
            .as("charged once").hasSize(1);
    }

    @Test
    @DisplayName("the API refuses a call without the secret key, or with another key, with 401")
    void authRefused() {
        HttpResponse<String> none = SandboxClient.send(HttpRequest.newBuilder(
            URI.create(sandbox.baseUrl() + "/v1/payment_intents")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(intent("pm_card_visa", "automatic").encode())));
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = SandboxClient.send(HttpRequest.newBuilder(
            URI.create(sandbox.baseUrl() + "/v1/payment_intents/pi_x")).header("Authorization", "Bearer sk_test_wrong").GET());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong).getString("type")).isEqualTo("invalid_request_error");
    }

    @Test
    @DisplayName("refunds: partial, then more than is left is amount_too_large, then the rest; each sends charge.refunded")
    void refunds() {
        JsonObject pi = api.ok(api.post("/v1/payment_intents", intent("pm_card_visa", "automatic").put("amount", 10000)));
        String id = pi.getString("id");
        JsonObject partial = api.ok(api.post("/v1/refunds", new JsonObject().put("payment_intent", id).put("amount", 3000)));
        assertThat(partial.getString("id")).startsWith("re_");
        assertThat(partial.getString("object")).isEqualTo("refund");
        assertThat(partial.getString("status")).isEqualTo("succeeded");
        assertThat(partial.getLong("amount")).isEqualTo(3000L);
        assertThat(partial.getString("currency")).isEqualTo("krw");

        HttpResponse<String> tooMuch = api.post("/v1/refunds", new JsonObject().put("payment_intent", id).put("amount", 8000));
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(error(tooMuch).getString("type")).isEqualTo("invalid_request_error");
        assertThat(error(tooMuch).getString("code")).isEqualTo("amount_too_large");

        JsonObject rest = api.ok(api.post("/v1/refunds", new JsonObject().put("payment_intent", id)));
        assertThat(rest.getLong("amount")).isEqualTo(7000L);
        var refunded = hooks.await(2, about("charge.refunded", id));
        assertThat(refunded).extracting(d -> d.object().getLong("amount_refunded")).containsExactlyInAnyOrder(3000L, 10000L);
        assertThat(api.post("/v1/refunds", new JsonObject().put("payment_intent", id)).statusCode()).isEqualTo(400);
    }

    private static JsonObject refundControl(String payment, String action) {
        HttpResponse<String> r = press(sandbox.baseUrl() + "/sandbox/payments/" + payment + "/refunds/" + action, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    @Test
    @DisplayName("refunds that fail: an outage is 503 refunds_unavailable and stores nothing under the key, a dispute is "
        + "400 charge_disputed; once mended the same request refunds, once")
    void refundFailures() {
        String id = api.ok(pay("pm_card_visa")).getString("id");
        JsonObject refund = new JsonObject().put("payment_intent", id);
        assertThat(refundControl(id, "outage").getString("refunds")).isEqualTo("outage");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> down = api.post("/v1/refunds", refund, "reverse-" + id);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(error(down).getString("type")).isEqualTo("api_error");
            assertThat(error(down).getString("code")).isEqualTo("refunds_unavailable");
        }
        assertThat(refundControl(id, "dispute").getString("refunds")).isEqualTo("disputed");
        HttpResponse<String> disputed = api.post("/v1/refunds", refund, "reverse-" + id);
        assertThat(disputed.statusCode()).isEqualTo(400);
        assertThat(error(disputed).getString("code")).isEqualTo("charge_disputed");

        JsonObject mended = refundControl(id, "mend");
        assertThat(mended.getString("refunds")).isEqualTo("normal");
        assertThat(mended.getLong("refused")).isEqualTo(3L);
        JsonObject done = api.ok(api.post("/v1/refunds", refund, "reverse-" + id));
        assertThat(done.getLong("amount")).isEqualTo(12000L);
        assertThat(api.ok(api.post("/v1/refunds", refund, "reverse-" + id)).getString("id")).as("the key's answer")
            .isEqualTo(done.getString("id"));
        assertThat(hooks.await(1, about("charge.refunded", id))).hasSize(1);
        assertThat(error(api.post("/v1/refunds", refund)).getString("code")).isEqualTo("charge_already_refunded");
    }
}

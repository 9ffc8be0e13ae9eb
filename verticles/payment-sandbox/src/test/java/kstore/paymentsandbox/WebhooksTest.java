package kstore.paymentsandbox;

import static kstore.paymentsandbox.WebhookReceiver.about;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Webhooks")
class WebhooksTest {

    private PaymentSandbox sandbox;
    private SandboxClient api;
    private WebhookReceiver hooks;
    private String secret;

    @BeforeEach
    void start() throws Exception {
        sandbox = SandboxClient.startFast();
        api = new SandboxClient(sandbox);
        hooks = new WebhookReceiver();
        JsonObject endpoint = api.ok(api.post("/v1/webhook_endpoints", new JsonObject().put("url", hooks.url())));
        secret = endpoint.getString("secret");
    }

    @AfterEach
    void stop() {
        hooks.close();
        sandbox.close();
    }

    private String pay(String card) {
        return api.ok(api.post("/v1/payment_intents", new JsonObject().put("amount", 1999).put("currency", "usd")
            .put("payment_method", card).put("confirm", true))).getString("id");
    }

    /** The receiver's check, written from PROTOCOL.md alone. */
    private static boolean verifies(String header, String body, String secret) throws Exception {
        Map<String, String> parts = Stream.of(header.split(",")).map(p -> p.split("=", 2))
            .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        long t = Long.parseLong(parts.get("t"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        return expected.equals(parts.get("v1")) && Math.abs(Instant.now().getEpochSecond() - t) <= 300;
    }

    @Test
    @DisplayName("registering a url twice answers the same endpoint and secret")
    void registerTwice() {
        JsonObject again = api.ok(api.post("/v1/webhook_endpoints", new JsonObject().put("url", hooks.url())));
        assertThat(again.getString("id")).startsWith("we_");
        assertThat(again.getString("secret")).isEqualTo(secret).startsWith("whsec_");
    }

    @Test
    @DisplayName("an event is signed as documented: t=<unix s>,v1=hex(HMAC-SHA256(secret, t.body)); a tampered body fails")
    void signature() throws Exception {
        String id = pay("pm_card_visa");
        WebhookReceiver.Delivery d = hooks.await(1, about("payment_intent.succeeded", id)).get(0);
        assertThat(d.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(verifies(d.signature(), d.body(), secret)).isTrue();
        assertThat(verifies(d.signature(), d.body().replace("1999", "1"), secret)).isFalse();
        assertThat(verifies(d.signature(), d.body(), "whsec_other")).isFalse();
        JsonObject event = d.event();
        assertThat(event.getString("id")).startsWith("evt_");
        assertThat(event.getLong("created")).isPositive();
        assertThat(d.object().getString("status")).isEqualTo("succeeded");
    }

    @Test
    @DisplayName("pm_card_duplicateWebhook delivers the same event (same id) twice")
    void duplicate() {
        String id = pay("pm_card_duplicateWebhook");
        List<WebhookReceiver.Delivery> two = hooks.await(2, about("payment_intent.succeeded", id));
        assertThat(two).extracting(d -> d.event().getString("id")).containsOnly(two.get(0).event().getString("id"));
    }

    @Test
    @DisplayName("a 500 from the receiver is retried after the first retry delay with the same event, newly signed")
    void retryAfter500() throws Exception {
        hooks.failNext(1);
        String id = pay("pm_card_visa");
        List<WebhookReceiver.Delivery> both = hooks.await(2, about("payment_intent.succeeded", id));
        assertThat(both.get(1).event().getString("id")).isEqualTo(both.get(0).event().getString("id"));
        assertThat(both.get(1).receivedNanos() - both.get(0).receivedNanos()).as("retry delay 200 ms")
            .isGreaterThanOrEqualTo(150_000_000L);
        assertThat(verifies(both.get(1).signature(), both.get(1).body(), secret)).isTrue();
    }

    @Test
    @DisplayName("pm_card_lateWebhook succeeds at once but its webhook comes only after the late delay")
    void late() {
        long before = System.nanoTime();
        String id = pay("pm_card_lateWebhook");
        WebhookReceiver.Delivery d = hooks.await(1, about("payment_intent.succeeded", id)).get(0);
        assertThat(d.receivedNanos() - before).as("late delay 1 s").isGreaterThanOrEqualTo(900_000_000L);
    }
}

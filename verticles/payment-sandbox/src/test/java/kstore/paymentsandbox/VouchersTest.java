package kstore.paymentsandbox;

import static kstore.paymentsandbox.SandboxClient.browse;
import static kstore.paymentsandbox.SandboxClient.error;
import static kstore.paymentsandbox.WebhookReceiver.about;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Vouchers (konbini, boleto, Pix)")
class VouchersTest {

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

    private static JsonObject voucher(String method, long expiresIn) {
        return api.ok(api.post("/v1/vouchers", new JsonObject().put("method", method).put("amount", 4980)
            .put("currency", method.equals("konbini") ? "jpy" : "brl").put("expires_in_seconds", expiresIn)
            .put("metadata", new JsonObject().put("orderId", "o-" + method))));
    }

    private static HttpResponse<String> control(String id, String action) {
        return SandboxClient.send(HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/sandbox/vouchers/" + id
            + "/" + action)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"konbini", "boleto", "pix"})
    @DisplayName("is issued pending with a reference and instructions, and paying it at the shop sends voucher.paid")
    void paid(String method) {
        JsonObject v = voucher(method, 3600);
        String id = v.getString("id");
        assertThat(id).startsWith("vo_");
        assertThat(v.getString("status")).isEqualTo("pending");
        assertThat(v.getString("reference")).isNotBlank();
        assertThat(v.getLong("expires_at")).isBetween(Instant.now().getEpochSecond() + 3500, Instant.now().getEpochSecond() + 3700);
        HttpResponse<String> page = browse(v.getString("instructions_url"));
        assertThat(page.body()).contains("Payment sandbox — no real money").contains(v.getString("reference"))
            .contains("Mark as paid at the shop");

        assertThat(api.ok(control(id, "pay")).getString("status")).isEqualTo("paid");
        assertThat(api.ok(api.get("/v1/vouchers/" + id)).getString("status")).isEqualTo("paid");
        JsonObject event = hooks.await(1, about("voucher.paid", id)).get(0).object();
        assertThat(event.getJsonObject("metadata").getString("orderId")).isEqualTo("o-" + method);

        HttpResponse<String> twice = control(id, "expire");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(error(twice).getString("code")).isEqualTo("voucher_not_pending");
    }

    @Test
    @DisplayName("the expire control ends a voucher with voucher.expired; it can no longer be paid")
    void expiredByControl() {
        JsonObject v = voucher("konbini", 3600);
        assertThat(api.ok(control(v.getString("id"), "expire")).getString("status")).isEqualTo("expired");
        hooks.await(1, about("voucher.expired", v.getString("id")));
        assertThat(control(v.getString("id"), "pay").statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("an unpaid voucher expires by itself at expires_at and sends voucher.expired")
    void selfExpiry() {
        JsonObject v = voucher("pix", 1);
        hooks.await(1, about("voucher.expired", v.getString("id")));
        assertThat(api.ok(api.get("/v1/vouchers/" + v.getString("id"))).getString("status")).isEqualTo("expired");
    }
}

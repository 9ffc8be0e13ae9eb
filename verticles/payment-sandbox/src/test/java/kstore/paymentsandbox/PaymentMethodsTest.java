package kstore.paymentsandbox;

import static kstore.paymentsandbox.SandboxClient.error;
import static kstore.paymentsandbox.WebhookReceiver.about;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PaymentMethods: the test cards with their issuing country")
class PaymentMethodsTest {

    private static RunningSandbox running;
    private static SandboxClient api;

    @BeforeAll
    static void start() throws Exception {
        running = RunningSandbox.start();
        api = running.api();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static JsonObject pay(String card) {
        return api.ok(api.post("/v1/payment_intents", new JsonObject().put("amount", 12000).put("currency", "krw")
            .put("payment_method", card).put("confirm", true)
            .put("metadata", new JsonObject().put("orderId", UUID.randomUUID().toString()))));
    }

    @Test
    @DisplayName("pm_card_visa reads as Stripe's: a US-issued card payment method, Visa ending 4242")
    void visaIsUsIssued() {
        JsonObject pm = api.ok(api.get("/v1/payment_methods/pm_card_visa"));
        assertThat(pm.getString("id")).isEqualTo("pm_card_visa");
        assertThat(pm.getString("object")).isEqualTo("payment_method");
        assertThat(pm.getString("type")).isEqualTo("card");
        JsonObject card = pm.getJsonObject("card");
        assertThat(card.getString("brand")).isEqualTo("visa");
        assertThat(card.getString("last4")).isEqualTo("4242");
        assertThat(card.getString("country")).isEqualTo("US");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pm_card_mastercard", "pm_card_chargeDeclined", "pm_card_insufficientFunds",
        "pm_card_threeDSecureRequired", "pm_card_timeout", "pm_card_providerError", "pm_card_duplicateWebhook",
        "pm_card_lateWebhook", "pm_card_webhookFirst"})
    @DisplayName("every older test card is US-issued")
    void olderCardsAreUsIssued(String token) {
        assertThat(api.ok(api.get("/v1/payment_methods/" + token)).getJsonObject("card").getString("country"))
            .isEqualTo("US");
    }

    @ParameterizedTest(name = "{0} is issued in {1}")
    @CsvSource({"pm_card_kr, KR", "pm_card_jp, JP", "pm_card_de, DE", "pm_card_br, BR", "pm_card_ir, IR"})
    @DisplayName("a country card names its issuing country, pays like pm_card_visa, and its charge repeats the country")
    void countryCards(String token, String country) {
        assertThat(api.ok(api.get("/v1/payment_methods/" + token)).getJsonObject("card").getString("country"))
            .isEqualTo(country);
        JsonObject pi = pay(token);
        assertThat(pi.getString("status")).isEqualTo("succeeded");
        assertThat(pi.getString("payment_method")).isEqualTo(token);
        String id = pi.getString("id");
        api.ok(api.post("/v1/refunds", new JsonObject().put("payment_intent", id)));
        JsonObject charge = running.hooks().await(1, about("charge.refunded", id)).get(0).object();
        assertThat(charge.getString("id")).isEqualTo(pi.getString("latest_charge"));
        assertThat(charge.getJsonObject("payment_method_details").getString("type")).isEqualTo("card");
        assertThat(charge.getJsonObject("payment_method_details").getJsonObject("card").getString("country"))
            .isEqualTo(country);
    }

    @Test
    @DisplayName("an unknown payment method is a 404 resource_missing")
    void unknownIsMissing() {
        HttpResponse<String> r = api.get("/v1/payment_methods/pm_card_nosuch");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(error(r).getString("type")).isEqualTo("invalid_request_error");
        assertThat(error(r).getString("code")).isEqualTo("resource_missing");
    }

    @Test
    @DisplayName("pm_card_paymentMethodError cannot be read (500 api_error) but still pays")
    void lookupErrorStillPays() {
        HttpResponse<String> r = api.get("/v1/payment_methods/pm_card_paymentMethodError");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(error(r).getString("type")).isEqualTo("api_error");
        assertThat(pay("pm_card_paymentMethodError").getString("status")).isEqualTo("succeeded");
    }

    @Test
    @DisplayName("reading a payment method needs the secret key, and the sandbox counts each call by method and path")
    void keyAndCounting() {
        String path = "/v1/payment_methods/pm_card_jp";
        long before = running.sandbox().apiCalls("GET", path);
        HttpResponse<String> noKey = SandboxClient.send(java.net.http.HttpRequest
            .newBuilder(java.net.URI.create(running.sandbox().baseUrl() + path)).GET());
        assertThat(noKey.statusCode()).isEqualTo(401);
        api.ok(api.get(path));
        assertThat(running.sandbox().apiCalls("GET", path)).isEqualTo(before + 2);
        assertThat(running.sandbox().apiCalls("DELETE", path)).isZero();
    }
}

package kstore.checkout.payments;

import static kstore.checkout.payments.RecordedProvider.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import kstore.checkout.payments.PaymentStep.Outcome;
import kstore.paymentsandbox.PaymentSandbox;
import kstore.platform.Regions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * R12 at the card adapter, against the real payment sandbox: a card issued where sale is impossible
 * ({@code unavailable} in conf/regions.json) is refused before any PaymentIntent exists, every other card is charged
 * and carries its issuing country, each card's country is read once, and a failed read does not block the sale.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("cards are checked for their issuing country before they are charged")
class CardIssuerCountriesTest {
  private static final String INTENTS = "/v1/payment_intents";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Vertx vertx;
  private PaymentSandbox sandbox;
  private PaymentProviders providers;
  private PaymentProvider cards;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    sandbox = PaymentSandbox.start(PaymentSandbox.Options.defaults());
    JsonObject conf = new JsonObject().put("payments", new JsonObject().put("timeoutMs", 5000)
        .put("sandbox", new JsonObject().put("url", sandbox.baseUrl()).put("secretKey", sandbox.secretKey())));
    PaymentsConfig config = PaymentsConfig.from(conf, Map.of());
    providers = PaymentProviders.create(vertx, config, PaymentMethods.load(config), Regions.load());
    cards = providers.forMethod("card");
  }

  @AfterAll
  void stop() throws Exception {
    providers.close();
    sandbox.close();
    await(vertx.close());
  }

  private static PaymentRequest request(String card) {
    String orderId = UUID.randomUUID().toString();
    return new PaymentRequest(orderId, "order-" + orderId + "-attempt-1", 15000, "KRW", "u-kr-1", card, "Wichter 3",
        "https://store.example/checkout/return", null, null, null);
  }

  private long calls(String method, String path) {
    return sandbox.apiCalls(method, path);
  }

  private JsonObject intentAtSandbox(String id) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + INTENTS + "/" + id))
        .header("Authorization", "Bearer " + sandbox.secretKey()).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  @DisplayName("a card issued in Iran is DECLINED card_country_unavailable and no PaymentIntent is created")
  void iranianCardIsRefusedBeforeCharging() throws Exception {
    long intentsBefore = calls("POST", INTENTS);
    PaymentStep step = await(cards.start(request("pm_card_ir")));
    assertThat(step).extracting(PaymentStep::outcome, PaymentStep::code, PaymentStep::providerRef,
            PaymentStep::paymentCountry, PaymentStep::message)
        .containsExactly(Outcome.DECLINED, PaymentStep.CARD_COUNTRY_UNAVAILABLE, null, "IR",
            "Cards issued in Iran cannot be used on K Store");
    assertThat(step.toJson().getString("code")).isEqualTo("card_country_unavailable");
    assertThat(calls("POST", INTENTS)).as("PaymentIntents created at the sandbox").isEqualTo(intentsBefore);
    assertThat(calls("GET", "/v1/payment_methods/pm_card_ir")).isEqualTo(1);
  }

  @Test
  @DisplayName("a Korean card for a KR buyer is charged, and the step carries the issuing country KR")
  void koreanCardIsCharged() throws Exception {
    PaymentStep step = await(cards.start(request("pm_card_kr")));
    assertThat(step).extracting(PaymentStep::outcome, PaymentStep::paymentCountry)
        .containsExactly(Outcome.SUCCEEDED, "KR");
    assertThat(step.providerRef()).startsWith("pi_");
    JsonObject pi = intentAtSandbox(step.providerRef());
    assertThat(pi.getString("status")).isEqualTo("succeeded");
    assertThat(pi.getString("payment_method")).isEqualTo("pm_card_kr");
    assertThat(step.toJson().getString("paymentCountry")).isEqualTo("KR");
  }

  @Test
  @DisplayName("a card's issuing country is read once: the second payment with it asks the provider only to charge")
  void countryIsCachedPerCard() throws Exception {
    String lookup = "/v1/payment_methods/pm_card_jp";
    long intentsBefore = calls("POST", INTENTS);
    PaymentStep first = await(cards.start(request("pm_card_jp")));
    PaymentStep second = await(cards.start(request("pm_card_jp")));
    assertThat(first.paymentCountry()).isEqualTo("JP");
    assertThat(second.paymentCountry()).isEqualTo("JP");
    assertThat(second.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(calls("GET", lookup)).isEqualTo(1);
    assertThat(calls("POST", INTENTS)).isEqualTo(intentsBefore + 2);
  }

  @Test
  @DisplayName("when the provider cannot tell the card's country (500), the card is charged anyway, without a country")
  void lookupFailureDoesNotBlockTheSale() throws Exception {
    String lookup = "/v1/payment_methods/pm_card_paymentMethodError";
    long intentsBefore = calls("POST", INTENTS);
    PaymentStep step = await(cards.start(request("pm_card_paymentMethodError")));
    assertThat(step).extracting(PaymentStep::outcome, PaymentStep::paymentCountry)
        .containsExactly(Outcome.SUCCEEDED, null);
    assertThat(intentAtSandbox(step.providerRef()).getString("status")).isEqualTo("succeeded");
    assertThat(calls("GET", lookup)).isEqualTo(1);
    assertThat(calls("POST", INTENTS)).isEqualTo(intentsBefore + 1);
    // a failure is not remembered: the next payment asks again
    await(cards.start(request("pm_card_paymentMethodError")));
    assertThat(calls("GET", lookup)).isEqualTo(2);
  }

  @Test
  @DisplayName("a US-issued test card still pays as before and carries US")
  void usCardUnchanged() throws Exception {
    PaymentStep step = await(cards.start(request("pm_card_visa")));
    assertThat(step).extracting(PaymentStep::outcome, PaymentStep::paymentCountry)
        .containsExactly(Outcome.SUCCEEDED, "US");
  }
}

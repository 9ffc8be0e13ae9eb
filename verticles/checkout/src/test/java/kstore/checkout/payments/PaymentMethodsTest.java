package kstore.checkout.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.platform.Regions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PaymentMethodsTest {
  private static final JsonObject SANDBOX = new JsonObject().put("payments", new JsonObject()
      .put("sandbox", new JsonObject().put("url", "http://127.0.0.1:9").put("secretKey", "sk_test_x")));

  private static PaymentMethods methods() {
    return PaymentMethods.load(PaymentsConfig.from(SANDBOX, Map.of()));
  }

  private static List<String> ids(PaymentMethods m, String country) {
    return m.methodsOf(country).stream().map(PaymentMethod::id).toList();
  }

  @Test
  @DisplayName("a Korean buyer sees cards, KakaoPay, Naver Pay and Toss, in that order, and not PayPay")
  void korea() {
    PaymentMethods m = methods();
    assertThat(ids(m, "KR")).containsExactly("card", "kakaopay", "naverpay", "toss");
    assertThat(ids(m, "kr")).doesNotContain("paypay");
    JsonArray json = m.forCountry("KR");
    assertThat(json.getJsonObject(1).getString("id")).isEqualTo("kakaopay");
    assertThat(json.getJsonObject(1).getString("kind")).isEqualTo("wallet");
    assertThat(json.getJsonObject(1).getJsonObject("names").getString("ko")).isEqualTo("카카오페이");
    assertThat(json.getJsonObject(0).getString("kind")).isEqualTo("card");
  }

  @Test
  @DisplayName("a Chinese buyer has Alipay and WeChat Pay and no cards")
  void chinaHasNoCards() {
    assertThat(ids(methods(), "CN")).containsExactly("alipay", "wechatpay");
  }

  @Test
  @DisplayName("every country of the issue gets its representative methods")
  void issueCountries() {
    PaymentMethods m = methods();
    assertThat(ids(m, "JP")).containsExactly("card", "paypay", "konbini");
    assertThat(ids(m, "US")).containsExactly("card", "paypal");
    assertThat(ids(m, "DE")).containsExactly("card", "paypal", "klarna", "sepa");
    assertThat(ids(m, "GB")).contains("card", "paypal");
    assertThat(ids(m, "FR")).contains("card", "paypal");
    assertThat(ids(m, "BR")).containsExactly("card", "pix", "boleto");
    assertThat(ids(m, "IN")).containsExactly("card", "upi");
    assertThat(ids(m, "TW")).containsExactly("card", "linepay");
    assertThat(ids(m, "KE")).contains("mpesa");
    assertThat(ids(m, "ZA")).containsExactly("card", "payfast");
    assertThat(m.byId("sepa").orElseThrow().kind()).isEqualTo(MethodKind.BANK);
    assertThat(m.byId("konbini").orElseThrow().refund()).isEqualTo(RefundMode.MANUAL);
    assertThat(m.byId("konbini").orElseThrow().expiresInSeconds()).isPositive();
    assertThat(m.forCountry("BR").getJsonObject(1).getString("refund")).isEqualTo("manual");
  }

  @Test
  @DisplayName("a country the catalog does not list gets the default methods")
  void defaults() {
    assertThat(ids(methods(), "NZ")).containsExactly("card", "paypal");
  }

  @Test
  @DisplayName("a method of another country or an unknown method is refused with VALIDATION naming the allowed ones")
  void refusesOtherCountriesMethods() {
    PaymentMethods m = methods();
    assertThat(m.require("KR", "kakaopay").id()).isEqualTo("kakaopay");
    assertThatThrownBy(() -> m.require("KR", "paypay")).isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(ServiceError.codeOf(e)).isEqualTo(ErrorCode.VALIDATION);
      assertThat(e.getMessage()).contains("paypay", "KR", "card, kakaopay, naverpay, toss");
    });
    assertThatThrownBy(() -> m.require("CN", "card")).isInstanceOf(ReplyException.class);
    assertThatThrownBy(() -> m.require("US", "bitcoin"))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(ServiceError.codeOf(e)).isEqualTo(ErrorCode.VALIDATION));
  }

  @Test
  @DisplayName("methods whose provider has no endpoint are hidden from every country")
  void hidesUnconfiguredProviders() {
    PaymentsConfig onlyCards = PaymentsConfig.from(new JsonObject().put("payments", new JsonObject().put("providers",
        new JsonObject().put("card", new JsonObject().put("url", "https://api.cards.example").put("secretKey", "sk")))), Map.of());
    PaymentMethods m = PaymentMethods.load(onlyCards);
    assertThat(ids(m, "KR")).containsExactly("card");
    assertThat(ids(m, "CN")).isEmpty();
    assertThatThrownBy(() -> m.require("KR", "kakaopay")).isInstanceOf(ReplyException.class);
  }

  @Test
  @DisplayName("a provider's own endpoint comes from the environment first, then payments.providers, then the sandbox")
  void endpointResolution() {
    JsonObject conf = SANDBOX.copy();
    conf.getJsonObject("payments").put("providers", new JsonObject()
        .put("paypal", new JsonObject().put("url", "https://api.paypal.example").put("secretKey", "pp").put("timeoutMs", 2000)));
    PaymentsConfig c = PaymentsConfig.from(conf, Map.of("KSTORE_PAY_KAKAOPAY_URL", "https://kapi.example/",
        "KSTORE_PAY_KAKAOPAY_KEY", "kk"));
    assertThat(c.endpoint("kakaopay").orElseThrow()).extracting(ProviderEndpoint::url, ProviderEndpoint::secretKey,
        ProviderEndpoint::sandbox).containsExactly("https://kapi.example", "kk", false);
    assertThat(c.endpoint("paypal").orElseThrow()).extracting(ProviderEndpoint::url, ProviderEndpoint::timeoutMs)
        .containsExactly("https://api.paypal.example", 2000L);
    assertThat(c.endpoint("toss").orElseThrow()).extracting(ProviderEndpoint::url, ProviderEndpoint::sandbox,
        ProviderEndpoint::timeoutMs).containsExactly("http://127.0.0.1:9", true, PaymentsConfig.DEFAULT_TIMEOUT_MS);
    assertThat(c.endpoint("toss").orElseThrow().toString()).doesNotContain("sk_test_x");
    assertThatThrownBy(() -> PaymentsConfig.from(conf, Map.of("KSTORE_PAY_TOSS_URL", "https://toss.example")).endpoint("toss"))
        .hasMessageContaining("KSTORE_PAY_TOSS_KEY");
  }

  @Test
  @DisplayName("M-Pesa takes whole units, and is offered only where conf/regions.json charges whole units (KES); "
      + "offered elsewhere, or set on a card method, the config fails naming it")
  void wholeUnits() {
    PaymentMethods shipped = methods();
    assertThat(shipped.byId("mpesa").orElseThrow().wholeUnits()).isTrue();
    assertThat(shipped.byId("card").orElseThrow().wholeUnits()).isFalse();
    shipped.requireWholeUnitCurrencies(Regions.load());

    JsonObject mpesa = new JsonObject().put("id", "mpesa").put("kind", "wallet").put("adapter", "wallets")
        .put("wholeUnits", true).put("names", new JsonObject().put("en", "M-Pesa"));
    PaymentMethods inSouthAfrica = PaymentMethods.parse(new JsonObject().put("methods", new JsonArray().add(mpesa))
        .put("countries", new JsonObject().put("ZA", new JsonArray().add("mpesa"))).put("defaultMethods", new JsonArray()),
        p -> true);
    assertThatThrownBy(() -> inSouthAfrica.requireWholeUnitCurrencies(Regions.load()))
        .hasMessageContaining("'mpesa'").hasMessageContaining("ZA").hasMessageContaining("currencies.ZAR.wholeUnits");

    JsonObject card = new JsonObject().put("id", "card").put("kind", "card").put("adapter", "cards")
        .put("wholeUnits", true).put("names", new JsonObject().put("en", "Card"));
    assertThatThrownBy(() -> PaymentMethods.parse(new JsonObject().put("methods", new JsonArray().add(card))
        .put("countries", new JsonObject()).put("defaultMethods", new JsonArray()), p -> true))
        .hasMessageContaining("payment method 'card'").hasMessageContaining("wholeUnits");
    assertThatThrownBy(() -> PaymentMethods.parse(new JsonObject().put("methods", new JsonArray()
            .add(mpesa.copy().put("wholeUnits", "yes"))).put("countries", new JsonObject())
            .put("defaultMethods", new JsonArray()), p -> true))
        .hasMessageContaining("payment method 'mpesa'").hasMessageContaining("wholeUnits");
  }

  @Test
  @DisplayName("bad payments config fails fast naming the key")
  void badConfig() {
    assertThatThrownBy(() -> PaymentsConfig.from(new JsonObject().put("payments", new JsonObject().put("timeout", 5)), Map.of()))
        .hasMessageContaining("payments.timeout");
    assertThatThrownBy(() -> PaymentsConfig.from(new JsonObject().put("payments", new JsonObject()
        .put("sandbox", new JsonObject().put("url", "not a url").put("secretKey", "k"))), Map.of()))
        .hasMessageContaining("payments.sandbox.url");
    assertThatThrownBy(() -> PaymentMethods.parse(new JsonObject().put("methods", new JsonArray())
        .put("countries", new JsonObject().put("KR", new JsonArray().add("card"))).put("defaultMethods", new JsonArray()), p -> true))
        .hasMessageContaining("countries.KR");
  }
}

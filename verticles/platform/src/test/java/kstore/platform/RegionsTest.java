package kstore.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The countries the store knows, from conf/regions.json. */
class RegionsTest {
  private static Regions regions;

  @BeforeAll
  static void load() {
    regions = Regions.load();
  }

  @Test
  @DisplayName("conf/regions.json loads with US as the default country")
  void loads() {
    assertThat(regions.defaultCountry()).isEqualTo("US");
    assertThat(regions.all()).extracting(Regions.Region::country).contains("US", "KR", "JP", "DE");
    assertThat(regions.currencies()).containsEntry("USD", 2).containsEntry("KRW", 0);
  }

  @Test
  @DisplayName("Korea buys in won with no minor digits, in Korean")
  void korea() {
    assertThat(regions.of("KR")).isEqualTo(new Regions.Region("KR", "KRW", 0, "ko"));
  }

  @Test
  @DisplayName("Japan buys in yen with no minor digits, Germany in euro with two")
  void japanAndGermany() {
    assertThat(regions.of("JP")).isEqualTo(new Regions.Region("JP", "JPY", 0, "ja"));
    assertThat(regions.of("DE")).isEqualTo(new Regions.Region("DE", "EUR", 2, "en"));
    assertThat(regions.digits("EUR")).isEqualTo(2);
  }

  @Test
  @DisplayName("an unknown but well-formed country buys in US dollars, in English")
  void unknownCountryUsd() {
    assertThat(regions.of("ZZ")).isEqualTo(new Regions.Region("ZZ", "USD", 2, "en"));
    assertThat(regions.known("ZZ")).isEmpty();
    assertThat(regions.known("KR")).isPresent();
  }

  @Test
  @DisplayName("a lower-case country code resolves like the upper-case one; no country means the default")
  void caseAndNull() {
    assertThat(regions.of("kr").currency()).isEqualTo("KRW");
    assertThat(regions.of(null)).isEqualTo(regions.of("US"));
  }

  @Test
  @DisplayName("the service is unavailable in North Korea, available in the US and in unlisted countries")
  void unavailable() {
    assertThat(regions.serviceUnavailable("KP")).isTrue();
    assertThat(regions.serviceUnavailable("IR")).isTrue();
    assertThat(regions.serviceUnavailable("US")).isFalse();
    assertThat(regions.serviceUnavailable("ZZ")).isFalse();
  }

  @Test
  @DisplayName("a currency without a price list has no digits: asking for them fails naming it")
  void unknownCurrencyDigits() {
    assertThatThrownBy(() -> regions.digits("XAU")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XAU");
  }

  @Test
  @DisplayName("Kenya's shillings are charged in whole units (M-Pesa): every amount is a multiple of KSh 1; rand and won are not")
  void wholeShillings() {
    assertThat(regions.of("KE")).isEqualTo(new Regions.Region("KE", "KES", 2, "en", true));
    assertThat(regions.wholeUnits("KES")).isTrue();
    assertThat(regions.chargeUnit("KES")).isEqualTo(100);
    assertThat(regions.of("KE").chargeUnit()).isEqualTo(100);
    assertThat(regions.wholeUnits("ZAR")).isFalse();
    assertThat(regions.chargeUnit("ZAR")).isEqualTo(1);
    assertThat(regions.chargeUnit("KRW")).isEqualTo(1);
    assertThatThrownBy(() -> regions.chargeUnit("XAU")).hasMessageContaining("XAU");
  }

  @Test
  @DisplayName("a currency whose wholeUnits is not true or false fails naming the key")
  void badWholeUnitsFails() {
    JsonObject json = new JsonObject("""
        {"defaultCountry": "US",
         "currencies": {"USD": {"digits": 2, "wholeUnits": "yes"}},
         "countries": {"US": {"currency": "USD"}}}
        """);

    assertThatThrownBy(() -> Regions.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("currencies.USD.wholeUnits");
  }

  @Test
  @DisplayName("a regions file whose country uses an unlisted currency fails naming the country")
  void unlistedCurrencyFails() {
    JsonObject json = new JsonObject("""
        {"defaultCountry": "US",
         "currencies": {"USD": {"digits": 2}},
         "countries": {"US": {"currency": "USD"}, "CH": {"currency": "CHF"}}}
        """);

    assertThatThrownBy(() -> Regions.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CH")
        .hasMessageContaining("CHF");
  }

  @Test
  @DisplayName("a regions file whose default country is not listed fails naming it")
  void unlistedDefaultFails() {
    JsonObject json = new JsonObject("""
        {"defaultCountry": "GB", "currencies": {"USD": {"digits": 2}}, "countries": {"US": {"currency": "USD"}}}
        """);

    assertThatThrownBy(() -> Regions.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultCountry GB");
  }

  @Test
  @DisplayName("a country code is two upper-case letters")
  void countryCodeSyntax() {
    assertThat(Regions.isCountryCode("KR")).isTrue();
    assertThat(Regions.isCountryCode("kr")).isFalse();
    assertThat(Regions.isCountryCode("KOR")).isFalse();
    assertThat(Regions.isCountryCode("K")).isFalse();
    assertThat(Regions.isCountryCode("")).isFalse();
    assertThat(Regions.isCountryCode(null)).isFalse();
  }
}

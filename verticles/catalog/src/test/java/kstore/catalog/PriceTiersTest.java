package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PriceTiersTest {

  @Test
  @DisplayName("every currency the store sells in has a column, and every column rises with the tier")
  void everyCurrencyHasARisingColumn() {
    PriceTiers.requireColumns(SeedFixture.regions().currencies().keySet());
    assertThat(PriceTiers.CURRENCIES).containsExactlyInAnyOrderElementsOf(SeedFixture.regions().currencies().keySet());
    for (String currency : PriceTiers.CURRENCIES) {
      long previous = -1;
      for (PriceTiers.Tier tier : PriceTiers.LADDER) {
        assertThat(tier.price(currency)).as("%s at tier %d", currency, tier.usd()).isGreaterThan(previous);
        previous = tier.price(currency);
      }
    }
  }

  @Test
  @DisplayName("the USD ladder runs 0.99 to 69.99 like a store's regional pricing recommendations")
  void usdLadder() {
    assertThat(PriceTiers.LADDER.stream().map(PriceTiers.Tier::usd).toList()).containsExactly(0L, 99L, 199L, 299L,
        399L, 499L, 599L, 699L, 799L, 999L, 1299L, 1499L, 1799L, 1999L, 2499L, 2999L, 3499L, 3999L, 4499L, 4999L, 5999L,
        6999L);
  }

  @Test
  @DisplayName("KRW, JPY and TWD have no minor unit and are rounded like shelf prices (KRW to 100 won, JPY to 10 yen)")
  void zeroDigitCurrenciesAreRoundShelfPrices() {
    var regions = SeedFixture.regions();
    assertThat(regions.digits("KRW")).isZero();
    assertThat(regions.digits("JPY")).isZero();
    assertThat(regions.digits("TWD")).isZero();
    for (PriceTiers.Tier tier : PriceTiers.LADDER) {
      assertThat(tier.price("KRW") % 100).as("KRW at %d", tier.usd()).isZero();
      assertThat(tier.price("JPY") % 10).as("JPY at %d", tier.usd()).isZero();
    }
  }

  @Test
  @DisplayName("cent currencies end in 9 (9.99, R$ 20,69), yuan and rupee prices are whole")
  void centPricesLookLikeStorePrices() {
    for (PriceTiers.Tier tier : PriceTiers.LADDER.subList(1, PriceTiers.LADDER.size())) {
      for (String currency : List.of("USD", "EUR", "GBP", "BRL")) {
        assertThat(tier.price(currency) % 10).as("%s at %d", currency, tier.usd()).isEqualTo(9);
      }
      assertThat(tier.price("CNY") % 100).as("CNY at %d", tier.usd()).isZero();
      assertThat(tier.price("INR") % 100).as("INR at %d", tier.usd()).isZero();
    }
  }

  @Test
  @DisplayName("KES and ZAR have cents, yet every price is whole shillings (…99, …49 under KSh 1,000) and whole rands (…9, …5 under R 100)")
  void shillingsAndRandsAreWholeShelfPrices() {
    var regions = SeedFixture.regions();
    assertThat(regions.digits("KES")).isEqualTo(2);
    assertThat(regions.digits("ZAR")).isEqualTo(2);
    for (PriceTiers.Tier tier : PriceTiers.LADDER.subList(1, PriceTiers.LADDER.size())) {
      long shillings = tier.price("KES") / 100;
      long rands = tier.price("ZAR") / 100;
      assertThat(tier.price("KES") % 100).as("KES at %d is whole shillings", tier.usd()).isZero();
      assertThat(tier.price("ZAR") % 100).as("ZAR at %d is whole rands", tier.usd()).isZero();
      assertThat(shillings % 100).as("KES at %d", tier.usd()).isIn(shillings < 1_000 ? List.of(49L, 99L) : List.of(99L));
      assertThat(rands % 10).as("ZAR at %d", tier.usd()).isIn(rands < 100 ? List.of(5L, 9L) : List.of(9L));
    }
  }

  @Test
  @DisplayName("Kenya and South Africa pay below the exchange rate, cheap tiers relatively more: $0.99 is KSh 99 and R 15, $59.99 KSh 4,499 and R 749")
  void shillingAndRandLadders() {
    PriceTiers.Tier cheapest = PriceTiers.byNameOrIndex(99).orElseThrow();
    PriceTiers.Tier aaa = PriceTiers.byNameOrIndex(5999).orElseThrow();
    assertThat(cheapest.price("KES")).isEqualTo(9_900);
    assertThat(cheapest.price("ZAR")).isEqualTo(1_500);
    assertThat(aaa.price("KES")).isEqualTo(449_900);
    assertThat(aaa.price("ZAR")).isEqualTo(74_900);
    assertThat(PriceTiers.byNameOrIndex(999).orElseThrow().price("KES")).isEqualTo(84_900);
    assertThat(PriceTiers.byNameOrIndex(999).orElseThrow().price("ZAR")).isEqualTo(13_900);
    for (PriceTiers.Tier tier : PriceTiers.LADDER.subList(1, PriceTiers.LADDER.size())) {
      // 2025 exchange rates: about 129 KES and 18 ZAR per USD; the columns sit at 0.55–0.8 of them. Rates are
      // compared in hundredths, in whole numbers: price (minor units) * 100 / usd (cents) = rate * 100.
      long kesPerDollarX100 = tier.price("KES") * 100 / tier.usd();
      long zarPerDollarX100 = tier.price("ZAR") * 100 / tier.usd();
      assertThat(kesPerDollarX100).as("KES per dollar × 100 at %d", tier.usd()).isBetween(7_000L, 10_100L);
      assertThat(zarPerDollarX100).as("ZAR per dollar × 100 at %d", tier.usd()).isBetween(1_200L, 1_550L);
    }
  }

  @Test
  @DisplayName("a $59.99 game is ₩66,000, ¥6,980, ¥248 and R$ 124,49: local tiers, not an exchange-rate conversion")
  void regionalPricesAreNotConversions() {
    PriceTiers.Tier aaa = PriceTiers.byNameOrIndex(5999).orElseThrow();
    assertThat(aaa.price("KRW")).isEqualTo(66_000);
    assertThat(aaa.price("JPY")).isEqualTo(6_980);
    assertThat(aaa.price("CNY")).isEqualTo(24_800);
    assertThat(aaa.price("BRL")).isEqualTo(12_449);
    assertThat(PriceTiers.byNameOrIndex(999).orElseThrow().price("KRW")).isEqualTo(11_000);
    assertThat(PriceTiers.byNameOrIndex(9).orElseThrow().usd()).as("tier by index").isEqualTo(999);
    assertThat(PriceTiers.byNameOrIndex(1000)).isEmpty();
  }

  @Test
  @DisplayName("a GBP catalog price maps to the nearest tier: £7.19 → $9.99, £3.99 → $4.99, £0 → free, £421.99 → the top tier")
  void gbpMapsToNearestTier() {
    assertThat(PriceTiers.nearestToGbp(new BigDecimal("7.19")).usd()).isEqualTo(999);
    assertThat(PriceTiers.nearestToGbp(new BigDecimal("6.99")).usd()).isEqualTo(999);
    assertThat(PriceTiers.nearestToGbp(new BigDecimal("3.99")).usd()).isEqualTo(499);
    assertThat(PriceTiers.nearestToGbp(new BigDecimal("0.79")).usd()).isEqualTo(99);
    assertThat(PriceTiers.nearestToGbp(new BigDecimal("0.0")).free()).isTrue();
    assertThat(PriceTiers.nearestToGbp(new BigDecimal("421.99")).usd()).isEqualTo(6999);
    assertThat(PriceTiers.nearestToGbp(new BigDecimal("0.01")).usd()).isEqualTo(99);
  }

  @Test
  @DisplayName("price bands are cut on the USD tier so they mean the same in every country")
  void bands() {
    assertThat(PriceTiers.band(0)).isEqualTo("free");
    assertThat(PriceTiers.band(499)).isEqualTo("under-5");
    assertThat(PriceTiers.band(999)).isEqualTo("5-10");
    assertThat(PriceTiers.band(1999)).isEqualTo("10-20");
    assertThat(PriceTiers.band(3999)).isEqualTo("20-40");
    assertThat(PriceTiers.band(5999)).isEqualTo("40-plus");
  }

  @Test
  @DisplayName("a discount is taken in minor units, rounded half up, never through floating point")
  void discountArithmetic() {
    assertThat(Discount.apply(66_000, 10)).isEqualTo(59_400);
    assertThat(Discount.apply(999, 33)).isEqualTo(669);
    assertThat(Discount.apply(999, 50)).isEqualTo(500);
    assertThat(Discount.apply(1_010, 75)).isEqualTo(253);
  }

  @Test
  @DisplayName("in a currency charged in whole units a discount is rounded down to a whole unit: KSh 849 at 20% off is KSh 679, not 679.20")
  void discountInWholeUnits() {
    assertThat(Discount.apply(84_900, 20, 100)).isEqualTo(67_900);
    assertThat(Discount.apply(84_900, 20)).as("to the cent it would be").isEqualTo(67_920);
    assertThat(Discount.apply(9_900, 33, 100)).as("KSh 66.33 → KSh 66").isEqualTo(6_600);
    assertThat(Discount.apply(9_900, 50, 100)).as("KSh 49.50 → KSh 49").isEqualTo(4_900);
    assertThat(Discount.apply(299_900, 25, 100)).as("already whole: KSh 2,249.25 → 2,249").isEqualTo(224_900);
    assertThat(Discount.apply(10_000, 10, 100)).as("whole stays whole").isEqualTo(9_000);
    assertThat(Discount.apply(999, 33, 1)).as("a step of one minor unit: half up as before").isEqualTo(669);
    for (PriceTiers.Tier t : PriceTiers.LADDER) {
      for (int percent = 0; percent <= 100; percent++) {
        long kes = Discount.apply(t.price("KES"), percent, 100);
        assertThat(kes % 100).as("tier %d at %d%%", t.index(), percent).isZero();
        assertThat(kes * 100).as("never above the advertised discount").isLessThanOrEqualTo(t.price("KES") * (100 - percent));
      }
    }
  }

  @Test
  @DisplayName("a currency without a column fails fast with the currency named")
  void missingColumnFailsFast() {
    assertThatThrownBy(() -> PriceTiers.requireColumns(List.of("USD", "AUD")))
        .hasMessageContaining("AUD");
  }
}

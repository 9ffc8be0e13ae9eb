package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import kstore.platform.Regions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a seeded game costs in a country: the country's currency from regions.json, the amount from its tier. */
class PricingTest {
  private static final long COUNTER_STRIKE = 10;

  private final Regions regions = SeedFixture.regions();
  private final CatalogIndex index = SeedFixture.index();

  @Test
  @DisplayName("Kenya buys in shillings and South Africa in rand: Counter-Strike ($9.99 tier) is KSh 849.00 and R 139.00")
  void kenyaAndSouthAfrica() {
    Game cs = index.get(COUNTER_STRIKE);
    assertThat(cs.priceTierUsd()).isEqualTo(999);
    assertThat(Lifecycle.activeDiscount(cs, SeedFixture.NOW)).as("not on the demo sale").isNull();

    assertThat(regions.of("KE")).isEqualTo(new Regions.Region("KE", "KES", 2, "en", true));
    assertThat(regions.of("ZA")).isEqualTo(new Regions.Region("ZA", "ZAR", 2, "en"));

    JsonObject kenya = GameJson.summary(cs, "en", regions.of("KE"), SeedFixture.NOW, null).getJsonObject("price");
    assertThat(kenya.getString("currency")).isEqualTo("KES");
    assertThat(kenya.getInteger("digits")).isEqualTo(2);
    assertThat(kenya.getLong("list")).isEqualTo(84_900L);
    assertThat(kenya.getLong("amount")).isEqualTo(84_900L);

    JsonObject southAfrica = GameJson.summary(cs, "en", regions.of("ZA"), SeedFixture.NOW, null).getJsonObject("price");
    assertThat(southAfrica.getString("currency")).isEqualTo("ZAR");
    assertThat(southAfrica.getInteger("digits")).isEqualTo(2);
    assertThat(southAfrica.getLong("list")).isEqualTo(13_900L);
    assertThat(southAfrica.getLong("amount")).isEqualTo(13_900L);
  }

  @Test
  @DisplayName("a sale is taken off the shilling and rand prices too, and a free game is free there")
  void saleAndFreeInShillingsAndRand() {
    Game onSale = SeedFixture.games().stream()
        .filter(g -> g.priceTierUsd() != null && g.priceTierUsd() == 999
            && Lifecycle.activeDiscount(g, SeedFixture.NOW) != null)
        .findFirst().orElseThrow();
    int percent = Lifecycle.activeDiscount(onSale, SeedFixture.NOW).percent();
    Pricing.Quote kes = Pricing.quote(onSale, "KES", 2, 100, SeedFixture.NOW);
    assertThat(kes.list()).isEqualTo(84_900L);
    assertThat(kes.amount()).isEqualTo(Discount.apply(84_900, percent, 100)).isLessThan(84_900L);
    assertThat(kes.amount() % 100).as("whole shillings").isZero();
    assertThat(kes.discountPercent()).isEqualTo(percent);
    Pricing.Quote zar = Pricing.quote(onSale, "ZAR", 2, 1, SeedFixture.NOW);
    assertThat(zar.list()).isEqualTo(13_900L);
    assertThat(zar.amount()).isEqualTo(Discount.apply(13_900, percent)).isLessThan(13_900L);

    Game free = SeedFixture.games().stream().filter(g -> g.priceTierUsd() != null && g.priceTierUsd() == 0)
        .findFirst().orElseThrow();
    assertThat(Pricing.quote(free, "ZAR", 2, 1, SeedFixture.NOW).free()).isTrue();
    assertThat(Pricing.quote(free, "KES", 2, 100, SeedFixture.NOW).amount()).isZero();
  }

  @Test
  @DisplayName("the storefront shows a Kenyan sale price in whole shillings, rounded down: KSh 849 at 20% off is KSh 679.00")
  void kenyanSaleInWholeShillings() {
    Game cs = index.get(COUNTER_STRIKE);
    Game onSale = new Game(cs.id(), cs.slug(), cs.titles(), cs.description(), cs.developer(), cs.publisher(),
        cs.genres(), cs.tags(), cs.categories(), cs.platforms(), cs.ageRating(), cs.releaseAt(), cs.status(),
        cs.priceTierUsd(), cs.prices(), new Discount(20, Discount.Kind.SALE, SeedFixture.NOW.minusSeconds(60),
        SeedFixture.NOW.plusSeconds(3_600)), cs.serviceCountries(), cs.blockedCountries(), cs.achievements(),
        cs.positiveRatings(), cs.negativeRatings(), cs.owners(), cs.version(), cs.updatedAt());

    JsonObject kenya = GameJson.summary(onSale, "en", regions.of("KE"), SeedFixture.NOW, null).getJsonObject("price");
    assertThat(kenya.getLong("list")).isEqualTo(84_900L);
    assertThat(kenya.getInteger("discountPercent")).isEqualTo(20);
    assertThat(kenya.getLong("amount")).as("KSh 679.20 rounded down").isEqualTo(67_900L);
    JsonObject southAfrica = GameJson.summary(onSale, "en", regions.of("ZA"), SeedFixture.NOW, null)
        .getJsonObject("price");
    assertThat(southAfrica.getLong("amount")).as("rand keep their cents: R 139 x 0.8").isEqualTo(11_120L);
  }

  @Test
  @DisplayName("search in Kenya filters and sorts on the shilling price charged now: KSh 0.01 to KSh 99, dearest first")
  void searchInShillings() {
    SearchRequest r = SearchRequest.parse(new JsonObject().put("country", "KE").put("size", 100)
        .put("priceMin", 1).put("priceMax", 9_900).put("sort", "price_desc"), regions);
    CatalogIndex.Hits hits = index.search(r, regions.of("KE").currency());
    assertThat(hits.total()).isPositive();
    assertThat(hits.ids()).allSatisfy(id ->
        assertThat(Pricing.quote(index.get(id), "KES", 2, 100, SeedFixture.NOW).amount()).isBetween(1L, 9_900L));
    assertThat(Pricing.quote(index.get(hits.ids().get(0)), "KES", 2, 100, SeedFixture.NOW).amount())
        .as("most expensive first").isEqualTo(9_900L);
  }
}

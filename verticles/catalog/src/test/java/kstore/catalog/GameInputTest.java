package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import kstore.contracts.ErrorCode;
import kstore.contracts.catalog.GameStatus;
import kstore.platform.Regions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GameInputTest {
  private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  private final Regions regions = SeedFixture.regions();

  static JsonObject registration() {
    return new JsonObject()
        .put("titles", new JsonObject().put("en", "Lantern Keepers").put("ko", "등불지기"))
        .put("developer", "Moonbeam Works")
        .put("publisher", "K Store Demo")
        .put("genres", new JsonArray().add("Adventure"))
        .put("tags", new JsonArray().add("Puzzle"))
        .put("platforms", new JsonArray().add("windows").add("mac"))
        .put("ageRating", 12)
        .put("releaseAt", "2026-06-01T15:00:00Z")
        .put("status", "pre-order")
        .put("priceTier", 1999)
        .put("discount", new JsonObject().put("percent", 15).put("kind", "pre-order"));
  }

  @Test
  @DisplayName("a registration with a price tier gets plausible prices in every currency and a pre-order discount until release")
  void create() {
    Game g = GameInput.create(registration(), regions, NOW);
    assertThat(g.prices()).containsEntry("USD", 1_999L).containsEntry("KRW", 22_000L).containsEntry("JPY", 2_050L);
    assertThat(g.prices().keySet()).containsExactlyInAnyOrderElementsOf(regions.currencies().keySet());
    assertThat(g.discount().endsAt()).isEqualTo(Instant.parse("2026-06-01T15:00:00Z"));
    assertThat(g.discount().startsAt()).isEqualTo(NOW);
    assertThat(g.status()).isEqualTo(GameStatus.PRE_ORDER);
    assertThat(g.serviceCountries()).isNull();
    assertThat(g.slug()).as("settled later from the English title").isEmpty();
  }

  @Test
  @DisplayName("explicit prices are kept; currencies left out come from the tier nearest the USD price")
  void explicitPrices() {
    JsonObject body = registration();
    body.remove("priceTier");
    body.put("prices", new JsonObject().put("USD", 5999).put("KRW", 64000));
    Game g = GameInput.create(body, regions, NOW);
    assertThat(g.prices()).containsEntry("USD", 5_999L).containsEntry("KRW", 64_000L).containsEntry("JPY", 6_980L);
    assertThat(g.priceTierUsd()).isEqualTo(5_999L);
  }

  @Test
  @DisplayName("a shilling price with cents is refused (KES is charged in whole shillings); whole shillings are kept")
  void wholeShillingPrices() {
    JsonObject body = registration();
    body.remove("priceTier");
    assertInvalid(body.copy().put("prices", new JsonObject().put("USD", 999).put("KES", 84_950)), "prices.KES");
    Game g = GameInput.create(body.put("prices", new JsonObject().put("USD", 999).put("KES", 85_000)), regions, NOW);
    assertThat(g.prices()).containsEntry("KES", 85_000L);
  }

  @Test
  @DisplayName("every invalid field is refused with VALIDATION and a message naming it")
  void validation() {
    assertInvalid(registration().put("ageRating", 30), "ageRating");
    assertInvalid(registration().put("titles", new JsonObject().put("ko", "등불지기")), "titles.en");
    assertInvalid(registration().put("titles", new JsonObject().put("en", "X").put("fr", "Y")), "titles.fr");
    assertInvalid(registration().put("platforms", new JsonArray().add("switch")), "platforms");
    assertInvalid(registration().put("releaseAt", "next tuesday"), "releaseAt");
    assertInvalid(registration().put("status", "soon"), "status");
    assertInvalid(registration().put("priceTier", 1234), "priceTier");
    assertInvalid(registration().put("prices", new JsonObject().put("USD", 999)), "prices and priceTier");
    assertInvalid(registration().put("discount", new JsonObject().put("percent", 99).put("kind", "sale")), "discount.percent");
    assertInvalid(registration().put("discount", new JsonObject().put("percent", 10).put("kind", "sale")), "discount.endsAt");
    assertInvalid(registration().put("discount", new JsonObject().put("percent", 10).put("kind", "sale")
        .put("startsAt", "2026-05-01T00:00:00Z").put("endsAt", "2026-04-01T00:00:00Z")), "discount.endsAt");
    assertInvalid(registration().put("serviceCountries", new JsonArray()), "serviceCountries");
    assertInvalid(registration().put("serviceCountries", new JsonArray().add("Korea")), "serviceCountries");
    assertInvalid(registration().put("serviceCountries", new JsonArray().add("KR")).put("blockedCountries",
        new JsonArray().add("KR")), "blockedCountries");
    assertInvalid(registration().put("status", "released"), "status");
    assertInvalid(registration().put("slug", "Not A Slug"), "slug");
    assertInvalid(registration().put("genre", new JsonArray().add("RPG")), "genre is not a field");
    JsonObject unpriced = registration();
    unpriced.remove("priceTier");
    unpriced.remove("discount");
    assertInvalid(unpriced, "prices");
    JsonObject noDeveloper = registration();
    noDeveloper.remove("developer");
    assertInvalid(noDeveloper, "developer");
  }

  private void assertInvalid(JsonObject body, String field) {
    assertThatThrownBy(() -> GameInput.create(body, regions, NOW))
        .isInstanceOfSatisfying(InvalidRequest.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION))
        .hasMessageContaining(field);
  }

  @Test
  @DisplayName("an update merges: absent fields stay, titles merge per language, null clears the discount and service countries")
  void merge() {
    Game created = GameInput.create(registration().put("serviceCountries", new JsonArray().add("KR")), regions, NOW);
    Game stored = withId(created);
    JsonObject update = new JsonObject().put("id", 10_000_001L)
        .put("titles", new JsonObject().put("ja", "ランタンキーパーズ").putNull("ko"))
        .putNull("discount")
        .putNull("serviceCountries")
        .put("releaseAt", "2026-07-01T15:00:00Z");
    Game merged = GameInput.merge(stored, update, regions, NOW);
    assertThat(merged.titles()).containsEntry("en", "Lantern Keepers").containsEntry("ja", "ランタンキーパーズ")
        .doesNotContainKey("ko");
    assertThat(merged.discount()).isNull();
    assertThat(merged.serviceCountries()).isNull();
    assertThat(merged.prices()).isEqualTo(stored.prices());
    assertThat(merged.releaseAt()).isEqualTo(Instant.parse("2026-07-01T15:00:00Z"));
    assertThat(merged.slug()).isEqualTo("lantern-keepers");

    JsonObject diff = GameInput.diff(stored, merged);
    assertThat(diff.fieldNames()).containsExactlyInAnyOrder("titles", "discount", "serviceCountries", "releaseAt");
    assertThat(diff.getJsonObject("releaseAt").getString("from")).isEqualTo("2026-06-01T15:00:00Z");
    assertThat(diff.getJsonObject("serviceCountries").getValue("to")).isNull();
    assertThat(GameInput.diff(stored, GameInput.merge(stored, new JsonObject().put("id", 1), regions, NOW))).isEmpty();
    assertThatThrownBy(() -> GameInput.merge(stored, new JsonObject().putNull("developer"), regions, NOW))
        .hasMessageContaining("developer");
  }

  private static Game withId(Game g) {
    return new Game(10_000_001L, "lantern-keepers", g.titles(), g.description(), g.developer(), g.publisher(),
        g.genres(), g.tags(), g.categories(), g.platforms(), g.ageRating(), g.releaseAt(), g.status(), g.priceTierUsd(),
        g.prices(), g.discount(), g.serviceCountries(), g.blockedCountries(), 0, 0, 0, "0-20000", 1, NOW);
  }

  @Test
  @DisplayName("a sale on a released game runs between its start and end; a pre-order discount on a released game is refused")
  void saleOnReleasedGame() {
    JsonObject released = registration().put("status", "released").put("releaseAt", "2025-01-01T00:00:00Z");
    released.remove("discount");
    Game g = GameInput.create(released.copy().put("discount", new JsonObject().put("percent", 40).put("kind", "sale")
        .put("endsAt", NOW.plus(Duration.ofDays(7)).toString())), regions, NOW);
    assertThat(g.discount().kind()).isEqualTo(Discount.Kind.SALE);
    assertInvalid(released.put("discount", new JsonObject().put("percent", 10).put("kind", "pre-order")),
        "discount.kind");
  }
}

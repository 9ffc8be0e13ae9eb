package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kstore.contracts.catalog.GameStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Index updates on a small catalog of its own: versions, slugs, and time passing release and discount boundaries. */
class CatalogIndexTest {
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
  private final CatalogIndex index = new CatalogIndex(new CatalogAnalyzers("moba, multiplayer online battle arena"),
      new RegionPolicy(SeedFixture.regions()), SeedFixture.regions());

  @AfterEach
  void close() {
    index.close();
  }

  private static Game game(long id, String title, int version, Instant releaseAt, GameStatus status, Discount d) {
    return new Game(id, Slugs.of(title), Map.of("en", title), null, "Dev", "Pub", List.of("Action"), List.of("Arena"),
        List.of(), List.of("windows"), 0, releaseAt, status, 1999L, PriceTiers.byNameOrIndex(1999).orElseThrow().prices(),
        d, null, List.of(), 0, 10, 1, "0-20000", version, T0.plusSeconds(version));
  }

  private List<Long> search(JsonObject request) {
    SearchRequest r = SearchRequest.parse(request.put("country", "US"), SeedFixture.regions());
    return index.search(r, "USD").ids();
  }

  @Test
  @DisplayName("an applied change is searchable after refresh; an older or repeated version is ignored")
  void versions() {
    index.load(List.of(game(1, "Ember Tactics", 1, T0.minus(Duration.ofDays(9)), GameStatus.RELEASED, null)), T0);
    assertThat(search(new JsonObject().put("q", "ember"))).containsExactly(1L);

    assertThat(index.apply(game(1, "Cinder Tactics", 2, T0.minus(Duration.ofDays(9)), GameStatus.RELEASED, null), T0))
        .isTrue();
    assertThat(index.pending()).isTrue();
    index.refresh();
    assertThat(search(new JsonObject().put("q", "ember"))).isEmpty();
    assertThat(search(new JsonObject().put("q", "cinder"))).containsExactly(1L);
    assertThat(index.bySlug("cinder-tactics").id()).isEqualTo(1L);
    assertThat(index.bySlug("ember-tactics")).as("the old slug is gone").isNull();

    assertThat(index.apply(game(1, "Ember Tactics", 1, T0.minus(Duration.ofDays(9)), GameStatus.RELEASED, null), T0))
        .as("a late, older event").isFalse();
    assertThat(index.apply(game(1, "Cinder Tactics", 2, T0.minus(Duration.ofDays(9)), GameStatus.RELEASED, null), T0))
        .as("the same version twice").isFalse();
    assertThat(index.get(1).title("en")).isEqualTo("Cinder Tactics");
  }

  @Test
  @DisplayName("when a release instant or a discount end passes, the game is re-indexed: status and sale filters stay true")
  void boundaries() {
    Instant release = T0.plus(Duration.ofHours(2));
    Discount preOrder = new Discount(20, Discount.Kind.PRE_ORDER, T0.minus(Duration.ofDays(1)), release);
    index.load(List.of(game(7, "Tidal Arena", 1, release, GameStatus.PRE_ORDER, preOrder)), T0);
    JsonObject preOrders = new JsonObject().put("status", new JsonArray().add("pre-order"));
    assertThat(search(preOrders.copy())).containsExactly(7L);
    assertThat(search(new JsonObject().put("onSale", true))).containsExactly(7L);
    assertThat(index.nextBoundary(T0)).isEqualTo(release);

    assertThat(index.reindexDue(T0.plus(Duration.ofHours(1)))).as("nothing due yet").isZero();
    Instant after = release.plusSeconds(1);
    assertThat(index.reindexDue(after)).isEqualTo(1);
    index.refresh();
    assertThat(search(preOrders.copy())).isEmpty();
    assertThat(search(new JsonObject().put("status", new JsonArray().add("released")))).containsExactly(7L);
    assertThat(search(new JsonObject().put("onSale", true))).as("the pre-order discount ended at release").isEmpty();
    assertThat(index.nextBoundary(after)).isNull();
  }

  @Test
  @DisplayName("a synonyms file parsed in Solr format expands the query (moba finds multiplayer online battle arena)")
  void synonymsFromText() {
    index.load(List.of(game(3, "Multiplayer Online Battle Arena Legends", 1, T0.minus(Duration.ofDays(1)),
        GameStatus.RELEASED, null)), T0);
    assertThat(search(new JsonObject().put("q", "moba"))).containsExactly(3L);
    assertThat(index.analyzers().synonymRules()).isPositive();
  }
}

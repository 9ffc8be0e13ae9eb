package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import kstore.contracts.catalog.GameStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeedCatalogTest {
  private final List<Game> games = SeedFixture.games();
  private final Map<Long, Game> byId = games.stream().collect(Collectors.toMap(Game::id, Function.identity()));

  @Test
  @DisplayName("the seed uses the Steam appid as game id and prices every game from its GBP price tier")
  void steamGames() {
    Game cs = byId.get(10L);
    assertThat(cs.title("en")).isEqualTo("Counter-Strike");
    assertThat(cs.priceTierUsd()).as("£7.19 is the $9.99 tier").isEqualTo(999);
    assertThat(cs.prices()).containsEntry("KRW", 11_000L).containsEntry("GBP", 719L).containsEntry("JPY", 1_010L);
    assertThat(cs.prices().keySet()).containsExactlyInAnyOrderElementsOf(SeedFixture.regions().currencies().keySet());
    assertThat(byId.get(292030L).titles()).containsEntry("ko", "위쳐 3: 와일드 헌트");
    assertThat(byId.get(271590L).ageRating()).as("required_age is the age rating").isEqualTo(18);
    assertThat(cs.status()).isEqualTo(GameStatus.RELEASED);
  }

  @Test
  @DisplayName("a deterministic ~5% of paid released games run a 10–75% sale that ends days after import")
  void sales() {
    List<Game> paid = games.stream().filter(g -> g.priceTierUsd() != null && g.priceTierUsd() > 0
        && g.status() == GameStatus.RELEASED).toList();
    List<Game> onSale = paid.stream().filter(g -> g.discount() != null).toList();
    assertThat((double) onSale.size() / paid.size()).isBetween(0.04, 0.06);
    for (Game g : onSale) {
      assertThat(g.discount().kind()).isEqualTo(Discount.Kind.SALE);
      assertThat(g.discount().percent()).isBetween(10, 75);
      assertThat(g.discount().startsAt()).isBefore(SeedFixture.NOW);
      assertThat(g.discount().endsAt()).isBetween(SeedFixture.NOW.plus(Duration.ofDays(2)),
          SeedFixture.NOW.plus(Duration.ofDays(16)));
    }
    List<Long> again = SeedCatalog.build(SeedFixture.rows(), Map.of(), SeedFixture.NOW).stream()
        .filter(g -> g.discount() != null && g.status() == GameStatus.RELEASED).map(Game::id).toList();
    assertThat(again).isEqualTo(onSale.stream().map(Game::id).toList());
  }

  @Test
  @DisplayName("a dozen fictional upcoming games from K Store Demo: pre-orders with and without discounts, announcements, one sold only in KR and JP")
  void demoGames() {
    List<Game> demo = games.stream().filter(g -> g.publisher().equals(SeedCatalog.DEMO_PUBLISHER)).toList();
    assertThat(demo).hasSize(12);
    assertThat(demo).allSatisfy(g -> {
      assertThat(g.releaseAt()).isAfter(SeedFixture.NOW);
      assertThat(g.titles()).containsKeys("en", "ko", "ja", "zh");
    });
    assertThat(demo).filteredOn(g -> g.status() == GameStatus.PRE_ORDER).hasSizeGreaterThanOrEqualTo(6)
        .anySatisfy(g -> assertThat(g.discount().kind()).isEqualTo(Discount.Kind.PRE_ORDER));
    assertThat(demo).filteredOn(g -> g.status() == GameStatus.ANNOUNCED).hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(g -> assertThat(g.prices()).isEmpty());
    assertThat(demo).anySatisfy(g -> assertThat(g.serviceCountries()).containsExactly("KR", "JP"));
    assertThat(demo.stream().filter(g -> g.title("en").equals("Starfall Odyssey"))).hasSize(1);
  }

  @Test
  @DisplayName("contract rules block a few real games in one country each (regional exclusive distribution)")
  void contractBlocks() {
    assertThat(byId.get(730L).blockedCountries()).containsExactly("CN");
    assertThat(byId.get(570L).blockedCountries()).containsExactly("CN");
    assertThat(byId.get(238960L).blockedCountries()).containsExactly("KR");
    assertThat(byId.get(292030L).blockedCountries()).isEmpty();
    assertThat(byId.get(292030L).serviceCountries()).as("worldwide").isNull();
  }

  @Test
  @DisplayName("generated descriptions read as English: an RPG, an Action game, a Strategy game")
  void descriptionsUseTheRightArticle() {
    assertThat(SeedCatalog.article("RPG, Strategy game")).isEqualTo("an ");
    assertThat(SeedCatalog.article("Action game")).isEqualTo("an ");
    assertThat(SeedCatalog.article("Strategy game")).isEqualTo("a ");
    assertThat(SeedCatalog.article("FPS game")).isEqualTo("an ");
    assertThat(byId.get(292030L).description()).contains("an RPG");
  }
}

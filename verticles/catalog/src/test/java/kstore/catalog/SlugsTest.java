package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlugsTest {

  @Test
  @DisplayName("a slug is the English title in lower-case ASCII words joined by dashes")
  void fromTitle() {
    assertThat(Slugs.of("The Witcher® 3: Wild Hunt")).isEqualTo("the-witcher-3-wild-hunt");
    assertThat(Slugs.of("Garry's Mod")).isEqualTo("garrys-mod");
    assertThat(Slugs.of("Pokémon-like Café & Crêpes")).isEqualTo("pokemon-like-cafe-and-crepes");
    assertThat(Slugs.of("  --Half-Life 2: Episode One--  ")).isEqualTo("half-life-2-episode-one");
  }

  @Test
  @DisplayName("a title without Latin letters or digits gets game-ID; a long one is cut at a word")
  void fallbacks() {
    assertThat(Slugs.of("绝地求生", 578080)).isEqualTo("game-578080");
    String longSlug = Slugs.of("A Very Long Title ".repeat(10));
    assertThat(longSlug.length()).isLessThanOrEqualTo(Slugs.MAX_LENGTH);
    assertThat(longSlug).doesNotEndWith("-").startsWith("a-very-long-title");
    assertThat(Slugs.valid(longSlug)).isTrue();
  }

  @Test
  @DisplayName("slugs are validated; numeric strings are ids, never slugs")
  void validation() {
    assertThat(Slugs.valid("starfall-odyssey")).isTrue();
    assertThat(Slugs.valid("Starfall")).isFalse();
    assertThat(Slugs.valid("star--fall")).isFalse();
    assertThat(Slugs.valid("-star")).isFalse();
    assertThat(Slugs.looksLikeId("292030")).isTrue();
    assertThat(Slugs.looksLikeId("the-witcher-3")).isFalse();
  }

  @Test
  @DisplayName("in the seed every slug is unique; a taken slug gets the appid appended")
  void seedSlugsAreUnique() {
    List<Game> games = SeedFixture.games();
    Set<String> slugs = new HashSet<>();
    for (Game g : games) {
      assertThat(slugs.add(g.slug())).as("duplicate slug %s", g.slug()).isTrue();
      assertThat(Slugs.valid(g.slug())).as(g.slug()).isTrue();
    }
    long withId = games.stream().filter(g -> g.slug().endsWith("-" + g.id())).count();
    assertThat(withId).as("titles that collide").isPositive();
    assertThat(games.stream().filter(g -> g.id() == 292030).findFirst().orElseThrow().slug())
        .isEqualTo("the-witcher-3-wild-hunt");
  }
}

package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import kstore.contracts.catalog.GameStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RegionPolicyTest {
  private final RegionPolicy policy = new RegionPolicy(SeedFixture.regions());

  private static Game game(List<String> service, List<String> blocked, GameStatus status) {
    return new Game(7, "g", Map.of("en", "Moon Court"), null, "Dev", "Pub", List.of("RPG"), List.of(), List.of(),
        List.of("windows"), 12, LifecycleTest.T0.plus(Duration.ofDays(10)), status, 3999L,
        status == GameStatus.ANNOUNCED ? Map.of() : LifecycleTest.PRICES, null, service, blocked, 0, 0, 0, "0-20000", 1,
        LifecycleTest.T0);
  }

  @Test
  @DisplayName("a game sold only in KR and JP is purchasable there and elsewhere says it is not in its service countries (S1.4)")
  void serviceCountries() {
    Game g = game(List.of("KR", "JP"), List.of(), GameStatus.PRE_ORDER);
    assertThat(policy.availability(g, "KR", LifecycleTest.T0).purchasable()).isTrue();
    assertThat(policy.soldIn(g, "JP")).isTrue();
    RegionPolicy.Availability us = policy.availability(g, "US", LifecycleTest.T0);
    assertThat(us.purchasable()).isFalse();
    assertThat(us.listed()).isFalse();
    assertThat(us.reason()).isEqualTo(RegionPolicy.Reason.NOT_IN_SERVICE_COUNTRIES);
    assertThat(us.message()).contains("KR, JP").contains("US");
  }

  @Test
  @DisplayName("a country a contract blocks cannot buy the game and is told so (R12)")
  void blocked() {
    Game g = game(null, List.of("CN"), GameStatus.PRE_ORDER);
    RegionPolicy.Availability cn = policy.availability(g, "CN", LifecycleTest.T0);
    assertThat(cn.reason()).isEqualTo(RegionPolicy.Reason.BLOCKED_IN_COUNTRY);
    assertThat(policy.soldIn(g, "CN")).isFalse();
    assertThat(policy.soldIn(g, "DE")).isTrue();
  }

  @Test
  @DisplayName("where the store does not operate at all (KP), nothing is sold")
  void storeUnavailable() {
    Game g = game(null, List.of(), GameStatus.PRE_ORDER);
    assertThat(policy.operatesIn("KP")).isFalse();
    assertThat(policy.soldIn(g, "KP")).isFalse();
    assertThat(policy.availability(g, "KP", LifecycleTest.T0).reason()).isEqualTo(RegionPolicy.Reason.BLOCKED_IN_COUNTRY);
  }

  @Test
  @DisplayName("an announced game is listed but cannot be bought until pre-orders open")
  void announced() {
    RegionPolicy.Availability a = policy.availability(game(null, List.of(), GameStatus.ANNOUNCED), "US", LifecycleTest.T0);
    assertThat(a.purchasable()).isFalse();
    assertThat(a.listed()).isTrue();
    assertThat(a.reason()).isEqualTo(RegionPolicy.Reason.NOT_RELEASED_NO_PREORDER);
  }
}

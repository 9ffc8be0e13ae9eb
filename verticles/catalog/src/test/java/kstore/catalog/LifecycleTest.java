package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kstore.contracts.catalog.GameStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  static final Instant T0 = Instant.parse("2026-05-01T15:00:00Z");

  static Game game(Instant releaseAt, GameStatus status, Discount discount, Map<String, Long> prices) {
    return new Game(1, "g", Map.of("en", "G"), null, "Dev", "Pub", List.of("Action"), List.of(), List.of(),
        List.of("windows"), 0, releaseAt, status, prices.isEmpty() ? null : prices.get("USD"), prices, discount, null,
        List.of(), 0, 0, 0, "0-20000", 1, T0);
  }

  static final Map<String, Long> PRICES = PriceTiers.byNameOrIndex(5999).orElseThrow().prices();

  @Test
  @DisplayName("a pre-order discount applies until the release instant and the game sells at list price from then on (S1.16)")
  void preOrderDiscountEndsAtRelease() {
    Discount d = new Discount(20, Discount.Kind.PRE_ORDER, T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofDays(30)));
    Game g = game(T0, GameStatus.PRE_ORDER, d, PRICES);

    Pricing.Quote before = Pricing.quote(g, "KRW", 0, 1, T0.minusSeconds(1));
    assertThat(before.amount()).isEqualTo(52_800);
    assertThat(before.discountKind()).isEqualTo(Discount.Kind.PRE_ORDER);
    assertThat(before.discountEndsAt()).as("ends at release, not at its registered end").isEqualTo(T0);
    assertThat(Lifecycle.effectiveStatus(g, T0.minusSeconds(1))).isEqualTo(GameStatus.PRE_ORDER);

    Pricing.Quote after = Pricing.quote(g, "KRW", 0, 1, T0);
    assertThat(after.amount()).isEqualTo(66_000);
    assertThat(after.discountPercent()).isZero();
    assertThat(Lifecycle.effectiveStatus(g, T0)).isEqualTo(GameStatus.RELEASED);
  }

  @Test
  @DisplayName("a sale applies from its start (inclusive) to its end (exclusive) only")
  void saleWindow() {
    Discount d = new Discount(50, Discount.Kind.SALE, T0, T0.plus(Duration.ofDays(7)));
    Game g = game(T0.minus(Duration.ofDays(400)), GameStatus.RELEASED, d, PRICES);
    assertThat(Pricing.quote(g, "USD", 2, 1, T0.minusMillis(1)).amount()).isEqualTo(5_999);
    assertThat(Pricing.quote(g, "USD", 2, 1, T0).amount()).isEqualTo(3_000);
    assertThat(Pricing.quote(g, "USD", 2, 1, T0.plus(Duration.ofDays(7)).minusMillis(1)).amount()).isEqualTo(3_000);
    assertThat(Pricing.quote(g, "USD", 2, 1, T0.plus(Duration.ofDays(7))).amount()).isEqualTo(5_999);
  }

  @Test
  @DisplayName("an announced game has no price yet; once its release instant passes it is released")
  void announcedThenReleased() {
    Game g = game(T0, GameStatus.ANNOUNCED, null, PRICES);
    assertThat(Pricing.quote(g, "USD", 2, 1, T0.minusSeconds(1))).isNull();
    assertThat(Lifecycle.effectiveStatus(g, T0.minusSeconds(1))).isEqualTo(GameStatus.ANNOUNCED);
    assertThat(Lifecycle.effectiveStatus(g, T0.plusSeconds(1))).isEqualTo(GameStatus.RELEASED);
    assertThat(Pricing.quote(g, "USD", 2, 1, T0.plusSeconds(1)).amount()).isEqualTo(5_999);
  }

  @Test
  @DisplayName("a free game is free and never discounted")
  void freeGame() {
    Game g = game(T0.minus(Duration.ofDays(1)), GameStatus.RELEASED,
        new Discount(50, Discount.Kind.SALE, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1))),
        PriceTiers.free().prices());
    Pricing.Quote q = Pricing.quote(g, "JPY", 0, 1, T0);
    assertThat(q.free()).isTrue();
    assertThat(q.amount()).isZero();
    assertThat(q.discountPercent()).isZero();
  }

  @Test
  @DisplayName("the next boundary is the earliest future release or discount instant")
  void nextBoundary() {
    Discount d = new Discount(10, Discount.Kind.SALE, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofDays(2)));
    Game g = game(T0.plus(Duration.ofDays(1)), GameStatus.PRE_ORDER, d, PRICES);
    assertThat(Lifecycle.nextBoundary(g, T0)).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(Lifecycle.nextBoundary(g, T0.plus(Duration.ofHours(1)))).isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThat(Lifecycle.nextBoundary(g, T0.plus(Duration.ofDays(3)))).isNull();
  }
}

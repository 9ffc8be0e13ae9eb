package kstore.catalog;

import java.time.Instant;
import kstore.contracts.catalog.GameStatus;

/** What a game costs in one currency at one instant. */
public final class Pricing {
  private Pricing() {
  }

  /** The price shown and charged: list, amount after the active discount, and what discount applies. */
  public record Quote(String currency, int digits, long list, long amount, int discountPercent,
                      Discount.Kind discountKind, Instant discountEndsAt) {
    public boolean free() {
      return list == 0;
    }
  }

  /**
   * The quote in {@code currency}, or null while the game has no price (announced, or never priced). A discounted
   * amount is a multiple of {@code chargeUnit} minor units ({@code Regions.chargeUnit}: 1, or 100 for KES).
   */
  public static Quote quote(Game game, String currency, int digits, long chargeUnit, Instant now) {
    if (Lifecycle.effectiveStatus(game, now) == GameStatus.ANNOUNCED) {
      return null;
    }
    Long list = game.prices().get(currency);
    if (list == null) {
      return null;
    }
    Discount d = list == 0 ? null : Lifecycle.activeDiscount(game, now);
    if (d == null) {
      return new Quote(currency, digits, list, list, 0, null, null);
    }
    return new Quote(currency, digits, list, Discount.apply(list, d.percent(), chargeUnit), d.percent(), d.kind(),
        Lifecycle.discountEndsAt(game, d));
  }
}

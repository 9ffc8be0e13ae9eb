package kstore.catalog;

import java.time.Instant;
import kstore.contracts.catalog.GameStatus;

/** Where a game stands at a given instant: released once its release instant has passed (S1.15). */
public final class Lifecycle {
  private Lifecycle() {
  }

  public static GameStatus effectiveStatus(Game game, Instant now) {
    if (!game.releaseAt().isAfter(now)) {
      return GameStatus.RELEASED;
    }
    // A future release cannot be "released"; a priced one is on pre-order, an unpriced one only announced.
    if (game.status() == GameStatus.RELEASED) {
      return game.priced() ? GameStatus.PRE_ORDER : GameStatus.ANNOUNCED;
    }
    return game.status();
  }

  /**
   * The discount that applies now, or null: a sale between its start and end; a pre-order discount
   * only while the game is on pre-order, so it ends at release at the latest (S1.16).
   */
  public static Discount activeDiscount(Game game, Instant now) {
    Discount d = game.discount();
    if (d == null || now.isBefore(d.startsAt()) || !now.isBefore(d.endsAt())) {
      return null;
    }
    if (d.kind() == Discount.Kind.PRE_ORDER && effectiveStatus(game, now) != GameStatus.PRE_ORDER) {
      return null;
    }
    return d;
  }

  /** When the pre-order discount is active, it ends at the earlier of its end and the release. */
  public static Instant discountEndsAt(Game game, Discount active) {
    if (active.kind() == Discount.Kind.PRE_ORDER && game.releaseAt().isBefore(active.endsAt())) {
      return game.releaseAt();
    }
    return active.endsAt();
  }

  /** The next instant after {@code now} at which status or price changes by itself, or null. */
  public static Instant nextBoundary(Game game, Instant now) {
    Instant next = null;
    next = earliestAfter(next, game.releaseAt(), now);
    if (game.discount() != null) {
      next = earliestAfter(next, game.discount().startsAt(), now);
      next = earliestAfter(next, game.discount().endsAt(), now);
    }
    return next;
  }

  private static Instant earliestAfter(Instant current, Instant candidate, Instant now) {
    if (candidate == null || !candidate.isAfter(now)) {
      return current;
    }
    return current == null || candidate.isBefore(current) ? candidate : current;
  }

  /** A compact fingerprint of everything time-dependent, to notice when a game must be re-indexed. */
  public static String stateKey(Game game, Instant now) {
    Discount d = activeDiscount(game, now);
    String status = effectiveStatus(game, now).wire();
    return d == null ? status : status + '|' + d.kind().wire() + d.percent();
  }
}

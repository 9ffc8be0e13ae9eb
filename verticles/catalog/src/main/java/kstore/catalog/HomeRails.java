package kstore.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import kstore.contracts.catalog.GameStatus;

/**
 * The home page rails, ranked for everyone; each request then keeps the games sold in its country.
 *
 * @param newAndTrending released games by recency weighted with reviews and owners
 * @param upcoming       games not released yet, soonest first
 * @param onSale         games with a running discount, most popular first
 */
public record HomeRails(List<Game> newAndTrending, List<Game> upcoming, List<Game> onSale) {
  public static final int RAIL_SIZE = 12;
  private static final int CANDIDATES = 600;
  /** Two months of age cost as much as e times fewer reviews. */
  private static final double AGE_DAYS_PER_LOG_UNIT = 60.0;

  public static HomeRails rank(Collection<Game> games, Instant now) {
    List<Scored> trending = new ArrayList<>();
    List<Game> upcoming = new ArrayList<>();
    List<Game> onSale = new ArrayList<>();
    for (Game g : games) {
      GameStatus status = Lifecycle.effectiveStatus(g, now);
      if (status == GameStatus.RELEASED) {
        trending.add(new Scored(g, trendingScore(g, now)));
      } else {
        upcoming.add(g);
      }
      if (g.priced() && status != GameStatus.ANNOUNCED && Lifecycle.activeDiscount(g, now) != null) {
        onSale.add(g);
      }
    }
    trending.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingLong(s -> s.game().id()));
    upcoming.sort(Comparator.comparing(Game::releaseAt).thenComparingLong(Game::id));
    onSale.sort(Comparator.comparingDouble(Game::popularity).reversed().thenComparingLong(Game::id));
    return new HomeRails(
        trending.stream().limit(CANDIDATES).map(Scored::game).toList(),
        List.copyOf(upcoming),
        onSale.stream().limit(CANDIDATES).toList());
  }

  /** Recent first, but a well-reviewed, widely owned game beats a slightly newer unknown one. */
  static double trendingScore(Game g, Instant now) {
    double ageDays = Math.max(0, Duration.between(g.releaseAt(), now).toHours() / 24.0);
    double reviews = Math.log1p(g.positiveRatings()) * (g.ratingPercent() == 0 ? 0.5 : g.ratingPercent() / 100.0);
    double owners = 0.3 * Math.log1p(g.ownersLow() / 1000.0);
    return reviews + owners - ageDays / AGE_DAYS_PER_LOG_UNIT;
  }

  private record Scored(Game game, double score) {
  }

  /** The first {@code size} games of a rail that pass {@code keep} (sold in the caller's country, still current). */
  public static List<Game> take(List<Game> rail, Predicate<Game> keep, int size) {
    List<Game> out = new ArrayList<>(size);
    for (Game g : rail) {
      if (out.size() == size) {
        break;
      }
      if (keep.test(g)) {
        out.add(g);
      }
    }
    return out;
  }
}

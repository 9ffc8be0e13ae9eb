package kstore.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kstore.contracts.catalog.GameStatus;

/**
 * One game as the catalog stores it. Time-dependent views (effective status, price now, whether it
 * is sold in a country) are computed by {@link Lifecycle}, {@link Pricing} and {@link RegionPolicy}.
 *
 * @param titles            title per language; {@code en} is always present
 * @param status            the declared status; the effective one also depends on {@code releaseAt}
 * @param priceTierUsd      the USD list amount of the game's price tier (price bands), null when unpriced
 * @param prices            list price per currency in minor units; empty when not priced yet
 * @param discount          the registered discount, or null
 * @param serviceCountries  countries the game's contracts allow sale in, or null for worldwide
 * @param blockedCountries  countries the contracts exclude
 */
public record Game(long id, String slug, Map<String, String> titles, String description, String developer,
                   String publisher, List<String> genres, List<String> tags, List<String> categories,
                   List<String> platforms, int ageRating, Instant releaseAt, GameStatus status,
                   Long priceTierUsd, Map<String, Long> prices, Discount discount,
                   List<String> serviceCountries, List<String> blockedCountries,
                   int achievements, long positiveRatings, long negativeRatings, String owners,
                   int version, Instant updatedAt) {

  public String title(String lang) {
    String t = titles.get(lang);
    return t != null ? t : titles.get("en");
  }

  public boolean priced() {
    return !prices.isEmpty();
  }

  /** Lower bound of the owners range ("10000000-20000000" → 10,000,000). */
  public long ownersLow() {
    int dash = owners == null ? -1 : owners.indexOf('-');
    try {
      return dash > 0 ? Long.parseLong(owners.substring(0, dash).trim()) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Share of positive ratings, 0..100 (0 when unrated). */
  public int ratingPercent() {
    long total = positiveRatings + negativeRatings;
    return total == 0 ? 0 : (int) Math.round(100.0 * positiveRatings / total);
  }

  /**
   * A rating that trusts many reviews more than few (SteamDB's formula): the positive share pulled
   * towards 50% by {@code 2^-log10(total+1)}. Unrated games score 0 so they sort last.
   */
  public double ratingScore() {
    long total = positiveRatings + negativeRatings;
    if (total == 0) {
      return 0;
    }
    double avg = (double) positiveRatings / total;
    return avg - (avg - 0.5) * Math.pow(2, -Math.log10(total + 1));
  }

  /** Popularity factor (≥ 1) that multiplies text relevance: well-reviewed, widely owned games first. */
  public double popularity() {
    return 1.0 + 0.2 * Math.log10(1 + positiveRatings) + 0.05 * Math.log10(1 + ownersLow());
  }
}

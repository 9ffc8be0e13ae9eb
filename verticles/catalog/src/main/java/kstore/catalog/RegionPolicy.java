package kstore.catalog;

import java.time.Instant;
import kstore.contracts.catalog.GameStatus;
import kstore.platform.Regions;

/** Whether a game may be sold in a country (R12, S1.4), and if not, why. */
public final class RegionPolicy {
  private final Regions regions;

  public RegionPolicy(Regions regions) {
    this.regions = regions;
  }

  /** Reasons a game cannot be bought; wire values of {@code availability.reason}. */
  public enum Reason {
    NOT_IN_SERVICE_COUNTRIES, BLOCKED_IN_COUNTRY, NOT_RELEASED_NO_PREORDER
  }

  /** The verdict shown on a game's page. */
  public record Availability(boolean purchasable, Reason reason, String message) {
    static final Availability OK = new Availability(true, null, null);

    /** True when the game may be listed (shown in search, home and suggestions) in the country. */
    public boolean listed() {
      return purchasable || reason == Reason.NOT_RELEASED_NO_PREORDER;
    }
  }

  /** False in countries where the store does not operate at all (sanctions, law). */
  public boolean operatesIn(String country) {
    return !regions.serviceUnavailable(country);
  }

  /** True when the game's contracts allow it to be sold in {@code country}: it may be listed there. */
  public boolean soldIn(Game game, String country) {
    return !regions.serviceUnavailable(country)
        && (game.serviceCountries() == null || game.serviceCountries().contains(country))
        && !game.blockedCountries().contains(country);
  }

  public Availability availability(Game game, String country, Instant now) {
    String title = game.title("en");
    if (regions.serviceUnavailable(country)) {
      return new Availability(false, Reason.BLOCKED_IN_COUNTRY,
          "K Store does not sell games in " + country + ".");
    }
    if (game.serviceCountries() != null && !game.serviceCountries().contains(country)) {
      return new Availability(false, Reason.NOT_IN_SERVICE_COUNTRIES,
          title + " is sold only in " + String.join(", ", game.serviceCountries())
              + " under its publishing contract, not in " + country + ".");
    }
    if (game.blockedCountries().contains(country)) {
      return new Availability(false, Reason.BLOCKED_IN_COUNTRY,
          title + " may not be sold in " + country + " under its publishing contract.");
    }
    GameStatus status = Lifecycle.effectiveStatus(game, now);
    if (status == GameStatus.ANNOUNCED || !game.priced()) {
      return new Availability(false, Reason.NOT_RELEASED_NO_PREORDER,
          title + " is announced; pre-orders have not opened yet.");
    }
    return Availability.OK;
  }
}

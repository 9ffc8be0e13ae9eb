package kstore.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import kstore.contracts.catalog.CatalogLimits;
import kstore.platform.Regions;

/** The JSON shapes of the contracts README: GameSummary, GameDetail, and the admin input form. */
public final class GameJson {
  private GameJson() {
  }

  /** GameSummary in {@code lang}, priced in the region's currency at {@code now}. */
  public static JsonObject summary(Game g, String lang, Regions.Region region, Instant now, String highlight) {
    JsonObject titles = new JsonObject();
    for (String l : CatalogLimits.LANGUAGES) {
      String t = g.titles().get(l);
      if (t != null) {
        titles.put(l, t);
      }
    }
    JsonObject json = new JsonObject()
        .put("id", g.id())
        .put("slug", g.slug())
        .put("title", g.title(lang))
        .put("titles", titles)
        .put("developer", g.developer())
        .put("publisher", g.publisher())
        .put("genres", new JsonArray(g.genres()))
        .put("tags", new JsonArray(g.tags()))
        .put("platforms", new JsonArray(g.platforms()))
        .put("ageRating", g.ageRating())
        .put("releaseAt", g.releaseAt().toString())
        .put("status", Lifecycle.effectiveStatus(g, now).wire())
        .put("price", price(Pricing.quote(g, region.currency(), region.digits(), region.chargeUnit(), now)))
        .put("rating", new JsonObject()
            .put("positive", g.positiveRatings())
            .put("negative", g.negativeRatings())
            .put("percent", g.ratingPercent()));
    if (highlight != null) {
      json.put("highlight", new JsonObject().put("title", highlight));
    }
    return json;
  }

  static JsonObject price(Pricing.Quote q) {
    if (q == null) {
      return null;
    }
    JsonObject p = new JsonObject()
        .put("currency", q.currency())
        .put("digits", q.digits())
        .put("list", q.list())
        .put("amount", q.amount())
        .put("discountPercent", q.discountPercent());
    if (q.discountKind() != null) {
      p.put("discountKind", q.discountKind().wire());
      p.put("discountEndsAt", q.discountEndsAt().toString());
    }
    p.put("free", q.free());
    return p;
  }

  /** GameDetail: the summary plus the page's facts and whether the caller's country may buy it (and why not). */
  public static JsonObject detail(Game g, String lang, Regions.Region region, Instant now,
                                  RegionPolicy.Availability availability) {
    JsonObject json = summary(g, lang, region, now, null);
    if (!availability.listed()) {
      json.putNull("price");
    }
    json.put("description", g.description())
        .put("categories", new JsonArray(g.categories()))
        .put("achievements", g.achievements())
        .put("owners", g.owners())
        .put("serviceCountries", g.serviceCountries() == null ? null : new JsonArray(g.serviceCountries()))
        .put("blockedCountries", new JsonArray(g.blockedCountries()));
    if (g.discount() != null) {
      json.put("discount", discount(g.discount()));
    }
    JsonObject a = new JsonObject().put("purchasable", availability.purchasable());
    if (!availability.purchasable()) {
      a.put("reason", availability.reason().name()).put("message", availability.message());
    }
    json.put("availability", a);
    return json;
  }

  static JsonObject discount(Discount d) {
    return new JsonObject()
        .put("percent", d.percent())
        .put("kind", d.kind().wire())
        .put("startsAt", d.startsAt().toString())
        .put("endsAt", d.endsAt().toString());
  }

  /**
   * The admin form of a game (the GameInput fields as stored): what an update merges into and what
   * the audit diff compares.
   */
  public static JsonObject input(Game g) {
    JsonObject titles = new JsonObject();
    g.titles().forEach(titles::put);
    JsonObject prices = new JsonObject();
    for (Map.Entry<String, Long> e : new java.util.TreeMap<>(g.prices()).entrySet()) {
      prices.put(e.getKey(), e.getValue());
    }
    return new JsonObject()
        .put("slug", g.slug())
        .put("titles", titles)
        .put("description", g.description())
        .put("developer", g.developer())
        .put("publisher", g.publisher())
        .put("genres", new JsonArray(g.genres()))
        .put("tags", new JsonArray(g.tags()))
        .put("platforms", new JsonArray(g.platforms()))
        .put("ageRating", g.ageRating())
        .put("releaseAt", g.releaseAt().toString())
        .put("status", g.status().wire())
        .put("prices", g.priced() ? prices : null)
        .put("discount", g.discount() == null ? null : discount(g.discount()))
        .put("serviceCountries", g.serviceCountries() == null ? null : new JsonArray(g.serviceCountries()))
        .put("blockedCountries", new JsonArray(g.blockedCountries()));
  }
}

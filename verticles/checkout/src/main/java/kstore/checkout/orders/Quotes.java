package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import kstore.checkout.CheckoutConfig;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.platform.Bus;
import kstore.platform.Regions;

/**
 * Prices a cart for a buyer in their residence country (S1.6–S1.8): each game's regional list price and the
 * discount in force (for a pre-order, the pre-order discount; after the release instant the normal price), points
 * applied, taxes included or added per country, the total to charge and the points it will earn. A quote is signed
 * (HMAC-SHA256) and expires; an order honours it only while every price is still the same.
 */
public final class Quotes {
  public static final int MAX_ITEMS = 20;

  private final Vertx vertx;
  private final CheckoutConfig config;
  private final Regions regions;
  private final Clock clock;
  /** One keyed Mac per thread (a Mac is not thread-safe; creating one per quote was measurable under load). */
  private final ThreadLocal<Mac> macs;

  public Quotes(Vertx vertx, CheckoutConfig config, Regions regions, Clock clock, byte[] secret) {
    this.vertx = vertx;
    this.config = config;
    this.regions = regions;
    this.clock = clock;
    this.macs = macs(secret.clone());
  }

  /** The buyer and where they are: residence decides prices; the request's country may block the sale. */
  public record Buyer(String userId, String residence, String requestCountry, String lang, String requestId) {
  }

  /** Prices {@code {items: [gameId...], points?}} now; the reply carries {@code quoteToken}. */
  public Future<JsonObject> quote(JsonObject body, Buyer buyer) {
    List<Long> ids = gameIds(body);
    long points = body.getLong("points", 0L);
    if (points < 0) {
      throw ServiceError.of(ErrorCode.VALIDATION, "points must be 0 or more");
    }
    if (regions.serviceUnavailable(buyer.requestCountry()) || regions.serviceUnavailable(buyer.residence())) {
      throw ServiceError.of(ErrorCode.REGION_BLOCKED, "K Store is not available in your region");
    }
    List<Future<JsonObject>> games = new ArrayList<>();
    for (Long id : ids) {
      games.add(Bus.request(vertx, CatalogAddresses.GET, new JsonObject().put("idOrSlug", String.valueOf(id))
          .put("country", buyer.residence()).put("lang", buyer.lang()), Bus.options(buyer.requestId(), 5_000)));
    }
    return Future.all(games).map(all -> price(games.stream().map(Future::result).toList(), points, buyer));
  }

  private JsonObject price(List<JsonObject> games, long points, Buyer buyer) {
    JsonArray lines = new JsonArray();
    String currency = null;
    int digits = 0;
    long subtotal = 0;
    long afterDiscount = 0;
    Set<String> kinds = new LinkedHashSet<>();
    for (JsonObject g : games) {
      String title = g.getString("title");
      JsonObject availability = g.getJsonObject("availability", new JsonObject());
      if (!availability.getBoolean("purchasable", false)) {
        throw ServiceError.of(ErrorCode.REGION_BLOCKED, availability.getString("message",
            title + " cannot be bought in your country"));
      }
      if (g.getJsonArray("blockedCountries", new JsonArray()).contains(buyer.requestCountry())) {
        throw ServiceError.of(ErrorCode.REGION_BLOCKED, title + " cannot be sold where you are now ("
            + buyer.requestCountry() + ")");
      }
      JsonObject price = g.getJsonObject("price");
      String status = g.getString("status");
      if (price == null || "announced".equals(status)) {
        throw ServiceError.of(ErrorCode.VALIDATION, title + " is not for sale yet");
      }
      currency = price.getString("currency");
      digits = price.getInteger("digits");
      // the catalog shows whole units in a whole-unit currency already; rounding down again changes nothing then,
      // and keeps a charge whole should a catalog node with older config answer (never more than it showed)
      long unit = regions.chargeUnit(currency);
      long amount = price.getLong("amount") / unit * unit;
      subtotal += price.getLong("list");
      afterDiscount += amount;
      kinds.add("pre-order".equals(status) ? "pre-order" : "purchase");
      lines.add(new JsonObject().put("gameId", g.getLong("id")).put("title", title).put("status", status)
          .put("releaseAt", g.getString("releaseAt")).put("list", price.getLong("list"))
          .put("amount", amount).put("discountPercent", price.getInteger("discountPercent", 0))
          .put("discountKind", price.getString("discountKind")));
    }
    if (kinds.size() > 1) {
      throw ServiceError.of(ErrorCode.VALIDATION, "Pre-orders and purchases are separate orders: order them apart");
    }
    CheckoutConfig.PointRules rules = config.pointRules(buyer.residence());
    CheckoutConfig.TaxRules taxRules = config.taxRules(buyer.residence());
    long tax = taxRules.included()
        ? divRound(afterDiscount * taxRules.rateBasisPoints(), 10_000 + taxRules.rateBasisPoints())
        : divRound(afterDiscount * taxRules.rateBasisPoints(), 10_000);
    long gross = taxRules.included() ? afterDiscount : afterDiscount + tax;
    long maxPoints = gross / rules.minorUnitsPerPoint();
    if (points > maxPoints) {
      throw ServiceError.of(ErrorCode.VALIDATION, "At most " + maxPoints + " points can pay for this order");
    }
    long pointsValue = points * rules.minorUnitsPerPoint();
    long total = gross - pointsValue;
    long earn = total * rules.earnBasisPoints() / 10_000 / rules.minorUnitsPerPoint();
    Instant expires = clock.instant().plus(config.quoteTtl());
    JsonObject quote = new JsonObject()
        .put("userId", buyer.userId())
        .put("country", buyer.residence())
        .put("kind", kinds.iterator().next())
        .put("currency", currency).put("digits", digits)
        .put("items", lines)
        .put("subtotal", subtotal)
        .put("discount", subtotal - afterDiscount)
        .put("tax", tax).put("taxIncluded", taxRules.included())
        .put("points", points).put("pointsValue", pointsValue)
        .put("maxPoints", maxPoints).put("minorUnitsPerPoint", rules.minorUnitsPerPoint())
        .put("total", total)
        .put("pointsEarned", earn)
        .put("expiresAt", expires.toString());
    return quote.copy().put("quoteToken", sign(quote));
  }

  /**
   * Fails fast, naming the config key, when a country whose currency is charged in whole units only
   * ({@code wholeUnits} in {@code conf/regions.json}: KES) could still be quoted cents: a point must be worth whole
   * units, and tax must be included in the price (tax added on top of KSh 679 would be KSh 108.64).
   */
  public static void requireWholeUnits(CheckoutConfig config, Regions regions) {
    for (Regions.Region r : regions.all()) {
      long unit = r.chargeUnit();
      if (unit == 1) {
        continue;
      }
      String country = r.country();
      String points = config.points().containsKey(country) ? country : "default";
      if (config.pointRules(country).minorUnitsPerPoint() % unit != 0) {
        throw new IllegalArgumentException("config key 'checkout.points." + points + ".minorUnitsPerPoint' must be a "
            + "multiple of " + unit + " for " + country + ": " + r.currency() + " is charged in whole units only "
            + "(conf/regions.json)");
      }
      CheckoutConfig.TaxRules tax = config.taxRules(country);
      if (!tax.included() && tax.rateBasisPoints() != 0) {
        String key = config.tax().containsKey(country) ? country : "default";
        throw new IllegalArgumentException("config key 'checkout.tax." + key + ".included' must be true for "
            + country + ": tax added to a price in " + r.currency() + " (charged in whole units only, "
            + "conf/regions.json) would leave cents");
      }
    }
  }

  /** The quote inside a token, when the signature holds, it has not expired and it is the buyer's. */
  public JsonObject verify(String token, String userId) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      throw ServiceError.of(ErrorCode.VALIDATION, "quoteToken is not a quote; ask for a new quote");
    }
    byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
    byte[] mac;
    try {
      mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw ServiceError.of(ErrorCode.VALIDATION, "quoteToken is not a quote; ask for a new quote");
    }
    if (!MessageDigest.isEqual(mac, hmac(payload))) {
      throw ServiceError.of(ErrorCode.VALIDATION, "quoteToken was changed or is not ours; ask for a new quote");
    }
    JsonObject quote = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    if (!userId.equals(quote.getString("userId"))) {
      throw ServiceError.of(ErrorCode.FORBIDDEN, "This quote was made for someone else");
    }
    if (Instant.parse(quote.getString("expiresAt")).isBefore(clock.instant())) {
      throw ServiceError.of(ErrorCode.CONFLICT, "The quote has expired; prices are quoted for "
          + config.quoteTtl().toMinutes() + " minutes");
    }
    return quote;
  }

  /** True when a fresh quote charges exactly what the earlier one said. */
  public static boolean samePrices(JsonObject earlier, JsonObject now) {
    return earlier.getLong("total").equals(now.getLong("total"))
        && earlier.getString("currency").equals(now.getString("currency"))
        && earlier.getLong("subtotal").equals(now.getLong("subtotal"))
        && earlier.getLong("discount").equals(now.getLong("discount"));
  }

  private String sign(JsonObject quote) {
    byte[] payload = quote.encode().getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(payload));
  }

  private byte[] hmac(byte[] payload) {
    return macs.get().doFinal(payload);   // doFinal resets the Mac for the next use
  }

  private static ThreadLocal<Mac> macs(byte[] secret) {
    return ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac;
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
      }
    });
  }

  private static List<Long> gameIds(JsonObject body) {
    JsonArray items = body.getJsonArray("items");
    if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
      throw ServiceError.of(ErrorCode.VALIDATION, "items must list 1 to " + MAX_ITEMS + " game ids");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (Object o : items) {
      if (!(o instanceof Number n) || n.longValue() <= 0) {
        throw ServiceError.of(ErrorCode.VALIDATION, "items must be game ids (positive numbers)");
      }
      ids.add(n.longValue());
    }
    return List.copyOf(ids);
  }

  /** {@code a / b} rounded half up, for non-negative values (money in minor units). */
  static long divRound(long a, long b) {
    return (a + b / 2) / b;
  }
}

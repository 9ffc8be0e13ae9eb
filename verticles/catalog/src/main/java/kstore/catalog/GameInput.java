package kstore.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kstore.contracts.catalog.CatalogLimits;
import kstore.contracts.catalog.GameStatus;
import kstore.platform.Regions;

/**
 * The admin form of a game (GameInput in the contracts): validates a registration (S1.1) or an
 * update, merges an update into the stored game (absent field = unchanged, null = cleared where a
 * field is optional, {@code titles} and {@code prices} merged per key) and describes what changed.
 */
public final class GameInput {
  private GameInput() {
  }

  static final Set<String> FIELDS = Set.of("slug", "titles", "description", "developer", "publisher", "genres", "tags",
      "platforms", "ageRating", "releaseAt", "status", "prices", "priceTier", "discount", "serviceCountries",
      "blockedCountries");
  private static final Set<String> DISCOUNT_FIELDS = Set.of("percent", "kind", "startsAt", "endsAt");
  static final int MAX_TITLE = 200;
  static final int MAX_DESCRIPTION = 10_000;
  static final long MAX_AMOUNT = 100_000_000_000L;

  /** A new game from a registration; its id and slug are settled by the caller (slug may be null here). */
  public static Game create(JsonObject body, Regions regions, Instant now) {
    requireObject(body);
    rejectUnknown(body, FIELDS);
    for (String required : List.of("titles", "developer", "publisher", "genres", "platforms", "ageRating", "releaseAt",
        "status")) {
      if (body.getValue(required) == null) {
        throw InvalidRequest.validation(required + " is required");
      }
    }
    Game base = new Game(0, "", Map.of(), null, "", "", List.of(), List.of(), List.of(), List.of(), 0, now,
        GameStatus.ANNOUNCED, null, Map.of(), null, null, List.of(), 0, 0, 0, "0-20000", 0, now);
    return apply(base, body, regions, now);
  }

  /** The stored game with an update merged in. */
  public static Game merge(Game current, JsonObject body, Regions regions, Instant now) {
    requireObject(body);
    Set<String> allowed = new LinkedHashSet<>(FIELDS);
    allowed.add("id");
    rejectUnknown(body, allowed);
    return apply(current, body, regions, now);
  }

  /** What changed between two admin forms: {field: {from, to}} for every field that differs. */
  public static JsonObject diff(Game before, Game after) {
    JsonObject a = before == null ? new JsonObject() : GameJson.input(before);
    JsonObject b = GameJson.input(after);
    JsonObject changes = new JsonObject();
    for (String field : new TreeMap<>(b.getMap()).keySet()) {
      Object from = a.getValue(field);
      Object to = b.getValue(field);
      if (from == null ? to != null : !from.equals(to)) {
        changes.put(field, new JsonObject().put("from", from).put("to", to));
      }
    }
    return changes;
  }

  private static Game apply(Game base, JsonObject body, Regions regions, Instant now) {
    String slug = base.slug().isEmpty() ? null : base.slug();
    if (body.containsKey("slug")) {
      slug = RequestFields.string(body, "slug", Slugs.MAX_LENGTH + 12, base.id() != 0);
      if (slug != null && !Slugs.valid(slug)) {
        throw InvalidRequest.validation("slug must be lower-case letters and digits in words joined by single dashes");
      }
    }
    Map<String, String> titles = titles(base.titles(), body);
    String description = body.containsKey("description")
        ? RequestFields.string(body, "description", MAX_DESCRIPTION, false) : base.description();
    String developer = body.containsKey("developer")
        ? RequestFields.text(body, "developer", MAX_TITLE, true) : base.developer();
    String publisher = body.containsKey("publisher")
        ? RequestFields.text(body, "publisher", MAX_TITLE, true) : base.publisher();
    List<String> genres = body.containsKey("genres") ? names(body, "genres", 1, 10) : base.genres();
    List<String> tags = body.containsKey("tags") ? names(body, "tags", 0, 20) : base.tags();
    List<String> platforms = body.containsKey("platforms") ? platforms(body) : base.platforms();
    int ageRating = body.containsKey("ageRating")
        ? required(RequestFields.integer(body, "ageRating", 0, 21, null), "ageRating") : base.ageRating();
    Instant releaseAt = body.containsKey("releaseAt")
        ? RequestFields.instant(body, "releaseAt", true) : base.releaseAt();
    GameStatus status = base.status();
    if (body.containsKey("status")) {
      String wire = RequestFields.string(body, "status", 20, true);
      status = GameStatus.fromWire(wire).orElseThrow(() ->
          InvalidRequest.validation("status must be announced, pre-order or released"));
    }

    Map<String, Long> prices = base.prices();
    Long tierUsd = base.priceTierUsd();
    if (body.containsKey("prices") && body.containsKey("priceTier") && body.getValue("priceTier") != null
        && body.getValue("prices") != null) {
      throw InvalidRequest.validation("prices and priceTier: give one of them, not both");
    }
    if (body.getValue("priceTier") != null) {
      long tier = RequestFields.longValue(body, "priceTier", 0, Long.MAX_VALUE);
      PriceTiers.Tier t = PriceTiers.byNameOrIndex(tier).orElseThrow(() -> InvalidRequest.validation(
          "priceTier must be a tier index 0..21 or a USD tier amount in cents (0, 99, 199, ... 5999, 6999)"));
      prices = pricesFor(t, regions);
      tierUsd = t.usd();
    } else if (body.containsKey("prices")) {
      if (body.getValue("prices") == null) {
        prices = Map.of();
        tierUsd = null;
      } else {
        prices = prices(base.prices(), body, regions);
        tierUsd = prices.containsKey("USD") ? prices.get("USD") : PriceTiers.nearest(anyCurrency(prices),
            prices.get(anyCurrency(prices))).usd();
      }
    }

    Discount discount = base.discount();
    if (body.containsKey("discount")) {
      discount = discount(body, now, releaseAt, status);
    }
    List<String> service = base.serviceCountries();
    if (body.containsKey("serviceCountries")) {
      service = body.getValue("serviceCountries") == null ? null : countries(body, "serviceCountries", false);
    }
    List<String> blocked = base.blockedCountries();
    if (body.containsKey("blockedCountries")) {
      blocked = body.getValue("blockedCountries") == null ? List.of() : countries(body, "blockedCountries", true);
    }

    // Rules across fields.
    if (status == GameStatus.RELEASED && releaseAt.isAfter(now)) {
      throw InvalidRequest.validation("status: a game released in the future is on pre-order or announced; "
          + "set releaseAt to the release instant and status to pre-order or announced");
    }
    if (status != GameStatus.ANNOUNCED && prices.isEmpty()) {
      throw InvalidRequest.validation("prices: a game on pre-order or released needs prices or a priceTier");
    }
    if (discount != null) {
      if (prices.isEmpty() || prices.values().stream().allMatch(p -> p == 0)) {
        throw InvalidRequest.validation("discount: only a priced, paid game can be discounted");
      }
      if (discount.kind() == Discount.Kind.PRE_ORDER && status != GameStatus.PRE_ORDER) {
        throw InvalidRequest.validation("discount.kind: a pre-order discount needs status pre-order");
      }
      if (discount.kind() == Discount.Kind.PRE_ORDER && !discount.startsAt().isBefore(releaseAt)) {
        throw InvalidRequest.validation("discount.startsAt: a pre-order discount must start before releaseAt");
      }
    }
    if (service != null) {
      for (String c : blocked) {
        if (service.contains(c)) {
          throw InvalidRequest.validation("blockedCountries: " + c + " is also in serviceCountries");
        }
      }
    }
    if (!regions.currencies().isEmpty()) {
      for (String currency : prices.keySet()) {
        if (!regions.currencies().containsKey(currency)) {
          throw InvalidRequest.validation("prices: " + currency + " is not a currency the store sells in");
        }
      }
    }
    return new Game(base.id(), slug == null ? "" : slug, Map.copyOf(titles), description, developer, publisher,
        genres, tags, base.categories(), platforms, ageRating, releaseAt, status, tierUsd, Map.copyOf(prices), discount,
        service, blocked, base.achievements(), base.positiveRatings(), base.negativeRatings(), base.owners(),
        base.version(), base.updatedAt());
  }

  private static int required(Integer v, String field) {
    if (v == null) {
      throw InvalidRequest.validation(field + " is required");
    }
    return v;
  }

  private static void requireObject(JsonObject body) {
    if (body == null) {
      throw InvalidRequest.validation("request body must be a JSON object");
    }
  }

  private static void rejectUnknown(JsonObject body, Set<String> allowed) {
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) {
        throw InvalidRequest.validation(field + " is not a field of a game (allowed: "
            + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private static Map<String, String> titles(Map<String, String> current, JsonObject body) {
    Map<String, String> titles = new LinkedHashMap<>(current);
    if (body.containsKey("titles")) {
      Object raw = body.getValue("titles");
      if (!(raw instanceof JsonObject t)) {
        throw InvalidRequest.validation("titles must be an object such as "
            + "{\"en\": \"Starfall Odyssey\", \"ko\": \"스타폴 오디세이\"}");
      }
      for (String lang : t.fieldNames()) {
        if (!CatalogLimits.LANGUAGES.contains(lang)) {
          throw InvalidRequest.validation("titles." + lang + ": titles are kept in " + CatalogLimits.LANGUAGES
              + " only");
        }
        if (t.getValue(lang) == null) {
          titles.remove(lang);
        } else {
          titles.put(lang, RequestFields.text(t, lang, MAX_TITLE, true));
        }
      }
    }
    if (!titles.containsKey("en")) {
      throw InvalidRequest.validation("titles.en is required");
    }
    return titles;
  }

  private static List<String> names(JsonObject body, String field, int min, int max) {
    List<String> values = RequestFields.strings(body, field, max, 40);
    if (values == null || values.size() < min) {
      throw InvalidRequest.validation(field + " must hold at least " + min + " value" + (min == 1 ? "" : "s"));
    }
    for (String v : values) {
      if (v.indexOf('\u001f') >= 0 || v.indexOf(';') >= 0) {
        throw InvalidRequest.validation(field + " values may not contain ';'");
      }
    }
    return List.copyOf(values);
  }

  private static List<String> platforms(JsonObject body) {
    List<String> raw = RequestFields.strings(body, "platforms", 3, 10);
    if (raw == null || raw.isEmpty()) {
      throw InvalidRequest.validation("platforms must hold at least one of windows, mac, linux");
    }
    List<String> out = new ArrayList<>();
    for (String p : raw) {
      String lower = p.toLowerCase(Locale.ROOT);
      if (!SearchRequest.PLATFORMS.contains(lower)) {
        throw InvalidRequest.validation("platforms must hold windows, mac or linux, not " + p);
      }
      if (!out.contains(lower)) {
        out.add(lower);
      }
    }
    return List.copyOf(out);
  }

  private static Map<String, Long> pricesFor(PriceTiers.Tier tier, Regions regions) {
    Map<String, Long> out = new TreeMap<>();
    for (String currency : regions.currencies().keySet()) {
      out.put(currency, tier.price(currency));
    }
    return out;
  }

  /** Merges given currencies into the current list; currencies left out are filled from the nearest tier. */
  private static Map<String, Long> prices(Map<String, Long> current, JsonObject body, Regions regions) {
    Object raw = body.getValue("prices");
    if (!(raw instanceof JsonObject p) || p.isEmpty()) {
      throw InvalidRequest.validation("prices must be an object of minor-unit amounts such as "
          + "{\"USD\": 5999, \"KRW\": 66000}");
    }
    Map<String, Long> given = new TreeMap<>();
    for (String currency : p.fieldNames()) {
      if (!regions.currencies().containsKey(currency)) {
        throw InvalidRequest.validation("prices." + currency + ": not a currency the store sells in "
            + regions.currencies().keySet());
      }
      Long amount = RequestFields.longValue(p, currency, 0, MAX_AMOUNT);
      if (amount == null) {
        throw InvalidRequest.validation("prices." + currency + " must be a whole number of minor units");
      }
      long unit = regions.chargeUnit(currency);
      if (amount % unit != 0) {
        throw InvalidRequest.validation("prices." + currency + " must be a multiple of " + unit + ": " + currency
            + " is charged in whole units only (conf/regions.json)");
      }
      given.put(currency, amount);
    }
    Map<String, Long> out = new TreeMap<>(current);
    out.putAll(given);
    String reference = given.containsKey("USD") ? "USD" : given.keySet().iterator().next();
    PriceTiers.Tier tier = PriceTiers.nearest(reference, given.get(reference));
    for (String currency : regions.currencies().keySet()) {
      if (!out.containsKey(currency) || current.isEmpty() && !given.containsKey(currency)) {
        out.put(currency, tier.price(currency));
      }
    }
    boolean anyFree = out.values().stream().anyMatch(a -> a == 0);
    boolean anyPaid = out.values().stream().anyMatch(a -> a > 0);
    if (anyFree && anyPaid) {
      throw InvalidRequest.validation("prices: a free game is free in every currency (amount 0 everywhere)");
    }
    return out;
  }

  private static String anyCurrency(Map<String, Long> prices) {
    return prices.keySet().iterator().next();
  }

  private static Discount discount(JsonObject body, Instant now, Instant releaseAt, GameStatus status) {
    Object raw = body.getValue("discount");
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject d)) {
      throw InvalidRequest.validation("discount must be an object {percent, kind, startsAt, endsAt} or null");
    }
    for (String f : d.fieldNames()) {
      if (!DISCOUNT_FIELDS.contains(f)) {
        throw InvalidRequest.validation("discount." + f + " is not a field of a discount");
      }
    }
    Integer percent = prefixed("discount.", () -> RequestFields.integer(d, "percent", 1, 95, null));
    if (percent == null) {
      throw InvalidRequest.validation("discount.percent is required (1..95)");
    }
    String kindWire = prefixed("discount.", () -> RequestFields.string(d, "kind", 20, false));
    if (kindWire == null) {
      throw InvalidRequest.validation("discount.kind is required (sale or pre-order)");
    }
    Discount.Kind kind = Discount.Kind.fromWire(kindWire)
        .orElseThrow(() -> InvalidRequest.validation("discount.kind must be sale or pre-order"));
    if (kind == Discount.Kind.PRE_ORDER && status != GameStatus.PRE_ORDER) {
      throw InvalidRequest.validation("discount.kind: a pre-order discount needs status pre-order");
    }
    Instant starts = prefixed("discount.", () -> RequestFields.instant(d, "startsAt", false));
    Instant ends = prefixed("discount.", () -> RequestFields.instant(d, "endsAt", false));
    if (starts == null) {
      starts = now;
    }
    if (ends == null) {
      if (kind == Discount.Kind.SALE) {
        throw InvalidRequest.validation("discount.endsAt is required for a sale");
      }
      ends = releaseAt;
    }
    if (!ends.isAfter(starts)) {
      throw InvalidRequest.validation("discount.endsAt must be after discount.startsAt");
    }
    return new Discount(percent, kind, starts, ends);
  }

  private static <T> T prefixed(String prefix, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidRequest e) {
      throw InvalidRequest.validation(prefix + e.getMessage());
    }
  }

  private static List<String> countries(JsonObject body, String field, boolean emptyAllowed) {
    Object raw = body.getValue(field);
    if (!(raw instanceof JsonArray a)) {
      throw InvalidRequest.validation(field + " must be a list of ISO 3166-1 alpha-2 country codes"
          + (emptyAllowed ? "" : " or null (worldwide)"));
    }
    if (a.size() > 250) {
      throw InvalidRequest.validation(field + " may hold at most 250 countries");
    }
    List<String> out = new ArrayList<>();
    for (Object o : a) {
      String c = RequestFields.countryCode(o, field);
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    if (out.isEmpty() && !emptyAllowed) {
      throw InvalidRequest.validation(field + " must not be empty: use null to sell worldwide");
    }
    return List.copyOf(out);
  }
}

package kstore.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The countries the store knows, with the currency each one buys in and its default language. */
public final class Regions {
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  /**
   * One country's money and language.
   *
   * @param wholeUnits the currency is charged in whole units only ({@code wholeUnits} under {@code currencies})
   */
  public record Region(String country, String currency, int digits, String lang, boolean wholeUnits) {
    /** A country whose currency is charged to the minor unit. */
    public Region(String country, String currency, int digits, String lang) {
      this(country, currency, digits, lang, false);
    }

    /** The step, in minor units, of every amount charged in the currency: 1, or one whole unit (KES: 100). */
    public long chargeUnit() {
      return Regions.unit(digits, wholeUnits);
    }
  }

  private final String defaultCountry;
  private final Map<String, Integer> currencyDigits;
  private final Set<String> wholeUnitCurrencies;
  private final Map<String, Region> countries;
  private final Set<String> unavailable;

  private Regions(String defaultCountry, Map<String, Integer> currencyDigits, Set<String> wholeUnitCurrencies,
                  Map<String, Region> countries, Set<String> unavailable) {
    this.defaultCountry = defaultCountry;
    this.currencyDigits = currencyDigits;
    this.wholeUnitCurrencies = wholeUnitCurrencies;
    this.countries = countries;
    this.unavailable = unavailable;
  }

  /** Reads {@code conf/regions.json} (home directory first, then the jar). */
  public static Regions load() {
    return parse(new JsonObject(StoreConfig.readText("conf/regions.json")));
  }

  public static Regions parse(JsonObject json) {
    Map<String, Integer> digits = new LinkedHashMap<>();
    Set<String> whole = new LinkedHashSet<>();
    JsonObject currencies = json.getJsonObject("currencies", new JsonObject());
    for (String c : currencies.fieldNames()) {
      JsonObject currency = currencies.getJsonObject(c);
      digits.put(c, currency.getInteger("digits"));
      Object wholeUnits = currency.getValue("wholeUnits", false);
      if (!(wholeUnits instanceof Boolean w)) {
        throw new IllegalArgumentException("regions.json: currencies." + c + ".wholeUnits must be true or false");
      }
      if (w) {
        whole.add(c);
      }
    }
    Map<String, Region> regions = new LinkedHashMap<>();
    JsonObject cs = json.getJsonObject("countries", new JsonObject());
    for (String code : cs.fieldNames()) {
      JsonObject c = cs.getJsonObject(code);
      String currency = c.getString("currency");
      Integer d = digits.get(currency);
      if (d == null) {
        throw new IllegalArgumentException("regions.json: country " + code + " uses currency " + currency
            + " which is not under 'currencies'");
      }
      regions.put(code, new Region(code, currency, d, c.getString("lang", "en"), whole.contains(currency)));
    }
    String def = json.getString("defaultCountry", "US");
    if (!regions.containsKey(def)) {
      throw new IllegalArgumentException("regions.json: defaultCountry " + def + " is not a listed country");
    }
    JsonArray un = json.getJsonArray("unavailable", new JsonArray());
    return new Regions(def, Map.copyOf(digits), Set.copyOf(whole), regions,
        Set.copyOf(un.stream().map(String::valueOf).toList()));
  }

  /** True for a syntactically valid ISO 3166-1 alpha-2 code (upper case). */
  public static boolean isCountryCode(String code) {
    return code != null && COUNTRY.matcher(code).matches();
  }

  public String defaultCountry() {
    return defaultCountry;
  }

  /** The region of a country; unknown but well-formed countries buy in USD with English. */
  public Region of(String country) {
    String c = country == null ? defaultCountry : country.toUpperCase(Locale.ROOT);
    Region r = countries.get(c);
    if (r != null) {
      return r;
    }
    return new Region(c, "USD", currencyDigits.getOrDefault("USD", 2), "en", wholeUnitCurrencies.contains("USD"));
  }

  public Optional<Region> known(String country) {
    return country == null ? Optional.empty() : Optional.ofNullable(countries.get(country.toUpperCase(Locale.ROOT)));
  }

  /** Currencies with regional price lists, and their minor-unit digits. */
  public Map<String, Integer> currencies() {
    return currencyDigits;
  }

  public int digits(String currency) {
    Integer d = currencyDigits.get(currency);
    if (d == null) {
      throw new IllegalArgumentException("unknown currency " + currency);
    }
    return d;
  }

  /** True for a currency charged in whole units only ({@code wholeUnits}: KES, as M-Pesa takes whole shillings). */
  public boolean wholeUnits(String currency) {
    digits(currency);   // an unknown currency fails here, naming it
    return wholeUnitCurrencies.contains(currency);
  }

  /** The step, in minor units, of every amount charged in {@code currency}: 1, or one whole unit (KES: 100). */
  public long chargeUnit(String currency) {
    return unit(digits(currency), wholeUnits(currency));
  }

  private static long unit(int digits, boolean wholeUnits) {
    long unit = 1;
    for (int i = 0; wholeUnits && i < digits; i++) {
      unit *= 10;
    }
    return unit;
  }

  public List<Region> all() {
    return List.copyOf(countries.values());
  }

  /** Countries where the whole service is unavailable (sanctions, law). */
  public boolean serviceUnavailable(String country) {
    return country != null && unavailable.contains(country.toUpperCase(Locale.ROOT));
  }
}

package kstore.checkout.payments;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.platform.Regions;
import kstore.platform.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Country → payment methods routing from {@code conf/payments.json}: a buyer only ever sees, and can only pay
 * with, the methods of their country. Methods whose provider has no endpoint configured are hidden everywhere.
 */
public final class PaymentMethods {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentMethods.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,40}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Set<String> LANGS = Set.of("en", "ko", "ja", "zh");
  private static final Set<String> METHOD_KEYS = Set.of("_doc", "id", "kind", "adapter", "provider", "refund",
      "expiresInSeconds", "names", "wholeUnits");

  private final Map<String, PaymentMethod> methods;
  private final Map<String, List<PaymentMethod>> byCountry;
  private final List<PaymentMethod> defaults;

  private PaymentMethods(Map<String, PaymentMethod> methods, Map<String, List<PaymentMethod>> byCountry,
                         List<PaymentMethod> defaults) {
    this.methods = Map.copyOf(methods);
    this.byCountry = Map.copyOf(byCountry);
    this.defaults = List.copyOf(defaults);
  }

  /** Reads {@code config.methodsFile()} and hides the methods whose provider has no endpoint. */
  public static PaymentMethods load(PaymentsConfig config) {
    JsonObject catalog;
    try {
      catalog = new JsonObject(StoreConfig.readText(config.methodsFile()));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("payment methods file " + config.methodsFile() + " is not valid JSON: "
          + e.getMessage(), e);
    }
    return parse(catalog, provider -> config.endpoint(provider).isPresent());
  }

  /**
   * Parses a catalog ({@code methods}, {@code countries}, {@code defaultMethods}); a method whose provider does not
   * pass {@code configured} is left out. Any malformed entry fails naming it.
   */
  public static PaymentMethods parse(JsonObject catalog, Predicate<String> configured) {
    Map<String, PaymentMethod> all = new LinkedHashMap<>();
    for (Object o : array(catalog, "methods")) {
      PaymentMethod m = method(o);
      if (all.put(m.id(), m) != null) {
        throw new IllegalArgumentException("payment method '" + m.id() + "' is listed twice");
      }
    }
    Map<String, PaymentMethod> usable = new LinkedHashMap<>();
    all.values().forEach(m -> {
      if (configured.test(m.provider())) {
        usable.put(m.id(), m);
      } else {
        LOG.warn("payment method '{}' is hidden: provider '{}' has no URL (payments.providers.{}.url, "
            + "KSTORE_PAY_{}_URL or payments.sandbox.url)", m.id(), m.provider(), m.provider(),
            m.provider().toUpperCase(Locale.ROOT));
      }
    });
    Object countries = catalog.getValue("countries");
    if (!(countries instanceof JsonObject cs)) {
      throw new IllegalArgumentException("payment methods: key 'countries' must be an object of country → method ids");
    }
    Map<String, List<PaymentMethod>> byCountry = new LinkedHashMap<>();
    for (String country : cs.fieldNames()) {
      if (!COUNTRY.matcher(country).matches()) {
        throw new IllegalArgumentException("payment methods: country '" + country + "' is not an ISO 3166 alpha-2 code");
      }
      byCountry.put(country, ids(cs.getValue(country), "countries." + country, all, usable));
    }
    List<PaymentMethod> defaults = ids(catalog.getValue("defaultMethods"), "defaultMethods", all, usable);
    return new PaymentMethods(usable, byCountry, defaults);
  }

  /** The methods a buyer in this country sees, in display order (the default list for unlisted countries). */
  public List<PaymentMethod> methodsOf(String country) {
    String c = country == null ? "" : country.toUpperCase(Locale.ROOT);
    return byCountry.getOrDefault(c, defaults);
  }

  /** The methods of a country as JSON: {@code [{id, kind, names: {en, ko, ja, zh}, refund, expiresInSeconds?}]}. */
  public JsonArray forCountry(String country) {
    JsonArray out = new JsonArray();
    methodsOf(country).forEach(m -> out.add(m.toJson()));
    return out;
  }

  /**
   * The method, when a buyer of this country may use it; otherwise throws {@code ServiceError.of(VALIDATION, …)}
   * naming the methods that country allows (a {@link io.vertx.core.eventbus.ReplyException}: throw it from a
   * {@code compose} or pass it to {@code Message.fail}).
   */
  public PaymentMethod require(String country, String methodId) {
    List<PaymentMethod> allowed = methodsOf(country);
    for (PaymentMethod m : allowed) {
      if (m.id().equals(methodId)) {
        return m;
      }
    }
    throw ServiceError.of(ErrorCode.VALIDATION, "payment method '" + methodId + "' is not available in "
        + (country == null ? "your country" : country.toUpperCase(Locale.ROOT)) + "; allowed: "
        + String.join(", ", allowed.stream().map(PaymentMethod::id).toList()));
  }

  /** A usable method by id, whatever the country (for refunds and webhooks of existing payments). */
  public Optional<PaymentMethod> byId(String methodId) {
    return Optional.ofNullable(methods.get(methodId));
  }

  /**
   * Fails fast when a country can pay with a method that takes whole units only ({@code wholeUnits}: M-Pesa) while
   * {@code conf/regions.json} does not charge that country's currency in whole units: prices there could have cents
   * the method cannot take.
   */
  public void requireWholeUnitCurrencies(Regions regions) {
    Map<String, List<PaymentMethod>> routes = new LinkedHashMap<>(byCountry);
    regions.all().forEach(r -> routes.putIfAbsent(r.country(), defaults));
    routes.forEach((country, offered) -> offered.stream().filter(PaymentMethod::wholeUnits).findFirst().ifPresent(m -> {
      Regions.Region region = regions.of(country);
      if (!region.wholeUnits()) {
        throw new IllegalArgumentException("payment method '" + m.id() + "' takes whole units only, but " + country
            + " buys in " + region.currency() + ", which conf/regions.json does not charge in whole units: set "
            + "currencies." + region.currency() + ".wholeUnits to true there, or remove the method from " + country);
      }
    }));
  }

  /** Every usable method. */
  public List<PaymentMethod> all() {
    return List.copyOf(methods.values());
  }

  private static PaymentMethod method(Object o) {
    if (!(o instanceof JsonObject e) || !(e.getValue("id") instanceof String id) || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("payment methods: each method needs an 'id' of [a-z0-9_-], not " + o);
    }
    String where = "payment method '" + id + "'";
    for (String key : e.fieldNames()) {
      if (!METHOD_KEYS.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
      }
    }
    MethodKind kind = MethodKind.parse(e.getString("kind"));
    if (kind == null) {
      throw new IllegalArgumentException(where + ": key 'kind' must be card, wallet, voucher or bank");
    }
    String adapter = e.getString("adapter");
    String expected = switch (kind) {
      case CARD -> PaymentMethod.CARDS;
      case WALLET, BANK -> PaymentMethod.WALLETS;
      case VOUCHER -> PaymentMethod.VOUCHERS;
    };
    if (!expected.equals(adapter)) {
      throw new IllegalArgumentException(where + ": key 'adapter' must be '" + expected + "' for kind " + kind.json());
    }
    RefundMode refund = RefundMode.parse(e.getString("refund", "automatic"));
    if (refund == null) {
      throw new IllegalArgumentException(where + ": key 'refund' must be automatic or manual");
    }
    long expires = 0;
    if (kind == MethodKind.VOUCHER) {
      if (!(e.getValue("expiresInSeconds") instanceof Number n) || n.longValue() <= 0) {
        throw new IllegalArgumentException(where + ": vouchers need a positive 'expiresInSeconds'");
      }
      expires = n.longValue();
    }
    Map<String, String> names = new LinkedHashMap<>();
    if (!(e.getValue("names") instanceof JsonObject ns) || !(ns.getValue("en") instanceof String)) {
      throw new IllegalArgumentException(where + ": key 'names' must be an object with at least 'en'");
    }
    for (String lang : ns.fieldNames()) {
      if (!LANGS.contains(lang) || !(ns.getValue(lang) instanceof String name) || name.isBlank()) {
        throw new IllegalArgumentException(where + ": names." + lang + " must be a name in one of " + LANGS);
      }
      names.put(lang, name);
    }
    Object provider = e.getValue("provider", id);
    if (!(provider instanceof String p) || !ID.matcher(p).matches()) {
      throw new IllegalArgumentException(where + ": key 'provider' must be a name of [a-z0-9_-]");
    }
    Object wholeUnits = e.getValue("wholeUnits", false);
    if (!(wholeUnits instanceof Boolean whole)) {
      throw new IllegalArgumentException(where + ": key 'wholeUnits' must be true or false");
    }
    if (whole && !PaymentMethod.WALLETS.equals(adapter)) {
      throw new IllegalArgumentException(where + ": key 'wholeUnits' is only checked by the '" + PaymentMethod.WALLETS
          + "' adapter");
    }
    return new PaymentMethod(id, kind, adapter, p, names, refund, expires, whole);
  }

  private static JsonArray array(JsonObject catalog, String key) {
    if (!(catalog.getValue(key) instanceof JsonArray a)) {
      throw new IllegalArgumentException("payment methods: key '" + key + "' must be an array");
    }
    return a;
  }

  private static List<PaymentMethod> ids(Object value, String where, Map<String, PaymentMethod> all,
                                         Map<String, PaymentMethod> usable) {
    if (!(value instanceof JsonArray a)) {
      throw new IllegalArgumentException("payment methods: key '" + where + "' must be an array of method ids");
    }
    List<PaymentMethod> out = new ArrayList<>();
    for (Object id : a) {
      if (!(id instanceof String s) || !all.containsKey(s)) {
        throw new IllegalArgumentException("payment methods: '" + where + "' names '" + id + "', which is not a method");
      }
      PaymentMethod m = usable.get(s);
      if (m != null && !out.contains(m)) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }
}

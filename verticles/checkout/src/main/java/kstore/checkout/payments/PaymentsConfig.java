package kstore.checkout.payments;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kstore.platform.StoreConfig;

/**
 * The {@code payments} section of the store's configuration, parsed once:
 * <pre>
 * payments.methodsFile          the method catalog (default conf/payments.json)
 * payments.timeoutMs            how long a provider call may take (default 10000)
 * payments.cardCapture          "automatic" (default) or "manual" (authorize now, capture later)
 * payments.sandbox.url          the payment sandbox (dev stack): every provider without its own URL uses it
 * payments.sandbox.secretKey
 * payments.providers.NAME.url / .secretKey / .timeoutMs    one provider's own endpoint
 * </pre>
 * The environment wins over the file for a provider: {@code KSTORE_PAY_<NAME>_URL} and {@code KSTORE_PAY_<NAME>_KEY}
 * (NAME upper-cased, other characters as {@code _}). A provider with its own URL never falls back to the sandbox key.
 *
 * @param methodsFile  where the method catalog is read (store home, then classpath)
 * @param timeoutMs    default timeout of one provider call
 * @param cardCapture  {@code automatic} or {@code manual}
 * @param sandbox      the sandbox endpoint, or null when none is configured
 * @param providers    the {@code payments.providers} entries as given
 * @param env          the {@code KSTORE_PAY_*} environment variables
 */
public record PaymentsConfig(String methodsFile, long timeoutMs, String cardCapture, ProviderEndpoint sandbox,
                             Map<String, JsonObject> providers, Map<String, String> env) {

  /** Where the method catalog lives unless {@code payments.methodsFile} says otherwise. */
  public static final String DEFAULT_METHODS_FILE = "conf/payments.json";
  /** Default time one provider call may take. */
  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  private static final Set<String> KEYS = Set.of("_doc", "methodsFile", "timeoutMs", "cardCapture", "sandbox", "providers");
  private static final Set<String> PROVIDER_KEYS = Set.of("_doc", "url", "secretKey", "timeoutMs");

  public PaymentsConfig {
    providers = Map.copyOf(providers);
    env = Map.copyOf(env);
  }

  /** Parses {@code payments} from the whole store config; unknown keys and bad values fail naming the key. */
  public static PaymentsConfig from(JsonObject conf, Map<String, String> env) {
    JsonObject p = StoreConfig.section(conf, "payments");
    for (String key : p.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("config key 'payments." + key + "' is unknown (known: " + KEYS + ")");
      }
    }
    String file = text(p, "methodsFile", "payments.methodsFile");
    long timeout = positive(p, "timeoutMs", "payments.timeoutMs", DEFAULT_TIMEOUT_MS);
    String capture = text(p, "cardCapture", "payments.cardCapture");
    if (capture != null && !capture.equals("automatic") && !capture.equals("manual")) {
      throw new IllegalArgumentException("config key 'payments.cardCapture' must be \"automatic\" or \"manual\"");
    }
    JsonObject sb = object(p, "sandbox", "payments.sandbox");
    ProviderEndpoint sandbox = null;
    String sandboxUrl = url(sb, "url", "payments.sandbox.url");
    if (sandboxUrl != null) {
      String key = text(sb, "secretKey", "payments.sandbox.secretKey");
      if (key == null) {
        throw new IllegalArgumentException("config key 'payments.sandbox.secretKey' is required with payments.sandbox.url");
      }
      sandbox = new ProviderEndpoint("sandbox", sandboxUrl, key, timeout, true);
    }
    Map<String, JsonObject> providers = new LinkedHashMap<>();
    JsonObject ps = object(p, "providers", "payments.providers");
    for (String name : ps.fieldNames()) {
      String where = "payments.providers." + name;
      JsonObject entry = object(ps, name, where);
      for (String key : entry.fieldNames()) {
        if (!PROVIDER_KEYS.contains(key)) {
          throw new IllegalArgumentException("config key '" + where + "." + key + "' is unknown (known: " + PROVIDER_KEYS + ")");
        }
      }
      url(entry, "url", where + ".url");
      text(entry, "secretKey", where + ".secretKey");
      positive(entry, "timeoutMs", where + ".timeoutMs", timeout);
      providers.put(name, entry.copy());
    }
    Map<String, String> payEnv = new LinkedHashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("KSTORE_PAY_") && v != null && !v.isBlank()) {
        payEnv.put(k, v.trim());
      }
    });
    return new PaymentsConfig(file == null ? DEFAULT_METHODS_FILE : file, timeout,
        capture == null ? "automatic" : capture, sandbox, providers, payEnv);
  }

  /**
   * The endpoint of a provider: its own ({@code KSTORE_PAY_<NAME>_URL/_KEY}, else {@code payments.providers.<name>}),
   * else the sandbox; empty when neither is configured (its methods are then hidden).
   */
  public Optional<ProviderEndpoint> endpoint(String provider) {
    String var = "KSTORE_PAY_" + provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    JsonObject entry = providers.getOrDefault(provider, new JsonObject());
    String where = "payments.providers." + provider;
    String ownUrl = env.containsKey(var + "_URL") ? checkedUrl(env.get(var + "_URL"), var + "_URL")
        : url(entry, "url", where + ".url");
    long timeout = positive(entry, "timeoutMs", where + ".timeoutMs", timeoutMs);
    if (ownUrl == null) {
      return Optional.ofNullable(sandbox).map(s -> new ProviderEndpoint(provider, s.url(), s.secretKey(), timeout, true));
    }
    String key = env.containsKey(var + "_KEY") ? env.get(var + "_KEY") : text(entry, "secretKey", where + ".secretKey");
    if (key == null) {
      throw new IllegalArgumentException("payment provider '" + provider + "' has a URL but no secret key: set "
          + var + "_KEY (or config key '" + where + ".secretKey')");
    }
    return Optional.of(new ProviderEndpoint(provider, ownUrl, key, timeout, false));
  }

  private static JsonObject object(JsonObject parent, String key, String where) {
    Object v = parent.getValue(key);
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject o)) {
      throw new IllegalArgumentException("config key '" + where + "' must be an object");
    }
    return o;
  }

  private static String text(JsonObject parent, String key, String where) {
    Object v = parent.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("config key '" + where + "' must be a string");
    }
    return s.isBlank() ? null : s.trim();
  }

  private static long positive(JsonObject parent, String key, String where, long fallback) {
    Object v = parent.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.longValue() <= 0) {
      throw new IllegalArgumentException("config key '" + where + "' must be a positive number of milliseconds");
    }
    return n.longValue();
  }

  private static String url(JsonObject parent, String key, String where) {
    String s = text(parent, key, where);
    return s == null ? null : checkedUrl(s, "config key '" + where + "'");
  }

  private static String checkedUrl(String s, String where) {
    try {
      URI uri = new URI(s.trim());
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(where + " must be an absolute http(s) URL, not '" + s + "'");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(where + " is not a URL: " + e.getMessage(), e);
    }
    return s.trim();
  }
}

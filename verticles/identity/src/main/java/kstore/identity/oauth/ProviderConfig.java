package kstore.identity.oauth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One social-login provider as configured in {@code conf/identity-providers.json} or {@code identity.providers}.
 *
 * @param id                    lowercase {@code [a-z0-9-]}, used in URLs and stored identities
 * @param name                  the sign-in button label
 * @param kind                  {@code oidc} (id_token verified against the issuer's keys) or {@code oauth2}
 * @param issuer                OIDC issuer; discovery runs at first use unless the endpoints below are all given
 * @param authorizationEndpoint where the browser is sent
 * @param tokenEndpoint         where the code is exchanged
 * @param userinfoEndpoint      profile endpoint, or null
 * @param jwksUri               the issuer's signing keys (OIDC)
 * @param clientId              our client id at the provider (from {@code clientId} or {@code clientIdEnv})
 * @param clientSecret          our secret (from {@code clientSecret} or {@code clientSecretEnv}); never logged
 * @param scopes                requested scopes
 * @param claims                where the subject, email, ... are in the provider's claims
 * @param countries             ISO 3166 codes where this provider's button comes first
 * @param adapter               null for standard OIDC, else the name of a {@link ProviderAdapter}
 * @param pkce                  send an S256 code challenge (default true)
 * @param responseMode          e.g. {@code form_post} (Apple), or null
 * @param basicAuth             send the client secret as HTTP Basic instead of in the form (default false)
 * @param settings              adapter-specific settings ({@code teamId}, {@code keyId}, {@code privateKey}), secrets resolved
 */
public record ProviderConfig(String id, String name, String kind, String issuer, String authorizationEndpoint,
                             String tokenEndpoint, String userinfoEndpoint, String jwksUri, String clientId,
                             String clientSecret, List<String> scopes, ClaimMapping claims, List<String> countries,
                             String adapter, boolean pkce, String responseMode, boolean basicAuth, JsonObject settings) {

  private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Set<String> KEYS = Set.of("_doc", "id", "name", "kind", "issuer", "authorizationEndpoint",
      "tokenEndpoint", "userinfoEndpoint", "jwksUri", "clientId", "clientIdEnv", "clientSecret", "clientSecretEnv",
      "scopes", "claims", "countries", "adapter", "pkce", "responseMode", "basicAuth",
      "teamId", "teamIdEnv", "keyId", "keyIdEnv", "privateKey", "privateKeyEnv");
  private static final Set<String> SETTINGS = Set.of("teamId", "keyId", "privateKey");

  public ProviderConfig {
    scopes = List.copyOf(scopes);
    countries = List.copyOf(countries);
    settings = settings == null ? new JsonObject() : settings.copy();
  }

  /** Parses and validates one entry; {@code env} supplies the {@code ...Env} variables. */
  public static ProviderConfig from(JsonObject entry, Map<String, String> env) {
    Object rawId = entry.getValue("id");
    if (!(rawId instanceof String id) || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("identity provider " + (rawId == null ? entry.encode() : "'" + rawId + "'")
          + ": key 'id' must be 1-40 characters of [a-z0-9-]");
    }
    String where = "identity provider '" + id + "'";
    for (String key : entry.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
      }
    }
    String kind = text(entry, "kind", where);
    if (!"oidc".equals(kind) && !"oauth2".equals(kind)) {
      throw new IllegalArgumentException(where + ": key 'kind' must be \"oidc\" or \"oauth2\"");
    }
    String adapterName = text(entry, "adapter", where);
    ProviderAdapter adapter;
    try {
      adapter = Adapters.named(adapterName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": key 'adapter': " + e.getMessage());
    }
    String issuer = url(entry, "issuer", where);
    String authorization = url(entry, "authorizationEndpoint", where);
    String token = url(entry, "tokenEndpoint", where);
    String jwks = url(entry, "jwksUri", where);
    if ("oidc".equals(kind) && issuer == null) {
      throw new IllegalArgumentException(where + ": key 'issuer' is required for kind \"oidc\" (discovery and id_token checks)");
    }
    if ("oauth2".equals(kind) && (authorization == null || token == null)) {
      throw new IllegalArgumentException(where + ": key '" + (authorization == null ? "authorizationEndpoint" : "tokenEndpoint")
          + "' is required for kind \"oauth2\"");
    }
    String name = text(entry, "name", where);
    if (name == null) {
      throw new IllegalArgumentException(where + ": key 'name' (the button label) is required");
    }
    String responseMode = text(entry, "responseMode", where);
    if (responseMode != null && !Set.of("query", "form_post", "fragment").contains(responseMode)) {
      throw new IllegalArgumentException(where + ": key 'responseMode' must be query, form_post or fragment");
    }
    Object claims = entry.getValue("claims");
    if (claims != null && !(claims instanceof JsonObject)) {
      throw new IllegalArgumentException(where + ": key 'claims' must be an object");
    }
    JsonObject settings = new JsonObject();
    for (String key : SETTINGS) {
      String value = secret(entry, key, env, where);
      if (value != null) {
        settings.put(key, value);
      }
    }
    List<String> countries = new ArrayList<>();
    for (String c : strings(entry, "countries", where)) {
      String upper = c.toUpperCase(Locale.ROOT);
      if (!COUNTRY.matcher(upper).matches()) {
        throw new IllegalArgumentException(where + ": key 'countries' holds '" + c + "', not an ISO 3166 alpha-2 code");
      }
      countries.add(upper);
    }
    return new ProviderConfig(id, name, kind, issuer, authorization, token, url(entry, "userinfoEndpoint", where), jwks,
        secret(entry, "clientId", env, where), secret(entry, "clientSecret", env, where),
        strings(entry, "scopes", where), adapter.claims().with((JsonObject) claims, where), countries,
        adapterName, bool(entry, "pkce", true, where), responseMode, bool(entry, "basicAuth", false, where), settings);
  }

  /** Whether the client id and secrets are present: providers that are not configured are hidden. */
  public boolean configured() {
    return Adapters.named(adapter).configured(this);
  }

  /** Whether discovery is needed before the first sign-in. */
  public boolean needsDiscovery() {
    return "oidc".equals(kind) && (authorizationEndpoint == null || tokenEndpoint == null || jwksUri == null);
  }

  /** The adapter for this provider (the standard one when none is named). */
  public ProviderAdapter adapterImpl() {
    return Adapters.named(adapter);
  }

  @Override
  public String toString() {
    return "ProviderConfig[" + id + ", " + kind + ", adapter=" + adapter + ", clientId=" + clientId
        + ", secret=" + (clientSecret == null ? "absent" : "present") + "]";
  }

  private static String text(JsonObject entry, String key, String where) {
    Object v = entry.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(where + ": key '" + key + "' must be a string");
    }
    return s.isBlank() ? null : s.trim();
  }

  /** {@code key} itself, else the environment variable named by {@code keyEnv}. */
  private static String secret(JsonObject entry, String key, Map<String, String> env, String where) {
    String direct = text(entry, key, where);
    if (direct != null) {
      return direct;
    }
    String var = text(entry, key + "Env", where);
    if (var == null) {
      return null;
    }
    String value = env.get(var);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String url(JsonObject entry, String key, String where) {
    String s = text(entry, key, where);
    if (s == null) {
      return null;
    }
    try {
      URI uri = new URI(s);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(where + ": key '" + key + "' must be an absolute http(s) URL, not '" + s + "'");
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(where + ": key '" + key + "' is not a URL: " + e.getMessage(), e);
    }
    return s;
  }

  private static List<String> strings(JsonObject entry, String key, String where) {
    Object v = entry.getValue(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a) || a.stream().anyMatch(x -> !(x instanceof String))) {
      throw new IllegalArgumentException(where + ": key '" + key + "' must be an array of strings");
    }
    return a.stream().map(String.class::cast).toList();
  }

  private static boolean bool(JsonObject entry, String key, boolean fallback, String where) {
    Object v = entry.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(where + ": key '" + key + "' must be true or false");
    }
    return b;
  }
}

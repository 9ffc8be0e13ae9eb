package kstore.identity.oauth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Where a provider keeps the five facts we need, as dotted paths into its claims or profile JSON
 * ({@code kakao_account.email}); a null path means the provider never gives that fact.
 */
public record ClaimMapping(String subject, String email, String emailVerified, String name, String locale) {

  /** The OpenID Connect standard claims. */
  public static final ClaimMapping OIDC = new ClaimMapping("sub", "email", "email_verified", "name", "locale");

  private static final Set<String> KEYS = Set.of("subject", "email", "emailVerified", "name", "locale");

  public ClaimMapping {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("claims.subject must name the claim holding the provider's user id");
    }
  }

  /** These defaults with the paths given in {@code over} ({@code null} values clear a path); {@code where} names the key in errors. */
  public ClaimMapping with(JsonObject over, String where) {
    if (over == null) {
      return this;
    }
    for (String key : over.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key 'claims." + key + "' (known: " + KEYS + ")");
      }
      Object v = over.getValue(key);
      if (v != null && !(v instanceof String)) {
        throw new IllegalArgumentException(where + ": key 'claims." + key + "' must be a dotted path string");
      }
    }
    return new ClaimMapping(pick(over, "subject", subject), pick(over, "email", email),
        pick(over, "emailVerified", emailVerified), pick(over, "name", name), pick(over, "locale", locale));
  }

  private static String pick(JsonObject over, String key, String fallback) {
    return over.containsKey(key) ? over.getString(key) : fallback;
  }

  /** The identity these claims describe; fails when the subject is missing. */
  public ExternalIdentity identity(String provider, JsonObject claims) {
    String sub = text(claims, subject);
    if (sub == null) {
      throw new IllegalStateException(provider + " answered without the user id claim '" + subject + "'");
    }
    return new ExternalIdentity(provider, sub, text(claims, email), flag(claims, emailVerified),
        text(claims, name), text(claims, locale), claims);
  }

  /** The value at a dotted path as text (numbers too: Kakao ids are numbers), or null. */
  public static String text(JsonObject json, String path) {
    Object v = value(json, path);
    if (v == null || v instanceof JsonObject || v instanceof JsonArray) {
      return null;
    }
    String s = v.toString().trim();
    return s.isEmpty() ? null : s;
  }

  /** A boolean at a dotted path; {@code "true"} strings count (Apple sends them). */
  public static boolean flag(JsonObject json, String path) {
    Object v = value(json, path);
    return v instanceof Boolean b ? b : v instanceof String s && s.equalsIgnoreCase("true");
  }

  /** The raw value at a dotted path, or null when any step is missing. */
  public static Object value(JsonObject json, String path) {
    if (json == null || path == null) {
      return null;
    }
    Object node = json;
    for (String part : path.split("\\.")) {
      if (!(node instanceof JsonObject o)) {
        return null;
      }
      node = o.getValue(part);
    }
    return node;
  }
}

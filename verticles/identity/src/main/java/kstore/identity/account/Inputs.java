package kstore.identity.account;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.platform.Regions;

/** Checks and normalizes account input; every failure is VALIDATION with a message naming the field. */
public final class Inputs {
  public static final Set<String> LANGS = Set.of("en", "ko", "ja", "zh");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

  private Inputs() {
  }

  public static String email(JsonObject body) {
    String raw = text(body, "email");
    String email = raw.strip().toLowerCase(Locale.ROOT);
    if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw invalid("email must be an address like name@example.com");
    }
    return email;
  }

  public static String displayName(String raw) {
    String name = raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
    if (name.codePointCount(0, name.length()) < 2 || name.codePointCount(0, name.length()) > 32) {
      throw invalid("displayName must have 2 to 32 characters");
    }
    if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || c == '<' || c == '>')) {
      throw invalid("displayName must not contain control characters or angle brackets");
    }
    return name;
  }

  /** A country the store knows, and where the service is available (else REGION_BLOCKED). */
  public static String residence(Regions regions, String raw) {
    String country = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
    if (!Regions.isCountryCode(country) || !Set.of(Locale.getISOCountries()).contains(country)) {
      throw invalid("country must be an ISO 3166-1 alpha-2 code such as KR or US");
    }
    if (regions.serviceUnavailable(country)) {
      throw ServiceError.of(ErrorCode.REGION_BLOCKED, "K Store is not available in your region (" + country + ")");
    }
    return country;
  }

  public static String lang(String raw) {
    String lang = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (!LANGS.contains(lang)) {
      throw invalid("lang must be one of " + String.join(", ", LANGS.stream().sorted().toList()));
    }
    return lang;
  }

  public static String text(JsonObject body, String field) {
    Object v = body == null ? null : body.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw invalid(field + " is required");
    }
    return s;
  }

  public static io.vertx.core.eventbus.ReplyException invalid(String message) {
    return ServiceError.of(ErrorCode.VALIDATION, message);
  }
}

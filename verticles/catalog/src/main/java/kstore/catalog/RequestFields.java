package kstore.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kstore.contracts.catalog.CatalogLimits;
import kstore.platform.Regions;

/** Typed, defensive reads of request fields; every failure names the field. */
final class RequestFields {
  private RequestFields() {
  }

  static String string(JsonObject json, String field, int maxLength, boolean required) {
    Object v = json.getValue(field);
    if (v == null) {
      if (required) {
        throw InvalidRequest.validation(field + " is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw InvalidRequest.validation(field + " must be a string");
    }
    if (s.length() > maxLength) {
      throw InvalidRequest.validation(field + " must be at most " + maxLength + " characters");
    }
    return s;
  }

  /** A non-blank string, stripped. */
  static String text(JsonObject json, String field, int maxLength, boolean required) {
    String s = string(json, field, maxLength, required);
    if (s == null) {
      return null;
    }
    s = s.strip();
    if (s.isEmpty()) {
      throw InvalidRequest.validation(field + " must not be blank");
    }
    return s;
  }

  static Integer integer(JsonObject json, String field, int min, int max, Integer fallback) {
    Object v = json.getValue(field);
    if (v == null) {
      return fallback;
    }
    long n = wholeNumber(v, field);
    if (n < min || n > max) {
      throw InvalidRequest.validation(field + " must be between " + min + " and " + max);
    }
    return (int) n;
  }

  static Long longValue(JsonObject json, String field, long min, long max) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    long n = wholeNumber(v, field);
    if (n < min || n > max) {
      throw InvalidRequest.validation(field + " must be between " + min + " and " + max);
    }
    return n;
  }

  private static long wholeNumber(Object v, String field) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 9e15) {
      return n.longValue();
    }
    if (v instanceof String s && s.strip().matches("-?\\d{1,18}")) {
      return Long.parseLong(s.strip());
    }
    throw InvalidRequest.validation(field + " must be a whole number");
  }

  static Boolean bool(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if ("true".equals(v) || "false".equals(v)) {
      return Boolean.parseBoolean((String) v);
    }
    throw InvalidRequest.validation(field + " must be true or false");
  }

  /** A list of strings; a single string is read as a one-item list. */
  static List<String> strings(JsonObject json, String field, int maxItems, int maxLength) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    List<Object> raw;
    if (v instanceof JsonArray a) {
      raw = a.getList();
    } else if (v instanceof String s) {
      raw = List.of(s);
    } else {
      throw InvalidRequest.validation(field + " must be a list of strings");
    }
    if (raw.size() > maxItems) {
      throw InvalidRequest.validation(field + " may hold at most " + maxItems + " values");
    }
    List<String> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      if (!(o instanceof String s) || s.isBlank()) {
        throw InvalidRequest.validation(field + " must hold non-blank strings");
      }
      if (s.length() > maxLength) {
        throw InvalidRequest.validation(field + " values must be at most " + maxLength + " characters");
      }
      if (!out.contains(s.strip())) {
        out.add(s.strip());
      }
    }
    return out;
  }

  static Instant instant(JsonObject json, String field, boolean required) {
    String s = string(json, field, 40, required);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw InvalidRequest.validation(field + " must be an ISO-8601 instant such as 2026-05-01T15:00:00Z");
      }
    }
  }

  static LocalDate date(JsonObject json, String field) {
    String s = string(json, field, 10, false);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw InvalidRequest.validation(field + " must be a date YYYY-MM-DD");
    }
  }

  /** The request's language: one of the catalog languages, else the country's default language. */
  static String lang(JsonObject json, Regions.Region region) {
    String lang = string(json, "lang", 10, false);
    if (lang == null) {
      return CatalogLimits.LANGUAGES.contains(region.lang()) ? region.lang() : "en";
    }
    String l = lang.toLowerCase(Locale.ROOT);
    if (!CatalogLimits.LANGUAGES.contains(l)) {
      throw InvalidRequest.validation("lang must be one of " + CatalogLimits.LANGUAGES);
    }
    return l;
  }

  /** The request's country: an ISO 3166-1 alpha-2 code (required). */
  static String country(JsonObject json) {
    String c = string(json, "country", 2, true);
    String upper = c.toUpperCase(Locale.ROOT);
    if (!Regions.isCountryCode(upper)) {
      throw InvalidRequest.validation("country must be an ISO 3166-1 alpha-2 code such as KR");
    }
    return upper;
  }

  static String countryCode(Object o, String field) {
    if (!(o instanceof String s) || !Regions.isCountryCode(s.toUpperCase(Locale.ROOT))) {
      throw InvalidRequest.validation(field + " must hold ISO 3166-1 alpha-2 country codes such as KR");
    }
    return s.toUpperCase(Locale.ROOT);
  }
}

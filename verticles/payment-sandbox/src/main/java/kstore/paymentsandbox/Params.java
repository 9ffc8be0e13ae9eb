package kstore.paymentsandbox;

import java.util.Currency;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/** Reads and checks request fields; a bad field is a 400 naming it. */
final class Params {

    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");

    private Params() {
    }

    /** A required positive integer amount in minor units. */
    static long amount(JsonObject body, String field) {
        if (!body.containsKey(field)) {
            throw ApiError.missing(field);
        }
        return positiveInteger(body, field);
    }

    /** An optional positive integer, or -1 when absent. */
    static long optionalAmount(JsonObject body, String field) {
        return body.getValue(field) == null ? -1 : positiveInteger(body, field);
    }

    private static long positiveInteger(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() <= 0) {
            throw ApiError.invalid("parameter_invalid_integer", field, field + " must be a positive integer (minor units)");
        }
        return ((Number) v).longValue();
    }

    /** A required ISO 4217 code in lower case, e.g. {@code krw}. */
    static String currency(JsonObject body) {
        String c = string(body, "currency");
        if (!CURRENCY.matcher(c).matches()) {
            throw ApiError.invalid("parameter_invalid", "currency", "currency must be a lower-case ISO 4217 code, e.g. krw");
        }
        try {
            Currency.getInstance(c.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("parameter_invalid", "currency", "unknown currency: " + c);
        }
        return c;
    }

    static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            throw ApiError.missing(field);
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiError.invalid("parameter_invalid", field, field + " must be a non-empty string");
        }
        return s;
    }

    static String optionalString(JsonObject body, String field, String fallback) {
        return body.getValue(field) == null ? fallback : string(body, field);
    }

    /** A required absolute http(s) URL (return, approval and webhook URLs). */
    static String url(JsonObject body, String field) {
        String s = string(body, field);
        if (!(s.startsWith("http://") || s.startsWith("https://"))) {
            throw ApiError.invalid("url_invalid", field, field + " must be an absolute http(s) URL");
        }
        return s;
    }

    static JsonObject metadata(JsonObject body) {
        Object v = body.getValue("metadata");
        if (v == null) {
            return new JsonObject();
        }
        if (!(v instanceof JsonObject m)) {
            throw ApiError.invalid("parameter_invalid", "metadata", "metadata must be an object");
        }
        return m.copy();
    }

    /** {@code url} with one more query parameter pair list appended ({@code a=b&c=d}, already encoded). */
    static String withQuery(String url, String pairs) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + pairs + fragment;
    }
}

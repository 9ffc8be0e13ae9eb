package kstore.edge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.validation.RequestParameter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import kstore.contracts.catalog.CatalogLimits;
import kstore.contracts.catalog.SortKey;

/**
 * Turns the validated query of {@code GET /games} into the catalog's SearchRequest, adding the rules one
 * parameter's schema cannot say: the result window, ordered ranges, real calendar dates, the default sort.
 */
final class SearchQuery {
  private SearchQuery() {
  }

  static JsonObject toRequest(Map<String, RequestParameter> query, Caller caller) {
    String q = trimmed(string(query, "q"));
    int page = integer(query, "page", 1);
    int size = integer(query, "size", CatalogLimits.DEFAULT_PAGE_SIZE);
    if ((long) page * size > CatalogLimits.MAX_RESULT_WINDOW) {
      throw EdgeException.invalid("page * size may not exceed " + CatalogLimits.MAX_RESULT_WINDOW
          + " (got page " + page + ", size " + size + "); narrow the search instead");
    }
    String sort = string(query, "sort");
    if (sort == null) {
      sort = (q == null ? SortKey.RATING_DESC : SortKey.RELEVANCE).wire();
    }
    JsonObject request = new JsonObject()
        .put("lang", caller.lang())
        .put("country", caller.country())
        .put("page", page)
        .put("size", size)
        .put("sort", sort);
    if (q != null) {
      request.put("q", q);
    }
    for (String list : new String[] {"genre", "tag", "platform", "status", "priceBand"}) {
      JsonArray values = array(query, list);
      if (values != null && !values.isEmpty()) {
        request.put(list, values);
      }
    }
    RequestParameter onSale = query.get("onSale");
    if (onSale != null && onSale.isBoolean()) {
      request.put("onSale", onSale.getBoolean());
    }
    Long priceMin = longValue(query, "priceMin");
    Long priceMax = longValue(query, "priceMax");
    if (priceMin != null && priceMax != null && priceMin > priceMax) {
      throw EdgeException.invalid("priceMin (" + priceMin + ") may not be above priceMax (" + priceMax + ")");
    }
    putIfPresent(request, "priceMin", priceMin);
    putIfPresent(request, "priceMax", priceMax);
    LocalDate from = date(query, "releasedFrom");
    LocalDate to = date(query, "releasedTo");
    if (from != null && to != null && from.isAfter(to)) {
      throw EdgeException.invalid("releasedFrom (" + from + ") may not be after releasedTo (" + to + ")");
    }
    putIfPresent(request, "releasedFrom", from == null ? null : from.toString());
    putIfPresent(request, "releasedTo", to == null ? null : to.toString());
    return request;
  }

  static String string(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p == null ? null : p.getString();
  }

  static int integer(Map<String, RequestParameter> query, String name, int fallback) {
    RequestParameter p = query.get(name);
    return p == null || !p.isNumber() ? fallback : p.getInteger();
  }

  private static Long longValue(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p == null || !p.isNumber() ? null : p.getLong();
  }

  private static JsonArray array(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p == null ? null : p.getJsonArray();
  }

  private static LocalDate date(Map<String, RequestParameter> query, String name) {
    String raw = string(query, name);
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw EdgeException.invalid(name + " must be a calendar date YYYY-MM-DD, got: " + raw);
    }
  }

  private static String trimmed(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  private static void putIfPresent(JsonObject o, String key, Object value) {
    if (value != null) {
      o.put(key, value);
    }
  }
}

package kstore.catalog;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kstore.contracts.catalog.CatalogLimits;
import kstore.contracts.catalog.GameStatus;
import kstore.contracts.catalog.SortKey;
import kstore.platform.Regions;

/**
 * A validated {@code catalog.games.search} request. Within one filter list, genres and tags must all
 * match (each narrows the list); platforms and statuses match any of the values.
 */
public record SearchRequest(String q, String lang, String country, int page, int size, SortKey sort,
                            List<String> genres, List<String> tags, List<String> platforms,
                            List<GameStatus> statuses, List<String> priceBands, Boolean onSale, Long priceMin, Long priceMax,
                            LocalDate releasedFrom, LocalDate releasedTo) {

  public static final List<String> PLATFORMS = List.of("windows", "mac", "linux");
  private static final int MAX_FILTER_VALUES = 20;

  public static SearchRequest parse(JsonObject json, Regions regions) {
    if (json == null) {
      throw InvalidRequest.validation("request body must be a JSON object");
    }
    String country = RequestFields.country(json);
    String lang = RequestFields.lang(json, regions.of(country));
    String q = RequestFields.string(json, "q", CatalogLimits.MAX_QUERY_LENGTH, false);
    if (q != null) {
      q = q.strip();
      if (q.isEmpty()) {
        q = null;
      }
    }
    int page = RequestFields.integer(json, "page", 1, CatalogLimits.MAX_RESULT_WINDOW, 1);
    int size = RequestFields.integer(json, "size", 1, CatalogLimits.MAX_PAGE_SIZE, CatalogLimits.DEFAULT_PAGE_SIZE);
    if ((long) page * size > CatalogLimits.MAX_RESULT_WINDOW) {
      throw InvalidRequest.validation("page * size must not exceed " + CatalogLimits.MAX_RESULT_WINDOW
          + ": narrow the search instead of paging this deep");
    }
    String sortWire = RequestFields.string(json, "sort", 20, false);
    SortKey sort;
    if (sortWire == null) {
      sort = q == null ? SortKey.RATING_DESC : SortKey.RELEVANCE;
    } else {
      sort = SortKey.fromWire(sortWire).orElseThrow(() -> InvalidRequest.validation(
          "sort must be one of relevance, release_desc, release_asc, price_asc, price_desc, rating_desc, name_asc"));
    }
    List<String> genres = orEmpty(RequestFields.strings(json, "genre", MAX_FILTER_VALUES, 60));
    List<String> tags = orEmpty(RequestFields.strings(json, "tag", MAX_FILTER_VALUES, 60));
    List<String> platforms = new ArrayList<>();
    for (String p : orEmpty(RequestFields.strings(json, "platform", 3, 10))) {
      String lower = p.toLowerCase(Locale.ROOT);
      if (!PLATFORMS.contains(lower)) {
        throw InvalidRequest.validation("platform must hold windows, mac or linux");
      }
      platforms.add(lower);
    }
    List<GameStatus> statuses = new ArrayList<>();
    for (String s : orEmpty(RequestFields.strings(json, "status", 3, 12))) {
      statuses.add(GameStatus.fromWire(s).orElseThrow(() ->
          InvalidRequest.validation("status must hold announced, pre-order or released")));
    }
    List<String> priceBands = orEmpty(RequestFields.strings(json, "priceBand", PriceTiers.BANDS.size(), 10));
    for (String band : priceBands) {
      if (!PriceTiers.BANDS.contains(band)) {
        throw InvalidRequest.validation("priceBand must hold " + String.join(", ", PriceTiers.BANDS));
      }
    }
    Boolean onSale = RequestFields.bool(json, "onSale");
    Long priceMin = RequestFields.longValue(json, "priceMin", 0, Long.MAX_VALUE / 2);
    Long priceMax = RequestFields.longValue(json, "priceMax", 0, Long.MAX_VALUE / 2);
    if (priceMin != null && priceMax != null && priceMin > priceMax) {
      throw InvalidRequest.validation("priceMin must not be greater than priceMax");
    }
    LocalDate from = RequestFields.date(json, "releasedFrom");
    LocalDate to = RequestFields.date(json, "releasedTo");
    if (from != null && to != null && from.isAfter(to)) {
      throw InvalidRequest.validation("releasedFrom must not be after releasedTo");
    }
    return new SearchRequest(q, lang, country, page, size, sort, genres, tags, platforms, statuses, priceBands,
        onSale, priceMin, priceMax, from, to);
  }

  private static List<String> orEmpty(List<String> l) {
    return l == null ? List.of() : l;
  }

  /** Relevance only means something with a query; without one the list is by rating. */
  public SortKey effectiveSort() {
    return q == null && sort == SortKey.RELEVANCE ? SortKey.RATING_DESC : sort;
  }

  /** Everything that decides which games match and in what order (not how they are rendered). */
  public String cacheKey(String currency) {
    return String.join("\u0001", String.valueOf(q), country, currency, Integer.toString(page), Integer.toString(size),
        effectiveSort().wire(), effectiveSort() == SortKey.NAME_ASC ? lang : "", genres.toString(), tags.toString(),
        platforms.toString(), statuses.toString(), priceBands.toString(), String.valueOf(onSale), String.valueOf(priceMin),
        String.valueOf(priceMax), String.valueOf(releasedFrom), String.valueOf(releasedTo));
  }
}

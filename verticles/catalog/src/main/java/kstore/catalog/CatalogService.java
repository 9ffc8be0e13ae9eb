package kstore.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import kstore.contracts.ErrorCode;
import kstore.contracts.catalog.CatalogLimits;
import kstore.platform.Regions;

/**
 * The public catalog API (search, get, suggest, home, ping) over the JVM's shared index. Lucene work
 * runs on worker threads unless the answer is cached; rendering (prices, status, availability at
 * this instant) happens per request.
 */
final class CatalogService {
  private final Vertx vertx;
  private final SharedCatalog shared;
  private final Regions regions;
  private final RegionPolicy policy;
  private final CatalogRepository repository;

  CatalogService(Vertx vertx, SharedCatalog shared, Regions regions, RegionPolicy policy,
                 CatalogRepository repository) {
    this.vertx = vertx;
    this.shared = shared;
    this.regions = regions;
    this.policy = policy;
    this.repository = repository;
  }

  private CatalogIndex index() {
    return shared.index();
  }

  Future<JsonObject> search(JsonObject body) {
    SearchRequest r = SearchRequest.parse(body, regions);
    Regions.Region region = regions.of(r.country());
    CatalogIndex index = index();
    // Searching and rendering (prices, highlights) run on workers: the event loop only dispatches.
    return vertx.executeBlocking(() -> render(r, region, index.search(r, region.currency())), false);
  }

  private JsonObject render(SearchRequest r, Regions.Region region, CatalogIndex.Hits hits) {
    Instant now = Instant.now();
    CatalogIndex index = index();
    JsonArray items = new JsonArray();
    for (long id : hits.ids()) {
      Game g = index.get(id);
      // The in-memory game may be newer than the searched index; never list what is not sold here.
      if (g != null && policy.soldIn(g, r.country())) {
        String title = g.title(r.lang());
        String highlight = index.highlighter().highlight(title, hits.query(), false);
        items.add(GameJson.summary(g, r.lang(), region, now, highlight));
      }
    }
    JsonObject out = new JsonObject()
        .put("total", hits.total())
        .put("page", r.page())
        .put("size", r.size())
        .put("country", r.country())
        .put("currency", region.currency())
        .put("items", items)
        .put("facets", hits.facets());
    if (hits.correctedQuery() != null) {
      out.put("correctedQuery", hits.correctedQuery());
    }
    return out;
  }

  Future<JsonObject> get(JsonObject body) {
    if (body == null) {
      throw InvalidRequest.validation("request body must be a JSON object");
    }
    Object raw = body.getValue("idOrSlug");
    if (raw == null) {
      throw InvalidRequest.validation("idOrSlug is required");
    }
    String idOrSlug = String.valueOf(raw).strip();
    if (idOrSlug.isEmpty() || idOrSlug.length() > 100) {
      throw InvalidRequest.validation("idOrSlug must be a game id or slug of at most 100 characters");
    }
    String country = RequestFields.country(body);
    Regions.Region region = regions.of(country);
    String lang = RequestFields.lang(body, region);
    Game g = Slugs.looksLikeId(idOrSlug) ? index().get(Long.parseLong(idOrSlug)) : index().bySlug(idOrSlug);
    if (g != null) {
      return Future.succeededFuture(detail(g, lang, region));
    }
    if (!Slugs.looksLikeId(idOrSlug)) {
      return Future.failedFuture(new InvalidRequest(ErrorCode.NOT_FOUND, "no game with slug " + idOrSlug));
    }
    // Registered a moment ago on another node and not indexed here yet: the database knows.
    long id = Long.parseLong(idOrSlug);
    return repository.load(List.of(id)).compose(found -> found.isEmpty()
        ? Future.failedFuture(new InvalidRequest(ErrorCode.NOT_FOUND, "no game with id " + id))
        : Future.succeededFuture(detail(found.get(0), lang, region)));
  }

  JsonObject detail(Game g, String lang, Regions.Region region) {
    Instant now = Instant.now();
    return GameJson.detail(g, lang, region, now, policy.availability(g, region.country(), now));
  }

  Future<JsonObject> suggest(JsonObject body) {
    if (body == null) {
      throw InvalidRequest.validation("request body must be a JSON object");
    }
    String q = RequestFields.string(body, "q", CatalogLimits.MAX_QUERY_LENGTH, true).strip();
    String country = RequestFields.country(body);
    Regions.Region region = regions.of(country);
    String lang = RequestFields.lang(body, region);
    int size = RequestFields.integer(body, "size", 1, CatalogLimits.MAX_SUGGESTIONS, CatalogLimits.MAX_SUGGESTIONS);
    if (q.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("suggestions", new JsonArray()));
    }
    CatalogIndex index = index();
    return vertx.executeBlocking(() -> {
      List<Long> ids = index.suggest(q, country, size);
      QueryText text = QueryText.of(q, index.analyzers());
      JsonArray out = new JsonArray();
      for (long id : ids) {
        Game g = index.get(id);
        if (g == null || !policy.soldIn(g, country)) {
          continue;
        }
        String title = g.title(lang);
        String highlight = index.highlighter().highlight(title, text, true);
        if (highlight == null) {
          // Matched in another language's title (a Korean query on an English page): show that one.
          for (String l : CatalogLimits.LANGUAGES) {
            String other = g.titles().get(l);
            String h = other == null ? null : index.highlighter().highlight(other, text, true);
            if (h != null) {
              title = other;
              highlight = h;
              break;
            }
          }
        }
        out.add(new JsonObject().put("id", g.id()).put("slug", g.slug()).put("title", title)
            .put("highlight", highlight == null ? TitleHighlighter.escape(title) : highlight));
      }
      return new JsonObject().put("suggestions", out);
    }, false);
  }

  Future<JsonObject> home(JsonObject body) {
    if (body == null) {
      throw InvalidRequest.validation("request body must be a JSON object");
    }
    String country = RequestFields.country(body);
    Regions.Region region = regions.of(country);
    String lang = RequestFields.lang(body, region);
    CatalogIndex index = index();
    Instant now = Instant.now();
    return vertx.executeBlocking(() -> index.rails(now), false).map(rails -> new JsonObject()
        .put("newAndTrending", summaries(HomeRails.take(rails.newAndTrending(),
            g -> policy.soldIn(g, country), HomeRails.RAIL_SIZE), lang, region, now))
        .put("upcoming", summaries(HomeRails.take(rails.upcoming(),
            g -> policy.soldIn(g, country) && g.releaseAt().isAfter(now), HomeRails.RAIL_SIZE), lang, region, now))
        .put("onSale", summaries(HomeRails.take(rails.onSale(),
            g -> policy.soldIn(g, country) && Lifecycle.activeDiscount(g, now) != null, HomeRails.RAIL_SIZE),
            lang, region, now)));
  }

  private static JsonArray summaries(List<Game> games, String lang, Regions.Region region, Instant now) {
    JsonArray out = new JsonArray();
    for (Game g : games) {
      out.add(GameJson.summary(g, lang, region, now, null));
    }
    return out;
  }

  JsonObject ping() {
    return new JsonObject().put("ready", true).put("games", index().size()).put("generation", index().generation());
  }
}

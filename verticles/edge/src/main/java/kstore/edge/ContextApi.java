package kstore.edge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import kstore.contracts.catalog.CatalogLimits;
import kstore.platform.Regions;

/** {@code GET /api/v1/context}: the caller's country, currency and language, and every choice the store offers. */
final class ContextApi {
  private final Regions regions;
  private final CallerResolver callers;
  private final JsonArray countries;

  ContextApi(Regions regions, CallerResolver callers) {
    this.regions = regions;
    this.callers = callers;
    JsonArray all = new JsonArray();
    regions.all().forEach(r -> all.add(new JsonObject().put("code", r.country()).put("currency", r.currency())));
    this.countries = all;
  }

  void handle(RoutingContext ctx) {
    ValidatedRequest req = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    Caller caller = callers.resolve(ctx, SearchQuery.string(req.getQuery(), "country"),
        SearchQuery.string(req.getQuery(), "lang"));
    Regions.Region region = regions.of(caller.country());
    JsonObject body = new JsonObject()
        .put("country", caller.country())
        .put("currency", region.currency())
        .put("digits", region.digits())
        .put("lang", caller.lang())
        .put("countries", countries.copy())
        .put("languages", new JsonArray(CatalogLimits.LANGUAGES));
    JsonReplies.cacheable(ctx, body, callers.vary());
  }
}

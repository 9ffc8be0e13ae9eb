package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Map;
import java.util.function.Consumer;
import kstore.contracts.Headers;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.contracts.catalog.CatalogLimits;
import kstore.platform.Bus;

/**
 * The catalog's HTTP face: each operation of the OpenAPI document becomes one event-bus request to the catalog
 * (shapes in the contracts README), sent with a timeout and the request id, actor and roles headers.
 */
final class CatalogApi {
  private final Vertx vertx;
  private final long timeoutMs;
  private final CallerResolver callers;

  CatalogApi(Vertx vertx, long timeoutMs, CallerResolver callers) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.callers = callers;
  }

  void search(RoutingContext ctx) {
    Map<String, RequestParameter> query = validated(ctx).getQuery();
    JsonObject request = SearchQuery.toRequest(query, caller(ctx, query));
    forward(ctx, CatalogAddresses.SEARCH, request, reply -> JsonReplies.cacheable(ctx, reply, callers.vary()));
  }

  void get(RoutingContext ctx) {
    ValidatedRequest req = validated(ctx);
    Caller caller = caller(ctx, req.getQuery());
    JsonObject request = new JsonObject()
        .put("idOrSlug", req.getPathParameters().get("idOrSlug").getString())
        .put("lang", caller.lang())
        .put("country", caller.country());
    forward(ctx, CatalogAddresses.GET, request, reply -> JsonReplies.cacheable(ctx, reply, callers.vary()));
  }

  void suggest(RoutingContext ctx) {
    Map<String, RequestParameter> query = validated(ctx).getQuery();
    Caller caller = caller(ctx, query);
    String q = SearchQuery.string(query, "q").strip();
    if (q.isEmpty()) {
      throw EdgeException.invalid("q must contain something to complete");
    }
    JsonObject request = new JsonObject()
        .put("q", q)
        .put("lang", caller.lang())
        .put("country", caller.country())
        .put("size", SearchQuery.integer(query, "size", CatalogLimits.MAX_SUGGESTIONS));
    forward(ctx, CatalogAddresses.SUGGEST, request, reply -> JsonReplies.cacheable(ctx, reply, callers.vary()));
  }

  void home(RoutingContext ctx) {
    Caller caller = caller(ctx, validated(ctx).getQuery());
    JsonObject request = new JsonObject().put("lang", caller.lang()).put("country", caller.country());
    forward(ctx, CatalogAddresses.HOME, request, reply -> JsonReplies.cacheable(ctx, reply, callers.vary()));
  }

  void create(RoutingContext ctx) {
    JsonObject game = validated(ctx).getBody().getJsonObject();
    forward(ctx, CatalogAddresses.ADMIN_CREATE, game, reply -> {
      Object id = reply.getValue("id");
      if (id != null) {
        ctx.response().putHeader("Location", "/api/v1/games/" + id);
      }
      JsonReplies.uncached(ctx, 201, reply);
    });
  }

  void update(RoutingContext ctx) {
    ValidatedRequest req = validated(ctx);
    JsonObject request = req.getBody().getJsonObject().copy()
        .put("id", req.getPathParameters().get("id").getLong());
    forward(ctx, CatalogAddresses.ADMIN_UPDATE, request, reply -> JsonReplies.uncached(ctx, 200, reply));
  }

  void audit(RoutingContext ctx) {
    JsonObject request = new JsonObject().put("id", validated(ctx).getPathParameters().get("id").getLong());
    forward(ctx, CatalogAddresses.ADMIN_AUDIT, request, reply -> JsonReplies.uncached(ctx, 200, reply));
  }

  /** The caller from the validated {@code country}/{@code lang} parameters and the request's headers. */
  Caller caller(RoutingContext ctx, Map<String, RequestParameter> query) {
    return callers.resolve(ctx, SearchQuery.string(query, "country"), SearchQuery.string(query, "lang"));
  }

  private void forward(RoutingContext ctx, String address, JsonObject body, Consumer<JsonObject> onReply) {
    DeliveryOptions options = Bus.options(RequestIds.of(ctx), timeoutMs)
        .addHeader(Headers.ACTOR, Authentication.actor(ctx))
        .addHeader(Headers.ACTOR_ROLES, Authentication.roles(ctx));
    vertx.eventBus().request(address, body, options)
        .compose(message -> message.body() instanceof JsonObject json
            ? Future.succeededFuture(json)
            : Future.<JsonObject>failedFuture(new IllegalStateException(
                address + " replied with " + (message.body() == null ? "nothing" : "a non-object body"))))
        .onComplete(done -> {
          if (done.failed()) {
            ctx.fail(done.cause());
            return;
          }
          try {
            onReply.accept(done.result());
          } catch (RuntimeException e) {
            ApiErrors.internal(ctx, e);
          }
        });
  }

  private static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}

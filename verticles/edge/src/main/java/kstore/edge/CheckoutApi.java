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
import kstore.contracts.checkout.CheckoutAddresses;
import kstore.platform.Bus;

/**
 * The checkout's HTTP face: payment methods of the buyer's country, quotes, orders (with {@code Idempotency-Key}),
 * the return from a provider's page, refunds, the library, points, and the providers' webhooks (forwarded with the
 * raw body and signature so the checkout can verify them); for admins, orphan charges and another try of their refund.
 * Buyer headers: actor, roles, residence, request country.
 */
final class CheckoutApi {
  private final Vertx vertx;
  private final long timeoutMs;
  private final CallerResolver callers;

  CheckoutApi(Vertx vertx, long timeoutMs, CallerResolver callers) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.callers = callers;
  }

  Map<String, Consumer<RoutingContext>> operations() {
    return Map.ofEntries(
        Map.entry("listPaymentMethods", this::paymentMethods),
        Map.entry("quoteOrder", ctx -> forward(ctx, CheckoutAddresses.QUOTE, body(ctx), r -> ok(ctx, 200, r))),
        Map.entry("createOrder", this::createOrder),
        Map.entry("getOrder", ctx -> forward(ctx, CheckoutAddresses.GET_ORDER,
            new JsonObject().put("orderId", path(ctx, "id")), r -> ok(ctx, 200, r))),
        Map.entry("confirmOrder", ctx -> forward(ctx, CheckoutAddresses.CONFIRM_ORDER,
            body(ctx).copy().put("orderId", path(ctx, "id")), r -> ok(ctx, 200, r))),
        Map.entry("refundOrder", ctx -> forward(ctx, CheckoutAddresses.REFUND_ORDER,
            new JsonObject().put("orderId", path(ctx, "id")), r -> ok(ctx, 200, r))),
        Map.entry("getLibrary", ctx -> forward(ctx, CheckoutAddresses.LIBRARY, new JsonObject(), r -> ok(ctx, 200, r))),
        Map.entry("getPoints", ctx -> forward(ctx, CheckoutAddresses.POINTS, new JsonObject(), r -> ok(ctx, 200, r))),
        Map.entry("paymentWebhook", this::webhook),
        Map.entry("downloadGame", ctx -> forward(ctx, CheckoutAddresses.DOWNLOAD,
            new JsonObject().put("gameId", validated(ctx).getPathParameters().get("gameId").getLong()),
            r -> ok(ctx, 200, r))),
        Map.entry("listOrphanCharges", this::orphanCharges),
        Map.entry("retryOrphanCharge", ctx -> forward(ctx, CheckoutAddresses.ADMIN_ORPHAN_CHARGE_RETRY,
            new JsonObject().put("id", path(ctx, "id")), r -> ok(ctx, 202, r))));
  }

  /** Admins: a page of orphan charges by status ({@code needs_attention} unless asked otherwise). */
  private void orphanCharges(RoutingContext ctx) {
    JsonObject request = new JsonObject();
    String status = query(ctx, "status");
    if (status != null) {
      request.put("status", status);
    }
    for (String name : new String[] {"page", "size"}) {
      RequestParameter p = validated(ctx).getQuery().get(name);
      if (p != null && !p.isNull()) {
        request.put(name, p.getInteger());
      }
    }
    forward(ctx, CheckoutAddresses.ADMIN_ORPHAN_CHARGES, request, r -> ok(ctx, 200, r));
  }

  /** Signed-in buyers see their residence's methods; others those of the country they are in. */
  private void paymentMethods(RoutingContext ctx) {
    JsonObject principal = Authentication.principal(ctx);
    String country = principal != null ? principal.getString("residenceCountry")
        : callers.resolve(ctx, query(ctx, "country"), null).country();
    forward(ctx, CheckoutAddresses.PAYMENT_METHODS, new JsonObject().put("country", country)
        .put("lang", callers.resolve(ctx, null, null).lang()), r -> ok(ctx, 200, r));
  }

  private void createOrder(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null || key.isBlank() || key.length() > 200) {
      throw EdgeException.invalid("Send an Idempotency-Key header (1 to 200 characters) so a retry cannot order twice");
    }
    forward(ctx, CheckoutAddresses.CREATE_ORDER, body(ctx).copy().put("idempotencyKey", key.strip()), reply -> {
      ctx.response().putHeader("Location", ApiRouter.BASE + "/orders/" + reply.getString("id"));
      ok(ctx, "paid".equals(reply.getString("status")) || "failed".equals(reply.getString("status")) ? 201 : 202, reply);
    });
  }

  private void webhook(RoutingContext ctx) {
    JsonObject request = new JsonObject()
        .put("provider", path(ctx, "provider"))
        .put("signature", ctx.request().getHeader("Sandbox-Signature"))
        .put("body", ctx.body().asString());
    forward(ctx, CheckoutAddresses.WEBHOOK, request, r -> ok(ctx, 200, r));
  }

  private static void ok(RoutingContext ctx, int status, JsonObject body) {
    JsonReplies.uncached(ctx, status, body);
  }

  private void forward(RoutingContext ctx, String address, JsonObject body, Consumer<JsonObject> onReply) {
    Caller caller = callers.resolve(ctx, null, null);
    JsonObject principal = Authentication.principal(ctx);
    DeliveryOptions options = Bus.options(RequestIds.of(ctx), Math.max(timeoutMs, 15_000))
        .addHeader(Headers.ACTOR, Authentication.actor(ctx))
        .addHeader(Headers.ACTOR_ROLES, Authentication.roles(ctx))
        .addHeader(Headers.REQUEST_COUNTRY, caller.country())
        .addHeader("x-lang", principal != null ? principal.getString("lang", caller.lang()) : caller.lang());
    if (principal != null && principal.getString("residenceCountry") != null) {
      options.addHeader(Headers.ACTOR_COUNTRY, principal.getString("residenceCountry"));
    }
    vertx.eventBus().request(address, body, options)
        .compose(message -> message.body() instanceof JsonObject json
            ? Future.succeededFuture(json)
            : Future.<JsonObject>failedFuture(new IllegalStateException(address + " replied with "
                + (message.body() == null ? "nothing" : "a non-object body"))))
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

  private static JsonObject body(RoutingContext ctx) {
    ValidatedRequest req = validated(ctx);
    return req.getBody() == null || req.getBody().isEmpty() ? new JsonObject() : req.getBody().getJsonObject();
  }

  private static String path(RoutingContext ctx, String name) {
    RequestParameter p = validated(ctx).getPathParameters().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  private static String query(RoutingContext ctx, String name) {
    RequestParameter p = validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  private static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}

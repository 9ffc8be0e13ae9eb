package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import kstore.contracts.identity.IdentityAddresses;
import kstore.platform.Bus;

/**
 * The identity service's HTTP face: sign-up and sign-in (setting the session cookie for browsers, passing tokens
 * to the mobile app), social sign-in redirects, the profile, friends and notifications. Each operation is one
 * event-bus request carrying the actor, the client address and the request's country.
 */
final class IdentityApi {
  private final Vertx vertx;
  private final long timeoutMs;
  private final CallerResolver callers;
  private final Authentication auth;
  private final String publicUrl;

  IdentityApi(Vertx vertx, long timeoutMs, CallerResolver callers, Authentication auth, String publicUrl) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.callers = callers;
    this.auth = auth;
    this.publicUrl = publicUrl;
  }

  /** Every operation id this class answers. */
  Map<String, Consumer<RoutingContext>> operations() {
    return Map.ofEntries(
        Map.entry("register", ctx -> signIn(ctx, IdentityAddresses.REGISTER, 201)),
        Map.entry("login", ctx -> signIn(ctx, IdentityAddresses.LOGIN, 200)),
        Map.entry("refreshToken", ctx -> forward(ctx, IdentityAddresses.REFRESH, body(ctx), r -> ok(ctx, 200, r))),
        Map.entry("logout", this::logout),
        Map.entry("verifyEmail", ctx -> forward(ctx, IdentityAddresses.VERIFY_EMAIL, body(ctx), r -> ok(ctx, 200, r))),
        Map.entry("resendVerification", ctx -> forward(ctx, IdentityAddresses.RESEND_VERIFICATION, body(ctx),
            r -> ok(ctx, 202, r))),
        Map.entry("forgotPassword", ctx -> forward(ctx, IdentityAddresses.FORGOT_PASSWORD, body(ctx),
            r -> ok(ctx, 202, null))),
        Map.entry("resetPassword", ctx -> forward(ctx, IdentityAddresses.RESET_PASSWORD, body(ctx),
            r -> ok(ctx, 204, null))),
        Map.entry("listProviders", this::providers),
        Map.entry("startOAuth", this::startOAuth),
        Map.entry("oauthCallback", this::oauthCallback),
        Map.entry("oauthFormCallback", this::oauthFormCallback),
        Map.entry("linkProvider", ctx -> forward(ctx, IdentityAddresses.LINK, body(ctx), r -> me(ctx, r))),
        Map.entry("getMe", ctx -> forward(ctx, IdentityAddresses.ME, new JsonObject(), r -> me(ctx, r))),
        Map.entry("updateMe", ctx -> forward(ctx, IdentityAddresses.UPDATE_ME, body(ctx), r -> me(ctx, r))),
        Map.entry("listNotifications", ctx -> forward(ctx, IdentityAddresses.NOTIFICATIONS, new JsonObject()
            .put("limit", integer(ctx, "limit", 20)).put("before", query(ctx, "before")), r -> ok(ctx, 200, r))),
        Map.entry("markNotificationsRead", ctx -> forward(ctx, IdentityAddresses.NOTIFICATIONS_READ, body(ctx),
            r -> ok(ctx, 204, null))),
        Map.entry("searchUsers", ctx -> forward(ctx, IdentityAddresses.USERS_SEARCH, new JsonObject()
            .put("q", query(ctx, "q")).put("limit", integer(ctx, "limit", 20)), r -> ok(ctx, 200, r))),
        Map.entry("listFriends", ctx -> forward(ctx, IdentityAddresses.FRIENDS, new JsonObject(), r -> ok(ctx, 200, r))),
        Map.entry("sendFriendRequest", ctx -> forward(ctx, IdentityAddresses.FRIEND_REQUEST, body(ctx),
            r -> ok(ctx, 201, r))),
        Map.entry("acceptFriendRequest", ctx -> forward(ctx, IdentityAddresses.FRIEND_ACCEPT,
            new JsonObject().put("requestId", path(ctx, "id")), r -> ok(ctx, 200, r))),
        Map.entry("declineFriendRequest", ctx -> forward(ctx, IdentityAddresses.FRIEND_DECLINE,
            new JsonObject().put("requestId", path(ctx, "id")), r -> ok(ctx, 204, null))),
        Map.entry("cancelFriendRequest", ctx -> forward(ctx, IdentityAddresses.FRIEND_CANCEL,
            new JsonObject().put("requestId", path(ctx, "id")), r -> ok(ctx, 204, null))),
        Map.entry("removeFriend", ctx -> forward(ctx, IdentityAddresses.FRIEND_REMOVE,
            new JsonObject().put("userId", path(ctx, "userId")), r -> ok(ctx, 204, null))),
        Map.entry("blockUser", ctx -> forward(ctx, IdentityAddresses.BLOCK, body(ctx), r -> ok(ctx, 204, null))),
        Map.entry("unblockUser", ctx -> forward(ctx, IdentityAddresses.UNBLOCK,
            new JsonObject().put("userId", path(ctx, "userId")), r -> ok(ctx, 204, null))),
        Map.entry("getUserAudit", ctx -> forward(ctx, IdentityAddresses.ADMIN_AUDIT,
            new JsonObject().put("userId", path(ctx, "userId")), r -> ok(ctx, 200, r))));
  }

  /** Register or login: browsers get the cookie and a CSRF token, mobile clients their tokens. */
  private void signIn(RoutingContext ctx, String address, int status) {
    forward(ctx, address, body(ctx), reply -> {
      JsonObject session = reply.getJsonObject("session");
      if (session == null) {
        ok(ctx, status, reply);
        return;
      }
      ctx.response().addCookie(auth.sessionCookie(session.getString("token"), session.getLong("maxAgeSeconds")));
      ok(ctx, status, new JsonObject().put("user", reply.getJsonObject("user")).put("csrfToken", session.getString("csrf")));
    });
  }

  private void logout(RoutingContext ctx) {
    JsonObject request = body(ctx).copy();
    Cookie cookie = ctx.request().getCookie(Authentication.COOKIE);
    if (cookie != null && !cookie.getValue().isBlank()) {
      request.put("sessionToken", cookie.getValue());
    }
    forward(ctx, IdentityAddresses.LOGOUT, request, reply -> {
      if (cookie != null) {
        ctx.response().addCookie(auth.expired());
      }
      ok(ctx, 204, null);
    });
  }

  private void me(RoutingContext ctx, JsonObject me) {
    JsonObject principal = Authentication.principal(ctx);
    if (principal != null && "session".equals(principal.getString("via"))) {
      me.put("csrfToken", principal.getString("csrf"));
    }
    ok(ctx, 200, me);
  }

  private void providers(RoutingContext ctx) {
    Caller caller = callers.resolve(ctx, query(ctx, "country"), null);
    forward(ctx, IdentityAddresses.PROVIDERS, new JsonObject().put("country", caller.country()),
        reply -> JsonReplies.cacheable(ctx, reply, callers.vary()));
  }

  private String redirectUri(String provider) {
    return publicUrl + ApiRouter.BASE + "/auth/oauth/" + provider + "/callback";
  }

  private void startOAuth(RoutingContext ctx) {
    String provider = path(ctx, "provider");
    String returnTo = query(ctx, "returnTo");
    RequestParameter link = validated(ctx).getQuery().get("link");
    boolean linking = link != null && !link.isNull() && link.getBoolean();
    JsonObject principal = Authentication.principal(ctx);
    if (linking && principal != null && "session".equals(principal.getString("via"))
        && !java.security.MessageDigest.isEqual(String.valueOf(query(ctx, "csrf")).getBytes(StandardCharsets.UTF_8),
            String.valueOf(principal.getString("csrf")).getBytes(StandardCharsets.UTF_8))) {
      // a cross-site page could otherwise start a link in a signed-in browser (linking login-CSRF)
      throw new EdgeException(kstore.contracts.ErrorCode.CSRF_FAILED,
          "Connecting a provider needs the csrf parameter of your session; start from your account page");
    }
    JsonObject request = new JsonObject().put("provider", provider).put("returnTo", returnTo == null ? "/" : returnTo)
        .put("redirectUri", redirectUri(provider)).put("link", linking);
    forward(ctx, IdentityAddresses.OAUTH_START, request, reply -> redirect(ctx, reply.getString("url")));
  }

  /** Browser flow: always a redirect back into the storefront, with the outcome in the URL or the cookie. */
  private void oauthCallback(RoutingContext ctx) {
    String provider = path(ctx, "provider");
    JsonObject params = new JsonObject();
    for (String name : new String[] {"code", "state", "error", "error_description", "device_id"}) {
      String v = query(ctx, name);
      if (v != null) {
        params.put(name, v);
      }
    }
    completeCallback(ctx, provider, params);
  }

  /** The same, posted as a form by the provider ({@code response_mode=form_post}: Apple). */
  private void oauthFormCallback(RoutingContext ctx) {
    String provider = ctx.pathParam("provider");
    if (provider == null || !provider.matches("[a-z0-9-]{1,32}")) {
      redirect(ctx, "/signin?error=VALIDATION&message=" + encode("Unknown sign-in provider"));
      return;
    }
    JsonObject params = new JsonObject();
    for (String name : new String[] {"code", "state", "error", "error_description", "user"}) {
      String v = ctx.request().getFormAttribute(name);
      if (v != null) {
        params.put(name, v);
      }
    }
    completeCallback(ctx, provider, params);
  }

  private void completeCallback(RoutingContext ctx, String provider, JsonObject params) {
    JsonObject request = new JsonObject().put("provider", provider).put("params", params)
        .put("redirectUri", redirectUri(provider));
    // the provider round trips (token, keys, profile) may take longer than an ordinary call
    send(ctx, IdentityAddresses.OAUTH_CALLBACK, request, Math.max(timeoutMs, 25_000)).onComplete(done -> {
      if (done.failed()) {
        redirect(ctx, "/signin?error=" + ServiceError.codeOf(done.cause()).name() + "&message="
            + encode(done.cause().getMessage() == null ? "" : done.cause().getMessage()));
        return;
      }
      JsonObject reply = done.result();
      if ("link".equals(reply.getString("kind"))) {
        redirect(ctx, "/signin?link=" + encode(reply.getString("linkToken")) + "&provider="
            + encode(reply.getString("providerName", provider)));
        return;
      }
      if ("linked".equals(reply.getString("kind"))) {
        redirect(ctx, reply.getString("returnTo", "/account"));
        return;
      }
      JsonObject session = reply.getJsonObject("session");
      ctx.response().addCookie(auth.sessionCookie(session.getString("token"), session.getLong("maxAgeSeconds")));
      redirect(ctx, reply.getString("returnTo", "/"));
    });
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }

  private static void ok(RoutingContext ctx, int status, JsonObject body) {
    if (body == null) {
      ctx.response().setStatusCode(status).putHeader("Cache-Control", "no-store").end();
    } else {
      JsonReplies.uncached(ctx, status, body);
    }
  }

  private void forward(RoutingContext ctx, String address, JsonObject body, Consumer<JsonObject> onReply) {
    send(ctx, address, body).onComplete(done -> {
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

  private Future<JsonObject> send(RoutingContext ctx, String address, JsonObject body) {
    return send(ctx, address, body, timeoutMs);
  }

  private Future<JsonObject> send(RoutingContext ctx, String address, JsonObject body, long timeout) {
    Caller caller = callers.resolve(ctx, null, null);
    DeliveryOptions options = Bus.options(RequestIds.of(ctx), timeout)
        .addHeader(Headers.ACTOR, Authentication.actor(ctx))
        .addHeader(Headers.ACTOR_ROLES, Authentication.roles(ctx))
        .addHeader(Headers.CLIENT_IP, String.valueOf(callers.clientIp(ctx)))
        .addHeader(Headers.REQUEST_COUNTRY, caller.country());
    return vertx.eventBus().request(address, body, options)
        .compose(message -> message.body() instanceof JsonObject json
            ? Future.succeededFuture(json)
            : Future.<JsonObject>failedFuture(new IllegalStateException(address + " replied with "
                + (message.body() == null ? "nothing" : "a non-object body"))));
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

  private static int integer(RoutingContext ctx, String name, int fallback) {
    RequestParameter p = validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? fallback : p.getInteger();
  }

  private static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

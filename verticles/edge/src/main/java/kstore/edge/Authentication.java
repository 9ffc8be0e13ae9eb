package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.contracts.identity.IdentityAddresses;
import kstore.platform.Bus;

/**
 * Who calls, for every API operation that needs to know: the operation's OpenAPI {@code security} says whether a
 * credential is required, {@code x-kstore-roles} which roles may call it, {@code x-kstore-auth: optional} that a
 * credential is used when present. The credential (the {@code kstore_session} cookie, or a bearer access token)
 * is checked by the identity service; cookie-authenticated writes must echo the session's CSRF token in
 * {@code X-CSRF-Token}. Public operations (the catalog) never pay for a lookup. The principal of a bearer token is
 * kept for a few seconds ({@link PrincipalCache}, dropped when identity announces a change of the user); a session
 * cookie always goes to identity, whose lookup also slides the session's expiry.
 */
final class Authentication implements Handler<RoutingContext> {
  static final String COOKIE = "kstore_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String PRINCIPAL_KEY = "kstore.principal";
  private static final String CHALLENGE = "Bearer realm=\"kstore\"";

  private final Vertx vertx;
  private final long timeoutMs;
  private final boolean secureCookies;
  private final PrincipalCache cache;
  private MessageConsumer<Object> changes;
  private Map<String, Rule> rules = Map.of();

  Authentication(Vertx vertx, long timeoutMs, boolean secureCookies, PrincipalCache cache) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.secureCookies = secureCookies;
    this.cache = cache;
  }

  /**
   * Listens to identity's principal-changed events (a cluster-wide consumer: identity on any node publishes once
   * to every edge instance). Call on the verticle's context, which then alone uses the cache.
   */
  Future<Void> start() {
    if (!cache.enabled()) {
      return Future.succeededFuture();
    }
    changes = vertx.eventBus().consumer(IdentityAddresses.EVENTS_PRINCIPAL_CHANGED, this::principalChanged);
    return changes.completion();
  }

  Future<Void> stop() {
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  private void principalChanged(Message<Object> msg) {
    JsonObject data = msg.body() instanceof JsonObject event ? event.getJsonObject("data") : null;
    // a change of someone we cannot tell: forgetting everyone costs a few lookups, keeping a stale one more
    cache.forget(data == null ? null : data.getString("userId"));
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation op = ApiRouter.operation(ctx);
    Rule rule = op == null ? null : rules.get(op.getOperationId());
    if (rule == null || (!rule.required() && !rule.optional())) {
      ctx.next();
      return;
    }
    boolean required = rule.required();
    String bearer = bearer(ctx.request().getHeader("Authorization"));
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (bearer == null && (cookie == null || cookie.getValue().isBlank())) {
      if (required) {
        ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
        ApiErrors.send(ctx, ErrorCode.UNAUTHENTICATED, "Sign in first: send the session cookie or "
            + "Authorization: Bearer <access token>");
      } else {
        ctx.next();
      }
      return;
    }
    String key = bearer != null && cache.enabled() ? cache.key(bearer) : null;
    if (key != null) {
      JsonObject known = cache.get(key);
      if (known != null) {
        admit(ctx, rule, true, known);
        return;
      }
    }
    long changesAtStart = cache.changes();
    JsonObject credential = bearer != null ? new JsonObject().put("accessToken", bearer)
        : new JsonObject().put("sessionToken", cookie.getValue());
    vertx.eventBus().<JsonObject>request(IdentityAddresses.AUTHENTICATE, credential,
            Bus.options(RequestIds.of(ctx), timeoutMs))
        .onComplete(done -> {
          if (done.failed()) {
            if (ServiceError.codeOf(done.cause()) == ErrorCode.UNAUTHENTICATED) {
              if (bearer == null) {
                ctx.response().addCookie(expired());
              }
              if (!required) {
                ctx.next();
                return;
              }
              ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
            }
            ctx.fail(done.cause());
            return;
          }
          JsonObject principal = done.result().body();
          if (key != null) {
            cache.put(key, principal, changesAtStart);
          }
          admit(ctx, rule, bearer != null, principal);
        });
  }

  /** The checks of the operation on the caller's principal (fresh or cached): CSRF for cookies, then roles. */
  private static void admit(RoutingContext ctx, Rule rule, boolean viaBearer, JsonObject principal) {
    if (!viaBearer && unsafe(ctx.request().method()) && !csrfMatches(ctx, principal.getString("csrf"))) {
      ApiErrors.send(ctx, ErrorCode.CSRF_FAILED, "This change needs the X-CSRF-Token header of your "
          + "session; reload the page and try again");
      return;
    }
    List<String> roles = rule.roles();
    if (!roles.isEmpty() && roles.stream().noneMatch(principal.getJsonArray("roles", new JsonArray())::contains)) {
      ApiErrors.send(ctx, ErrorCode.FORBIDDEN, "This needs the role " + String.join(" or ", roles));
      return;
    }
    ctx.put(PRINCIPAL_KEY, principal);
    ctx.next();
  }

  /** The rules of the loaded document (set before the router serves). */
  void rules(Map<String, Rule> rules) {
    this.rules = rules;
  }

  /** The authenticated principal (userId, roles, residenceCountry, lang, via, csrf or expiresAt), or null. */
  static JsonObject principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL_KEY);
  }

  /** Who acts on this request: the user id, or "anonymous". */
  static String actor(RoutingContext ctx) {
    JsonObject p = principal(ctx);
    return p == null ? "anonymous" : p.getString("userId");
  }

  /** The actor's comma-separated roles, empty for anonymous callers. */
  static String roles(RoutingContext ctx) {
    JsonObject p = principal(ctx);
    if (p == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Object r : p.getJsonArray("roles", new JsonArray())) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(r);
    }
    return sb.toString();
  }

  /** The session cookie for a fresh sign-in. */
  Cookie sessionCookie(String token, long maxAgeSeconds) {
    return Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true).setSecure(secureCookies)
        .setSameSite(CookieSameSite.LAX).setMaxAge(maxAgeSeconds);
  }

  /** A cookie that removes the session cookie. */
  Cookie expired() {
    return Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true).setSecure(secureCookies)
        .setSameSite(CookieSameSite.LAX).setMaxAge(0);
  }

  private static boolean unsafe(HttpMethod method) {
    return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
  }

  private static boolean csrfMatches(RoutingContext ctx, String expected) {
    String sent = ctx.request().getHeader(CSRF_HEADER);
    return sent != null && expected != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /** How one operation authenticates: a credential required, used when present, and the roles it needs. */
  record Rule(boolean required, boolean optional, List<String> roles) {
  }

  /**
   * Reads each operation's rule from the document and removes its {@code security} (the router builder would
   * otherwise want handlers of its own for the schemes). Unknown schemes fail the start: an operation must never
   * be open by mistake.
   */
  static Map<String, Rule> rules(JsonObject document) {
    Map<String, Rule> rules = new java.util.HashMap<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("operationId")) {
          continue;
        }
        JsonArray security = (JsonArray) op.remove("security");
        boolean required = false;
        if (security != null) {
          for (Object requirement : security) {
            JsonObject r = (JsonObject) requirement;
            for (String name : r.fieldNames()) {
              if (!name.equals("session") && !name.equals("bearer")) {
                throw new IllegalStateException(op.getString("operationId") + " uses unknown security scheme " + name);
              }
              required = true;
            }
          }
        }
        JsonArray roles = op.getJsonArray("x-kstore-roles", new JsonArray());
        if (!roles.isEmpty() && !required) {
          throw new IllegalStateException(op.getString("operationId") + " names roles but requires no credential");
        }
        rules.put(op.getString("operationId"), new Rule(required, "optional".equals(op.getString("x-kstore-auth")),
            roles.stream().map(String::valueOf).toList()));
      }
    }
    return rules;
  }
}

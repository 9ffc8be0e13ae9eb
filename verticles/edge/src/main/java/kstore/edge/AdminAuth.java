package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import kstore.contracts.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in admin authentication until the identity service lands: {@code Authorization: Bearer <token>}
 * compared in constant time with {@code edge.adminToken}. A match acts as {@value #ACTOR} with role "admin".
 * With no token configured and {@code edge.devAdminToken=true}, a random token is generated once per cluster,
 * logged once and written to {@code <stack.dataDir>/admin-token}.
 */
public final class AdminAuth implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);
  public static final String ACTOR = "bootstrap-admin";
  public static final String ROLES = "admin";
  public static final String TOKEN_FILE = "admin-token";
  private static final String ACTOR_KEY = "kstore.actor";
  private static final String ROLES_KEY = "kstore.actorRoles";
  private static final String CHALLENGE = "Bearer realm=\"kstore-admin\"";

  /** SHA-256 of the token, so comparing never depends on where the first differing byte is, nor on length. */
  private final byte[] tokenDigest;

  private AdminAuth(String token) {
    this.tokenDigest = token == null ? null : sha256(token);
  }

  /** The configured token, or a generated dev token shared by every edge instance of the cluster. */
  public static Future<AdminAuth> create(Vertx vertx, EdgeConfig config) {
    if (config.adminToken() != null) {
      return Future.succeededFuture(new AdminAuth(config.adminToken()));
    }
    if (!config.devAdminToken()) {
      LOG.warn("No edge.adminToken (KSTORE_ADMIN_TOKEN) is configured: the admin API refuses every call");
      return Future.succeededFuture(new AdminAuth(null));
    }
    String fresh = randomToken();
    return vertx.sharedData().<String, String>getAsyncMap("kstore.edge")
        .compose(map -> map.putIfAbsent("devAdminToken", fresh))
        .compose(existing -> {
          if (existing != null) {
            return Future.succeededFuture(new AdminAuth(existing));
          }
          return announce(vertx, fresh, config.dataDir()).map(v -> new AdminAuth(fresh));
        });
  }

  private static Future<Void> announce(Vertx vertx, String token, Path dataDir) {
    if (dataDir == null) {
      LOG.warn("No edge.adminToken configured: generated dev admin token " + token
          + " (set KSTORE_ADMIN_TOKEN in real deployments)");
      return Future.succeededFuture();
    }
    Path file = dataDir.resolve(TOKEN_FILE);
    return vertx.executeBlocking(() -> {
      Files.createDirectories(dataDir);
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException | IOException e) {
        // not a POSIX file system: the data dir's own permissions protect it
      }
      return null;
    }, false).<Void>mapEmpty().onComplete(done -> LOG.warn("No edge.adminToken configured: generated dev admin token "
        + token + " (" + (done.succeeded() ? "also in " + file : "not written to " + file + ": " + done.cause())
        + "; set KSTORE_ADMIN_TOKEN in real deployments)"))
        .otherwiseEmpty();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (tokenDigest == null) {
      refuse(ctx, "The admin API is disabled: no admin token is configured");
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || authorization.isBlank()) {
      refuse(ctx, "Authentication required: send Authorization: Bearer <token>");
      return;
    }
    String token = bearer(authorization);
    if (token == null || !MessageDigest.isEqual(tokenDigest, sha256(token))) {
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
      ApiErrors.send(ctx, ErrorCode.UNAUTHENTICATED, "The bearer token is not valid");
      return;
    }
    ctx.put(ACTOR_KEY, ACTOR);
    ctx.put(ROLES_KEY, ROLES);
    ctx.next();
  }

  /** Who acts on this request ("anonymous" unless a handler authenticated the caller). */
  public static String actor(RoutingContext ctx) {
    String actor = ctx.get(ACTOR_KEY);
    return actor == null ? "anonymous" : actor;
  }

  /** The actor's comma-separated roles, empty for anonymous callers. */
  public static String roles(RoutingContext ctx) {
    String roles = ctx.get(ROLES_KEY);
    return roles == null ? "" : roles;
  }

  private static void refuse(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
    ApiErrors.send(ctx, ErrorCode.UNAUTHENTICATED, message);
  }

  private static String bearer(String authorization) {
    String value = authorization.trim();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}

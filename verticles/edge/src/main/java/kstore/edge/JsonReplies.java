package kstore.edge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Successful JSON answers: cacheable reads with a strong ETag (and 304s), or private ones never stored. */
public final class JsonReplies {
  static final String JSON = "application/json; charset=utf-8";
  /** Catalog reads: short enough that a price change shows within seconds, long enough to absorb a rush. */
  static final String PUBLIC_SHORT = "public, max-age=15";
  /** The same freshness for answers chosen by the client's address (GeoIP): the browser may keep them, a CDN not. */
  static final String PRIVATE_SHORT = "private, max-age=15";

  private JsonReplies() {
  }

  /** A public read: ETag from the body's hash, {@code Cache-Control: public, max-age=15}, 304 when unchanged. */
  public static void cacheable(RoutingContext ctx, JsonObject body, String vary) {
    Buffer bytes = body.toBuffer();
    String etag = strongEtag(bytes);
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.CACHE_CONTROL, CallerResolver.answerIsPrivate(ctx) ? PRIVATE_SHORT : PUBLIC_SHORT)
        .putHeader(HttpHeaders.VARY, vary);
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(bytes);
  }

  /** A private answer (admin calls, writes): never stored by any cache. */
  public static void uncached(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(body.toBuffer());
  }

  /** A strong entity tag: the first 128 bits of the body's SHA-256. */
  public static String strongEtag(Buffer bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.getBytes());
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** If-None-Match uses the weak comparison (RFC 9110 13.1.2): {@code W/} prefixes are ignored, {@code *} matches. */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(opaque)) {
        return true;
      }
    }
    return false;
  }
}

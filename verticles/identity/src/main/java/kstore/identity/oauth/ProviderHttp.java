package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * JSON calls to providers' token, profile and key endpoints, each with a timeout. A non-2xx status or an
 * error-shaped body ({@code error}, non-zero {@code errcode}) is a failed Future carrying the provider's words.
 */
public final class ProviderHttp {
  private final Vertx vertx;
  private final WebClient client;
  private final long timeoutMs;

  public ProviderHttp(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("kstore-identity")
        .setConnectTimeout((int) Math.min(timeoutMs, Integer.MAX_VALUE)).setFollowRedirects(false));
    this.timeoutMs = timeoutMs;
  }

  /** GET {@code url} with these query parameters (added to any already in the URL). */
  public Future<JsonObject> getJson(String url, Map<String, String> query, String bearer) {
    HttpRequest<Buffer> req = client.getAbs(url).timeout(timeoutMs).putHeader("Accept", "application/json");
    query.forEach(req::addQueryParam);
    if (bearer != null) {
      req.bearerTokenAuthentication(bearer);
    }
    return req.send().compose(res -> json(url, res));
  }

  /** POST an {@code application/x-www-form-urlencoded} form to {@code url}. */
  public Future<JsonObject> postForm(String url, Map<String, String> form, String bearer) {
    HttpRequest<Buffer> req = client.postAbs(url).timeout(timeoutMs).putHeader("Accept", "application/json");
    if (bearer != null) {
      req.bearerTokenAuthentication(bearer);
    }
    MultiMap body = MultiMap.caseInsensitiveMultiMap();
    form.forEach((k, v) -> {
      if (v != null) {
        body.add(k, v);
      }
    });
    return req.sendForm(body).compose(res -> json(url, res));
  }

  private static Future<JsonObject> json(String url, HttpResponse<Buffer> res) {
    JsonObject body;
    try {
      // WeChat answers JSON as text/plain: trust the body, not the content type.
      body = res.body() == null ? null : new JsonObject(res.body());
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    String where = url.replaceFirst("\\?.*", "");
    if (res.statusCode() / 100 != 2 || body == null || body.getValue("error") != null
        || body.getValue("errcode") instanceof Number n && n.intValue() != 0) {
      return Future.failedFuture(new ProviderException(where + " answered " + res.statusCode() + ": " + describe(body, res)));
    }
    return Future.succeededFuture(body);
  }

  private static String describe(JsonObject body, HttpResponse<Buffer> res) {
    if (body == null) {
      String text = res.bodyAsString();
      return text == null ? "(no body)" : text.substring(0, Math.min(200, text.length()));
    }
    Object error = body.getValue("error");
    if (error instanceof JsonObject e) {
      return e.getString("message", e.encode());
    }
    if (error != null) {
      return error + (body.getString("error_description") == null ? "" : ": " + body.getString("error_description"));
    }
    if (body.containsKey("errcode")) {
      return "errcode " + body.getValue("errcode") + ": " + body.getString("errmsg");
    }
    return body.encode();
  }

  /** The Vert.x instance the calls run on. */
  public Vertx vertx() {
    return vertx;
  }

  /** How long one call may take. */
  public long timeoutMs() {
    return timeoutMs;
  }

  public void close() {
    client.close();
  }

  /** A provider refused or answered something we cannot use. */
  public static final class ProviderException extends RuntimeException {
    public ProviderException(String message) {
      super(message, null, false, false);
    }
  }
}

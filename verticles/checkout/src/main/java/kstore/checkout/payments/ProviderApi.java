package kstore.checkout.payments;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import kstore.contracts.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON calls to one provider endpoint: bearer secret key, {@code Idempotency-Key} on every POST, the endpoint's
 * timeout. The Future fails only when no HTTP answer came (timeout, connection); every status is a {@link Reply}.
 */
final class ProviderApi {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderApi.class);

  private final WebClient client;
  private final ProviderEndpoint endpoint;

  ProviderApi(WebClient client, ProviderEndpoint endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /** An HTTP answer: status and the JSON body (null when the body is not a JSON object). */
  record Reply(int status, JsonObject body) {
    boolean ok() {
      return status / 100 == 2 && body != null;
    }

    /** The {@code error} object of an error answer, or an empty one. */
    JsonObject error() {
      return body != null && body.getValue("error") instanceof JsonObject e ? e : new JsonObject();
    }

    String errorType() {
      return error().getString("type");
    }

    String errorCode() {
      return error().getString("code");
    }

    String errorMessage() {
      String m = error().getString("message");
      return m != null ? m : "HTTP " + status + (body == null ? "" : " " + body.encode());
    }

    /** 5xx, 429 or a 2xx without a JSON body: the provider may or may not have acted. */
    boolean uncertain() {
      return status / 100 == 5 || status == 429 || status / 100 == 2 && body == null;
    }
  }

  ProviderEndpoint endpoint() {
    return endpoint;
  }

  Future<Reply> get(String path) {
    return get(path, endpoint.timeoutMs());
  }

  /** A GET that may wait at most {@code timeoutMs} (never longer than the endpoint's own timeout). */
  Future<Reply> get(String path, long timeoutMs) {
    return send(client.getAbs(endpoint.url() + path), null, null, Math.min(timeoutMs, endpoint.timeoutMs()));
  }

  Future<Reply> post(String path, JsonObject body, String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("POST " + path + " needs an idempotency key"));
    }
    return send(client.postAbs(endpoint.url() + path), body, idempotencyKey, endpoint.timeoutMs());
  }

  private Future<Reply> send(HttpRequest<Buffer> req, JsonObject body, String idempotencyKey, long timeoutMs) {
    req.timeout(timeoutMs).connectTimeout(timeoutMs)
        .putHeader("Accept", "application/json")
        .bearerTokenAuthentication(endpoint.secretKey());
    if (idempotencyKey != null) {
      req.putHeader("Idempotency-Key", idempotencyKey);
    }
    Future<HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendJsonObject(body);
    return sent.map(ProviderApi::reply);
  }

  private static Reply reply(HttpResponse<Buffer> res) {
    JsonObject json;
    try {
      json = res.body() == null || res.body().length() == 0 ? null : new JsonObject(res.body());
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    return new Reply(res.statusCode(), json);
  }

  /** The neutral code of a call that got no answer. */
  static String transportCode(Throwable failure) {
    if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
      return PaymentStep.TIMEOUT;
    }
    if (failure instanceof ConnectException || failure instanceof UnknownHostException
        || failure.getCause() instanceof ConnectException) {
      return PaymentStep.UNREACHABLE;
    }
    String m = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("timeout") || m.contains("timed out") ? PaymentStep.TIMEOUT : PaymentStep.UNREACHABLE;
  }

  /** The neutral code of an uncertain answer (5xx, 429, no JSON). */
  static String uncertainCode(Reply r) {
    return r.status() == 429 ? PaymentStep.RATE_LIMITED : PaymentStep.PROVIDER_ERROR;
  }

  /** The failure for a 4xx the buyer did not cause: our key, our request, our idempotency key, an unknown id. */
  ProviderRefusal refusal(Reply r, String what) {
    String where = "payment provider '" + endpoint.name() + "' " + what + ": ";
    if (r.status() == 401 || r.status() == 403) {
      LOG.error("payment provider '{}' refuses our secret key ({} {}): check KSTORE_PAY_{}_KEY", endpoint.name(),
          r.status(), r.errorMessage(), endpoint.name().toUpperCase(java.util.Locale.ROOT));
      return new ProviderRefusal(ErrorCode.UNAVAILABLE, where + "payments by this method are unavailable right now",
          r.status(), r.errorCode());
    }
    if (r.status() == 409 || "idempotency_error".equals(r.errorType())) {
      return new ProviderRefusal(ErrorCode.CONFLICT, where + "idempotency key reused with a different request",
          r.status(), r.errorCode());
    }
    if (r.status() == 404) {
      return new ProviderRefusal(ErrorCode.NOT_FOUND, where + "no such payment: " + r.errorMessage(), r.status(),
          r.errorCode());
    }
    return new ProviderRefusal(ErrorCode.VALIDATION, where + (r.errorCode() == null ? "" : r.errorCode() + ": ")
        + r.errorMessage(), r.status(), r.errorCode());
  }
}

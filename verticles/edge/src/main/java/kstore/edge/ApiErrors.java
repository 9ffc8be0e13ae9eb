package kstore.edge;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.EnumMap;
import java.util.Map;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where error codes become HTTP: {@code ErrorCode} ↔ status, and every error body
 * {@code {"error": CODE, "message": "..."}}. Nothing else in the edge picks a 4xx/5xx status for an error.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private static final Map<ErrorCode, Integer> STATUS = new EnumMap<>(Map.ofEntries(
      Map.entry(ErrorCode.VALIDATION, 400),
      Map.entry(ErrorCode.UNAUTHENTICATED, 401),
      Map.entry(ErrorCode.PAYMENT_DECLINED, 402),
      Map.entry(ErrorCode.FORBIDDEN, 403),
      Map.entry(ErrorCode.NOT_FOUND, 404),
      Map.entry(ErrorCode.CONFLICT, 409),
      Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, 413),
      Map.entry(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415),
      Map.entry(ErrorCode.RATE_LIMITED, 429),
      Map.entry(ErrorCode.REGION_BLOCKED, 451),
      Map.entry(ErrorCode.ACCOUNT_LOCKED, 429),
      Map.entry(ErrorCode.LINK_REQUIRED, 409),
      Map.entry(ErrorCode.CSRF_FAILED, 403),
      Map.entry(ErrorCode.EMAIL_TAKEN, 409),
      Map.entry(ErrorCode.INTERNAL, 500),
      Map.entry(ErrorCode.UNAVAILABLE, 503),
      Map.entry(ErrorCode.TIMEOUT, 504)));

  private ApiErrors() {
  }

  /** The HTTP status of an error code. */
  public static int status(ErrorCode code) {
    return STATUS.get(code);
  }

  /** The error code shown for an HTTP status the edge itself produces (router, body limits, validation). */
  public static ErrorCode codeOfStatus(int status) {
    return switch (status) {
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 402 -> ErrorCode.PAYMENT_DECLINED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 409 -> ErrorCode.CONFLICT;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 429 -> ErrorCode.RATE_LIMITED;
      case 451 -> ErrorCode.REGION_BLOCKED;
      case 503 -> ErrorCode.UNAVAILABLE;
      case 504 -> ErrorCode.TIMEOUT;
      default -> status >= 400 && status < 500 ? ErrorCode.VALIDATION : ErrorCode.INTERNAL;
    };
  }

  /** Ends the exchange with the error body; {@code status} may differ from the code's own (405, 414, 431). */
  public static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // Too late for a clean error: cut the connection rather than send a half response as complete.
      response.reset();
      return;
    }
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.headers().remove(HttpHeaders.ETAG).remove(HttpHeaders.CONTENT_LENGTH);
    if (ctx.request().method().name().equals("HEAD")) {
      response.end();
    } else {
      response.end(body(code, message).encode());
    }
  }

  public static void send(RoutingContext ctx, ErrorCode code, String message) {
    send(ctx, status(code), code, message);
  }

  public static JsonObject body(ErrorCode code, String message) {
    return new JsonObject().put("error", code.name()).put("message", message);
  }

  /** Failure handler of the whole router: a clear 4xx, or a 500 with the request id and the stack in the log. */
  public static void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      failure = http.getCause() != null ? http.getCause() : http;
    }
    if (failure instanceof EdgeException edge) {
      send(ctx, edge.status(), edge.code(), edge.getMessage());
    } else if (failure instanceof ReplyException reply) {
      ErrorCode code = ServiceError.codeOf(reply);
      send(ctx, code, serviceMessage(code, reply, ctx));
    } else if (failure instanceof ValidatorException invalid) {
      send(ctx, 400, ErrorCode.VALIDATION, ValidationMessages.of(invalid));
    } else if (status >= 400 && status < 500) {
      send(ctx, status, codeOfStatus(status), statusMessage(status, ctx));
    } else if (status == 503 || status == 504) {
      send(ctx, status, codeOfStatus(status), statusMessage(status, ctx));
    } else {
      internal(ctx, failure);
    }
  }

  /** Unexpected trouble: log everything, show nothing but the request id. */
  public static void internal(RoutingContext ctx, Throwable failure) {
    String requestId = RequestIds.of(ctx);
    LOG.atError().setCause(failure).addKeyValue("requestId", requestId)
        .log("unexpected failure on " + ctx.request().method() + " " + ctx.request().path() + " (request "
            + requestId + ")");
    send(ctx, ErrorCode.INTERNAL, "Something went wrong on our side. Request id: " + requestId);
  }

  /** A service's own words for a 4xx; generic words (and a log line) when the bus or the service broke. */
  private static String serviceMessage(ErrorCode code, ReplyException reply, RoutingContext ctx) {
    String requestId = RequestIds.of(ctx);
    if (reply.failureType() == ReplyFailure.TIMEOUT) {
      return "The service did not answer in time. Request id: " + requestId;
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return "The service is not available right now. Request id: " + requestId;
    }
    if (code == ErrorCode.INTERNAL) {
      LOG.atError().addKeyValue("requestId", requestId).log("service failed on " + ctx.request().method() + " "
          + ctx.request().path() + " with code " + reply.failureCode() + ": " + reply.getMessage());
      return "Something went wrong on our side. Request id: " + requestId;
    }
    String message = reply.getMessage();
    return message == null || message.isBlank() ? code.name() : message;
  }

  private static String statusMessage(int status, RoutingContext ctx) {
    return switch (status) {
      case 404 -> "No such resource: " + ctx.request().path();
      case 405 -> "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path();
      case 413 -> "The request body is larger than this server accepts";
      case 415 -> "The request body must be application/json";
      case 414 -> "The request line is too long";
      case 431 -> "The request headers are too large";
      case 503 -> "Not available right now";
      default -> "The request is not valid";
    };
  }
}

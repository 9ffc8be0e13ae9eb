package kstore.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Request/reply over the event bus with an explicit timeout and the request id carried along, and the serving
 * side every service shares ({@link #serve}).
 */
public final class Bus {
  private Bus() {
  }

  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  public static DeliveryOptions options(String requestId, long timeoutMs) {
    DeliveryOptions opts = new DeliveryOptions().setSendTimeout(timeoutMs);
    if (requestId != null) {
      opts.addHeader(Headers.REQUEST_ID, requestId);
    }
    return opts;
  }

  public static Future<JsonObject> request(Vertx vertx, String address, JsonObject body, DeliveryOptions options) {
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }

  /**
   * Answers {@code address} with {@code handler} (JSON body, message headers): its reply, or its failure as the one
   * failure shape. Our own codes ({@code ServiceError}) pass through; anything else is logged with the request id
   * on {@code log} and answered INTERNAL with "the {@code service} could not answer; try again".
   */
  public static MessageConsumer<Object> serve(Vertx vertx, String address, String service, Logger log,
                                              BiFunction<JsonObject, MultiMap, Future<JsonObject>> handler) {
    return vertx.eventBus().consumer(address, msg -> {
      Future<JsonObject> reply;
      try {
        reply = handler.apply(msg.body() instanceof JsonObject j ? j : new JsonObject(), msg.headers());
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(msg::reply).onFailure(err -> fail(msg, address, service, log, err));
    });
  }

  private static void fail(Message<?> msg, String address, String service, Logger log, Throwable err) {
    if (err instanceof ReplyException rex && rex.failureCode() >= ErrorCode.VALIDATION.failureCode()) {
      msg.fail(rex.failureCode(), rex.getMessage());
      return;
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", msg.headers().get(Headers.REQUEST_ID))) {
      log.error("{} failed", address, err);
    }
    msg.fail(ErrorCode.INTERNAL.failureCode(), "the " + service + " could not answer; try again");
  }
}

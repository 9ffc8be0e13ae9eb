package kstore.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import kstore.contracts.Headers;

/** Request/reply over the event bus with an explicit timeout and the request id carried along. */
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
}

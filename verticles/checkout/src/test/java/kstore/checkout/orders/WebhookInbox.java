package kstore.checkout.orders;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Our public URL as the payment sandbox sees it: receives its signed webhooks at
 * {@code /api/v1/payments/webhooks/{provider}} (as the edge does) and keeps them, so a test decides when each reaches
 * the checkout ({@link CheckoutStack#deliver}): after the order failed, twice, or side by side.
 */
final class WebhookInbox implements AutoCloseable {
  /** One delivery as received: the signature header and the raw body, untouched. */
  record Received(String provider, String signature, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String type() {
      return json().getString("type");
    }

    JsonObject object() {
      return json().getJsonObject("data").getJsonObject("object");
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  WebhookInbox(Vertx vertx) {
    server = CheckoutStack.await(vertx.createHttpServer().requestHandler(req -> {
      String prefix = "/api/v1/payments/webhooks/";
      if (!"POST".equals(req.method().name()) || !req.path().startsWith(prefix)) {
        req.response().setStatusCode(404).end();
        return;
      }
      String provider = req.path().substring(prefix.length());
      String signature = req.getHeader("Sandbox-Signature");
      req.body().onSuccess(body -> {
        received.add(new Received(provider, signature, body.toString(StandardCharsets.UTF_8)));
        req.response().putHeader("Content-Type", "application/json").end("{}");
      });
    }).listen(0, "127.0.0.1"));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The first delivery matching {@code what}, waiting for it. */
  Received await(String description, Predicate<Received> what) {
    CheckoutStack.eventually(description, () -> received.stream().anyMatch(what));
    return received.stream().filter(what).findFirst().orElseThrow();
  }

  long count(Predicate<Received> what) {
    return received.stream().filter(what).count();
  }

  /** Events of {@code type} about the payment {@code providerRef} (or its charge, for {@code charge.*}). */
  static Predicate<Received> about(String type, String providerRef) {
    return r -> type.equals(r.type()) && (providerRef.equals(r.object().getString("id"))
        || providerRef.equals(r.object().getString("payment_intent")));
  }

  /** Events of {@code type} whose object names our order (metadata.orderId). */
  static Predicate<Received> forOrder(String type, String orderId) {
    return r -> type.equals(r.type()) && r.object().getJsonObject("metadata") != null
        && orderId.equals(r.object().getJsonObject("metadata").getString("orderId"));
  }

  /**
   * The same event as the provider would send it again under a new event id (or another object), signed with the
   * endpoint's secret the way the sandbox signs: {@code t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
   */
  static Received resigned(Received original, String secret) {
    return resigned(original, secret, null, null);
  }

  /** As {@link #resigned(Received, String)}, as another event type about another state of the object. */
  static Received resigned(Received original, String secret, String type, JsonObject object) {
    JsonObject event = original.json().put("id", "evt_again_" + UUID.randomUUID().toString().replace("-", ""));
    if (type != null) {
      event.put("type", type);
    }
    if (object != null) {
      event.getJsonObject("data").put("object", object);
    }
    String body = event.encode();
    long t = System.currentTimeMillis() / 1000;
    return new Received(original.provider(), "t=" + t + ",v1=" + hmac(secret, t + "." + body), body);
  }

  private static String hmac(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    CheckoutStack.await(server.close());
  }
}

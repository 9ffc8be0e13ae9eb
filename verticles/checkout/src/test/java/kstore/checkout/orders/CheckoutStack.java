package kstore.checkout.orders;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import kstore.checkout.CheckoutVerticle;
import kstore.contracts.Headers;
import kstore.contracts.checkout.CheckoutAddresses;
import kstore.devstack.DevStack;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.StoreConfig;

/**
 * The real checkout verticle ({@code instances} of it, as on that many nodes) on this JVM's dev stack — PostgreSQL,
 * Kafka and the payment sandbox of {@link DevStack#shared()} — with a clock the test moves, a {@link WebhookInbox} as
 * its public URL and a {@link CatalogStandIn} on the catalog's addresses. Buyers talk to it over the event bus with
 * the headers the edge sets.
 */
final class CheckoutStack implements AutoCloseable {
  static final Duration WITHIN = Duration.ofSeconds(30);

  /** A clock that stands still until the test moves it (forward only). */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void moveTo(Instant to) {
      if (to.isBefore(now.get())) {
        throw new IllegalArgumentException("time only moves forward here: " + now.get() + " → " + to);
      }
      now.set(to);
    }
  }

  /** A signed-in buyer as the edge describes them: id and residence country. */
  record Buyer(UUID id, String country) {
    DeliveryOptions headers() {
      return new DeliveryOptions().setSendTimeout(WITHIN.toMillis()).addHeader(Headers.ACTOR, id.toString())
          .addHeader(Headers.ACTOR_COUNTRY, country).addHeader(Headers.REQUEST_COUNTRY, country)
          .addHeader("x-lang", "en").addHeader(Headers.REQUEST_ID, "test-" + UUID.randomUUID());
    }
  }

  final Vertx vertx = Vertx.vertx();
  final MovableClock clock = new MovableClock();
  final JsonObject conf;
  final Pool pool;
  final WebhookInbox inbox;
  final CatalogStandIn catalog;
  private final String deployment;
  private final String sandboxUrl;
  private final String sandboxKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  CheckoutStack(int instances) {
    this(instances, Map.of());
  }

  /** The stack with config keys set as {@code --set key=value} would ({@code checkout.orphanRefunds.maxAttempts}). */
  CheckoutStack(int instances, Map<String, String> settings) {
    inbox = new WebhookInbox(vertx);
    catalog = new CatalogStandIn(vertx, clock);
    JsonObject c = StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()), DevStack.shared().config());
    StoreConfig.set(c, "http.publicUrl", inbox.url());
    StoreConfig.set(c, "payments.timeoutMs", "2000");   // pm_card_timeout holds its answer 30 s
    StoreConfig.set(c, "checkout.jobsPollMs", "100");
    settings.forEach((key, value) -> StoreConfig.set(c, key, value));
    conf = c;
    JsonObject sandbox = c.getJsonObject("payments").getJsonObject("sandbox");
    sandboxUrl = sandbox.getString("url");
    sandboxKey = sandbox.getString("secretKey");
    pool = Pg.pool(vertx, PgConfig.from(c));
    deployment = await(vertx.deployVerticle(() -> new CheckoutVerticle() {
      @Override
      protected Clock clock() {
        return clock;
      }
    }, new DeploymentOptions().setConfig(c).setInstances(instances)));
  }

  static Buyer buyer(String country) {
    return new Buyer(UUID.randomUUID(), country);
  }

  // ---- the checkout's addresses, as the edge calls them ----

  JsonObject request(String address, JsonObject body, Buyer buyer) {
    return await(vertx.eventBus().<JsonObject>request(address, body, buyer.headers())).body();
  }

  /** Quote and order one game with a method and instrument; answers the order. */
  JsonObject order(Buyer buyer, long gameId, String method, String instrument) {
    return place(buyer, quote(buyer, gameId), method, instrument);
  }

  JsonObject quote(Buyer buyer, long gameId) {
    return request(CheckoutAddresses.QUOTE, new JsonObject().put("items", new JsonArray().add(gameId)), buyer);
  }

  JsonObject place(Buyer buyer, JsonObject quote, String method, String instrument) {
    JsonObject body = new JsonObject().put("quoteToken", quote.getString("quoteToken")).put("method", method)
        .put("idempotencyKey", UUID.randomUUID().toString());
    if (instrument != null) {
      body.put("instrument", instrument);
    }
    return request(CheckoutAddresses.CREATE_ORDER, body, buyer);
  }

  /** The buyer's return from the provider's page ({@code result=cancel|fail} on the cancel and fail URLs). */
  JsonObject confirm(Buyer buyer, String orderId, JsonObject params) {
    return request(CheckoutAddresses.CONFIRM_ORDER, new JsonObject().put("orderId", orderId).put("params", params),
        buyer);
  }

  /** What the edge forwards for a webhook: the endpoint, the signature header and the raw body. */
  Future<JsonObject> deliver(WebhookInbox.Received webhook) {
    return vertx.eventBus().<JsonObject>request(CheckoutAddresses.WEBHOOK, new JsonObject()
            .put("provider", webhook.provider()).put("signature", webhook.signature()).put("body", webhook.body()),
        new DeliveryOptions().setSendTimeout(WITHIN.toMillis())).map(m -> m.body());
  }

  // ---- the payment sandbox's API (its secret key comes from the dev stack) ----

  record SandboxReply(int status, JsonObject body) {
  }

  SandboxReply sandbox(String method, String path, JsonObject body, String idempotencyKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandboxUrl + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + sandboxKey).header("Content-Type", "application/json");
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new SandboxReply(r.statusCode(), r.body().isBlank() || !r.body().startsWith("{") ? null
          : new JsonObject(r.body()));
    } catch (Exception e) {
      throw new AssertionError("the payment sandbox did not answer " + method + " " + path, e);
    }
  }

  /** A page of the sandbox a browser would open (3-D Secure challenge): the status code, redirects not followed. */
  int browse(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      throw new AssertionError("could not open " + url, e);
    }
  }

  /** Where a page of the sandbox sends the browser (a wallet's approval page with {@code ?auto=approve}). */
  String location(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).headers().firstValue("location")
          .orElseThrow(() -> new AssertionError(url + " did not redirect"));
    } catch (Exception e) {
      throw new AssertionError("could not open " + url, e);
    }
  }

  /** The secret the sandbox signs our endpoint's webhooks with (registering the same URL answers the same one). */
  String webhookSecret() {
    SandboxReply r = sandbox("POST", "/v1/webhook_endpoints", new JsonObject()
        .put("url", inbox.url() + "/api/v1/payments/webhooks/sandbox"), "endpoint-" + UUID.randomUUID());
    return r.body().getString("secret");
  }

  // ---- the database, as an auditor reads it ----

  List<Row> rows(String sql, Object... params) {
    List<Row> out = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(Tuple.from(params))).forEach(out::add);
    return out;
  }

  Row row(String sql, Object... params) {
    List<Row> all = rows(sql, params);
    if (all.size() != 1) {
      throw new AssertionError("expected one row, got " + all.size() + ": " + sql);
    }
    return all.get(0);
  }

  long count(String sql, Object... params) {
    return row(sql, params).getLong(0);
  }

  // ---- waiting ----

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WITHIN.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Polls until {@code condition} holds (every 50 ms, at most {@link #WITHIN}). */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WITHIN.toSeconds() + " s: " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    await(vertx.undeploy(deployment));
    catalog.close();
    inbox.close();
    await(pool.close());
    await(vertx.close());
  }
}

package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import kstore.contracts.ServiceError;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.contracts.checkout.CheckoutAddresses;
import kstore.contracts.identity.IdentityAddresses;
import kstore.platform.Bus;
import kstore.platform.KafkaConfig;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.RedisConfig;

/**
 * {@code /health}: is this node ready to serve? PostgreSQL answers {@code SELECT 1}, Redis answers PING, Kafka
 * describes its cluster, this node is in the Vert.x cluster, and a catalog, an identity and a checkout instance answer their pings. Each check
 * has a timeout; the answer is 200 when all are up, else 503 with every check's detail.
 */
final class Readiness {
  private final Vertx vertx;
  private final long timeoutMs;
  private final boolean clusterExpected;
  private final PgConfig pgConfig;
  private final RedisConfig redisConfig;
  private final KafkaConfig kafkaConfig;
  private Pool pg;
  private Redis redis;
  private KafkaAdminClient kafka;

  Readiness(Vertx vertx, JsonObject conf, EdgeConfig config) {
    this.vertx = vertx;
    this.timeoutMs = config.healthTimeoutMs();
    this.clusterExpected = config.clusterExpected();
    this.pgConfig = PgConfig.from(conf);
    this.redisConfig = RedisConfig.from(conf);
    this.kafkaConfig = KafkaConfig.from(conf);
  }

  /** Opens the clients the checks use (lazily connecting: a server that is down does not stop the edge). */
  Future<Void> start() {
    if (pgConfig.configured()) {
      pg = Pg.pool(vertx, pgConfig);
    }
    if (redisConfig.configured()) {
      redis = redisConfig.client(vertx);
    }
    if (!kafkaConfig.configured()) {
      return Future.succeededFuture();
    }
    // Reconnect slowly: while Kafka is down this client would otherwise log a warning every 50 ms.
    Map<String, String> admin = Map.of(
        "bootstrap.servers", kafkaConfig.bootstrap(),
        "client.id", "kstore-edge-health",
        "request.timeout.ms", String.valueOf(Math.max(timeoutMs, 1_000)),
        "default.api.timeout.ms", String.valueOf(Math.max(timeoutMs, 1_000)),
        "reconnect.backoff.ms", "1000",
        "reconnect.backoff.max.ms", "10000");
    return vertx.executeBlocking(() -> KafkaAdminClient.create(vertx, admin), false)
        .onSuccess(client -> kafka = client)
        .mapEmpty();
  }

  Future<Void> stop() {
    List<Future<?>> closing = new ArrayList<>();
    if (pg != null) {
      closing.add(pg.close());
    }
    if (redis != null) {
      redis.close();
    }
    if (kafka != null) {
      closing.add(kafka.close(1_000));
    }
    return Future.join(closing).mapEmpty();
  }

  void handle(RoutingContext ctx) {
    AccessLog.route(ctx, "health");
    check().onComplete(done -> {
      if (done.failed()) {
        ApiErrors.internal(ctx, done.cause());
        return;
      }
      JsonObject report = done.result();
      ctx.response()
          .setStatusCode(report.getBoolean("ready") ? 200 : 503)
          .putHeader("Content-Type", JsonReplies.JSON)
          .putHeader("Cache-Control", "no-store")
          .end(report.encodePrettily());
    });
  }

  static void live(RoutingContext ctx) {
    AccessLog.route(ctx, "health-live");
    ctx.response()
        .putHeader("Content-Type", JsonReplies.JSON)
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", "UP").put("live", true).encode());
  }

  /** Runs every check at once; {@code ready} only when all are up. */
  Future<JsonObject> check() {
    Map<String, Supplier<Future<JsonObject>>> checks = new LinkedHashMap<>();
    checks.put("postgres", this::postgres);
    checks.put("redis", this::redis);
    checks.put("kafka", this::kafka);
    checks.put("cluster", this::cluster);
    checks.put("catalog", this::catalog);
    checks.put("identity", this::identity);
    checks.put("checkout", () -> ping(CheckoutAddresses.PING));
    Map<String, Future<JsonObject>> running = new LinkedHashMap<>();
    checks.forEach((name, check) -> running.put(name, timed(check)));
    return Future.join(new ArrayList<>(running.values())).transform(ignored -> {
      JsonObject details = new JsonObject();
      boolean ready = true;
      for (Map.Entry<String, Future<JsonObject>> e : running.entrySet()) {
        JsonObject detail = e.getValue().result();
        details.put(e.getKey(), detail);
        ready &= "UP".equals(detail.getString("status"));
      }
      return Future.succeededFuture(new JsonObject()
          .put("status", ready ? "UP" : "DOWN")
          .put("live", true)
          .put("ready", ready)
          .put("checks", details));
    });
  }

  /** Never fails: a failure or a timeout becomes a DOWN detail with the reason. */
  private Future<JsonObject> timed(Supplier<Future<JsonObject>> check) {
    long start = System.nanoTime();
    Future<JsonObject> attempt;
    try {
      attempt = check.get();
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    // A little longer than the clients' own timeouts, so their more precise errors win when they fire.
    return attempt.timeout(timeoutMs + 250, TimeUnit.MILLISECONDS).transform(done -> {
      long ms = (System.nanoTime() - start) / 1_000_000;
      JsonObject detail = done.succeeded() ? done.result().copy() : new JsonObject()
          .put("status", "DOWN")
          .put("error", done.cause() instanceof java.util.concurrent.TimeoutException
              ? "no answer within " + (timeoutMs + 250) + " ms" : String.valueOf(done.cause().getMessage()));
      detail.put("latencyMs", ms);
      return Future.succeededFuture(detail);
    });
  }

  private Future<JsonObject> postgres() {
    if (pg == null) {
      return down("not configured (pg.host)");
    }
    return pg.query("SELECT 1").execute().map(rows -> up());
  }

  private Future<JsonObject> redis() {
    if (redis == null) {
      return down("not configured (redis.uri)");
    }
    return redis.send(Request.cmd(Command.PING)).map(reply -> up().put("reply", String.valueOf(reply)));
  }

  private Future<JsonObject> kafka() {
    if (kafka == null) {
      return down("not configured (kafka.bootstrap)");
    }
    return kafka.describeCluster().map(cluster -> up()
        .put("clusterId", cluster.getClusterId())
        .put("brokers", cluster.getNodes() == null ? 0 : cluster.getNodes().size()));
  }

  private Future<JsonObject> cluster() {
    if (!vertx.isClustered()) {
      JsonObject detail = new JsonObject().put("clustered", false).put("members", 1);
      return Future.succeededFuture(clusterExpected
          ? detail.put("status", "DOWN").put("error", "cluster.enabled is true but this node is not clustered")
          : detail.put("status", "UP"));
    }
    var manager = ((VertxInternal) vertx).clusterManager();
    List<String> nodes = manager.getNodes();
    boolean member = manager.isActive() && nodes.contains(manager.getNodeId());
    JsonObject detail = new JsonObject().put("clustered", true).put("members", nodes.size())
        .put("nodeId", manager.getNodeId());
    return Future.succeededFuture(member
        ? detail.put("status", "UP")
        : detail.put("status", "DOWN").put("error", "this node is not a member of the cluster"));
  }

  private Future<JsonObject> catalog() {
    return vertx.eventBus().request(CatalogAddresses.PING, new JsonObject(), Bus.options(null, timeoutMs))
        .map(reply -> up().put("reply", reply.body()))
        .recover(err -> down(ServiceError.codeOf(err) + ": " + err.getMessage()));
  }

  private Future<JsonObject> ping(String address) {
    return vertx.eventBus().request(address, new JsonObject(), Bus.options(null, timeoutMs))
        .map(reply -> up().put("reply", reply.body()))
        .recover(err -> down(ServiceError.codeOf(err) + ": " + err.getMessage()));
  }

  private Future<JsonObject> identity() {
    return vertx.eventBus().request(IdentityAddresses.PING, new JsonObject(), Bus.options(null, timeoutMs))
        .map(reply -> up().put("reply", reply.body()))
        .recover(err -> down(ServiceError.codeOf(err) + ": " + err.getMessage()));
  }

  private static JsonObject up() {
    return new JsonObject().put("status", "UP");
  }

  private static Future<JsonObject> down(String why) {
    return Future.succeededFuture(new JsonObject().put("status", "DOWN").put("error", why));
  }
}

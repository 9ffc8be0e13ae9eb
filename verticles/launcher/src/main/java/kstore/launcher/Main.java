package kstore.launcher;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kstore.devstack.DevStack;
import kstore.platform.Cluster;
import kstore.platform.ClusterConfig;
import kstore.platform.KafkaConfig;
import kstore.platform.PgConfig;
import kstore.platform.RedisConfig;
import kstore.platform.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts one K Store node: the embedded servers it lacks (none when config names external ones), the
 * clustered event bus, then the verticles of {@code node.verticles}, deployed by name with HA.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    NodeArgs nodeArgs;
    try {
      nodeArgs = NodeArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (nodeArgs.help()) {
      System.out.print(NodeArgs.USAGE);
      return;
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    try {
      Node node = start(StoreConfig.load(nodeArgs.confFiles(), System.getenv(), nodeArgs.overrides()));
      Runtime.getRuntime().addShutdownHook(new Thread(node::close, "kstore-shutdown"));
      if (nodeArgs.exitWithParent() != null) {
        ProcessHandle.of(nodeArgs.exitWithParent()).ifPresentOrElse(
            p -> p.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
      }
    } catch (Exception e) {
      LOG.error("K Store node failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  /** A running node; {@link #close()} undeploys, leaves the cluster and stops what it started. */
  public record Node(Vertx vertx, DevStack stack, JsonObject config, List<String> deploymentIds) implements AutoCloseable {
    @Override
    public void close() {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("vert.x did not close cleanly: {}", e.toString());
      }
      if (stack != null) {
        stack.close();
      }
    }
  }

  /** Starts a node from a loaded config and waits until every verticle is deployed. */
  public static Node start(JsonObject config) throws Exception {
    long t0 = System.nanoTime();
    DevStack stack = startMissingServers(config);
    if (stack != null) {
      config = withDevStack(config, stack);
    }
    Vertx vertx = await(Cluster.start(ClusterConfig.from(config)));
    List<String> ids = new ArrayList<>();
    try {
      JsonObject verticles = StoreConfig.section(config, "node").getJsonObject("verticles", new JsonObject());
      boolean ha = StoreConfig.section(config, "node").getBoolean("ha", true);
      // services before the edge: the edge's readiness asks them
      List<String> order = new ArrayList<>(verticles.fieldNames());
      order.sort((a, b) -> Boolean.compare(a.equals("edge"), b.equals("edge")));
      for (String name : order) {
        int instances = verticles.getInteger(name);
        if (instances <= 0) {
          continue;
        }
        DeploymentOptions options = new DeploymentOptions().setConfig(config).setInstances(instances).setHa(ha);
        ids.add(await(vertx.deployVerticle(VerticleNames.classOf(name), options)));
      }
    } catch (Exception e) {
      vertx.close();
      if (stack != null) {
        stack.close();
      }
      throw e;
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    LOG.info("K Store node ready in {} ms: verticles {}, http {}", ms,
        StoreConfig.section(config, "node").getJsonObject("verticles"),
        StoreConfig.section(config, "http").getString("publicUrl",
            "http://localhost:" + StoreConfig.section(config, "http").getInteger("port", 8080)));
    return new Node(vertx, stack, config, ids);
  }

  /** Dev defaults for the first admin, used only with an embedded PostgreSQL (a dev run), never in production. */
  static final String DEV_ADMIN_EMAIL = "admin@kstore.local";
  static final String DEV_ADMIN_PASSWORD = "kstore-dev-admin";

  /**
   * Merges what the embedded servers offer: their addresses, the mail catcher's SMTP, and the dev OIDC provider
   * (appended to the configured providers, not replacing them). With an embedded PostgreSQL and no admin
   * configured, the dev admin of the README is created.
   */
  static JsonObject withDevStack(JsonObject config, DevStack stack) {
    JsonObject offered = stack.config();
    JsonArray configured = StoreConfig.section(config, "identity").getJsonArray("providers");
    JsonObject merged = StoreConfig.deepMerge(config, offered);
    JsonArray dev = StoreConfig.section(offered, "identity").getJsonArray("providers");
    if (configured != null && dev != null) {
      JsonArray all = configured.copy();
      dev.forEach(all::add);
      merged.getJsonObject("identity").put("providers", all);
    }
    if (StoreConfig.section(offered, "pg").containsKey("host")
        && !StoreConfig.section(config, "admin").containsKey("email")) {
      merged.put("admin", new JsonObject().put("email", DEV_ADMIN_EMAIL).put("password", DEV_ADMIN_PASSWORD));
      LOG.info("dev run: admin account {} / {} (set KSTORE_ADMIN_EMAIL and KSTORE_ADMIN_PASSWORD to choose)",
          DEV_ADMIN_EMAIL, DEV_ADMIN_PASSWORD);
    }
    return merged;
  }

  /**
   * Starts embedded PostgreSQL/Redis/Kafka for whichever of them config does not name, the mail catcher when no
   * SMTP server is named, the dev OIDC provider unless {@code stack.devIdentityProvider} is false, and the payment
   * sandbox unless {@code payments.sandbox} is configured or {@code stack.paymentSandbox} is false.
   */
  static DevStack startMissingServers(JsonObject config) throws Exception {
    boolean pg = !PgConfig.from(config).configured();
    boolean redis = !RedisConfig.from(config).configured();
    boolean kafka = !KafkaConfig.from(config).configured();
    boolean mail = !StoreConfig.section(config, "smtp").containsKey("host");
    boolean oidc = StoreConfig.section(config, "stack").getBoolean("devIdentityProvider", true);
    boolean payments = !StoreConfig.section(config, "payments").containsKey("sandbox")
        && StoreConfig.section(config, "stack").getBoolean("paymentSandbox", true);
    if (!pg && !redis && !kafka) {
      return null;
    }
    String dir = StoreConfig.section(config, "stack").getString("dataDir");
    Path dataDir = dir == null || dir.isBlank() ? null : StoreConfig.home().resolve(dir);
    LOG.info("config names no external server for postgres={}, redis={}, kafka={}: using embedded ones in {}",
        pg, redis, kafka,
        dataDir == null ? "a temporary directory" : dataDir);
    return DevStack.start(new DevStack.Options(dataDir, pg, redis, kafka, mail, oidc, payments));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
  }
}

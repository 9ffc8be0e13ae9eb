package kstore.edge;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kstore.devstack.DevStack;
import kstore.platform.Cluster;
import kstore.platform.ClusterConfig;
import kstore.platform.StoreConfig;

/**
 * One edge per test JVM: a non-clustered Vert.x with Prometheus metrics (as {@code Cluster.start} builds it), the
 * real PostgreSQL/Redis/Kafka of {@link DevStack#shared()}, a temp storefront folder and a {@link FakeCatalog}.
 */
final class TestStack {
  static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  static final long REQUEST_TIMEOUT_MS = 400;
  static final long HEARTBEAT_MS = 200;
  static final long MAX_BODY_BYTES = 64 * 1024;
  static final String INDEX_HTML = "<!doctype html><html lang=\"en\"><title>K Store test page</title></html>\n";
  static final String APP_CSS = "body { color: #123456; }\n";

  private static TestStack instance;
  private static RuntimeException failure;

  final Vertx vertx;
  final JsonObject conf;
  final FakeCatalog catalog;
  final WebClient client;
  final int port;
  final Path webroot;
  final Path dataDir;

  private TestStack(Vertx vertx, JsonObject conf, FakeCatalog catalog, WebClient client, int port, Path webroot,
                    Path dataDir) {
    this.vertx = vertx;
    this.conf = conf;
    this.catalog = catalog;
    this.client = client;
    this.port = port;
    this.webroot = webroot;
    this.dataDir = dataDir;
  }

  static synchronized TestStack get() {
    if (failure != null) {
      throw failure;
    }
    if (instance == null) {
      try {
        instance = start();
      } catch (RuntimeException | Error e) {
        failure = new IllegalStateException("the edge test stack did not start: " + e.getMessage(), e);
        throw failure;
      }
    }
    instance.catalog.reset();
    return instance;
  }

  private static TestStack start() {
    try {
      Path webroot = TestDirs.create("kstore-edge-webroot");
      Files.writeString(webroot.resolve("index.html"), INDEX_HTML, StandardCharsets.UTF_8);
      Files.writeString(webroot.resolve("app.css"), APP_CSS, StandardCharsets.UTF_8);
      Files.createDirectories(webroot.resolve("js"));
      Files.writeString(webroot.resolve("js/app.js"), "export const app = 'k-store';\n".repeat(100));
      Files.writeString(webroot.resolve(".secret"), "not for browsers");
      Path dataDir = TestDirs.create("kstore-edge-data");

      JsonObject conf = config(webroot, dataDir, new JsonObject());
      Vertx vertx = await(Cluster.start(ClusterConfig.from(conf)));
      FakeCatalog catalog = new FakeCatalog(vertx);
      FakeIdentity.start(vertx);
      EdgeVerticle edge = new EdgeVerticle();
      await(vertx.deployVerticle(edge, new DeploymentOptions().setConfig(conf)));
      WebClient client = WebClient.create(vertx, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(edge.actualPort())
          .setDecompressionSupported(false).setFollowRedirects(false));
      return new TestStack(vertx, conf, catalog, client, edge.actualPort(), webroot, dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The store's default config with the dev stack's servers, a random port and test-friendly timeouts. */
  static JsonObject config(Path webroot, Path dataDir, JsonObject overrides) {
    JsonObject conf = StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()),
        DevStack.shared().config());
    conf = StoreConfig.deepMerge(conf, new JsonObject()
        .put("cluster", new JsonObject().put("enabled", false))
        .put("stack", new JsonObject().put("dataDir", dataDir.toString()))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .put("webroot", webroot.toString()).put("maxBodyBytes", MAX_BODY_BYTES))
        .put("edge", new JsonObject()
            .put("requestTimeoutMs", REQUEST_TIMEOUT_MS)
            .put("healthTimeoutMs", 1_500)
            .put("heartbeatMs", HEARTBEAT_MS)));
    return StoreConfig.deepMerge(conf, overrides);
  }

  /** Another edge on this Vert.x, with its own config overrides; undeploy it when done. */
  record ExtraEdge(String deploymentId, WebClient client) {
  }

  ExtraEdge deployExtra(JsonObject overrides, Path extraDataDir) {
    EdgeVerticle edge = new EdgeVerticle();
    String id = await(vertx.deployVerticle(edge,
        new DeploymentOptions().setConfig(config(webroot, extraDataDir, overrides))));
    return new ExtraEdge(id, WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(edge.actualPort()).setDecompressionSupported(false)));
  }

  void undeploy(ExtraEdge edge) {
    edge.client().close();
    await(vertx.undeploy(edge.deploymentId()));
  }

  HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return client.request(method, uri);
  }

  HttpResponse<Buffer> get(String uri) {
    return send(client.get(uri));
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return await(request.send());
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body) {
    return await(request.sendBuffer(body));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }
}

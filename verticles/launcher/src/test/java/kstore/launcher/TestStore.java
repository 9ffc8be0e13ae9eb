package kstore.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import kstore.devstack.DevStack;
import kstore.platform.StoreConfig;

/**
 * One whole store (edge, catalog, identity; not clustered) per test JVM, on the real embedded servers of
 * {@link DevStack#shared()}: started on first use, stopped by the JVM's shutdown.
 */
final class TestStore {
  static final String ADMIN_EMAIL = "admin@test.kstore.local";
  static final String ADMIN_PASSWORD = "test-admin-" + ProcessHandle.current().pid() + "-password";
  private static Main.Node node;
  private static String adminToken;
  private static long adminTokenAt;

  private TestStore() {
  }

  /** Config pointing at the shared embedded servers, on free ports. */
  static JsonObject config() {
    JsonObject conf = StoreConfig.load(List.of(), Map.of(), Map.of());
    conf = StoreConfig.deepMerge(conf, DevStack.shared().config());
    int port = freePort();
    StoreConfig.set(conf, "http.port", String.valueOf(port));
    StoreConfig.set(conf, "http.publicUrl", "http://127.0.0.1:" + port);
    StoreConfig.set(conf, "admin.email", ADMIN_EMAIL);
    StoreConfig.set(conf, "admin.password", ADMIN_PASSWORD);
    // a refund of an orphan charge that keeps failing stops after 2 attempts 1 s apart, not 12 over 6 hours
    StoreConfig.set(conf, "checkout.orphanRefunds.firstRetrySeconds", "1");
    StoreConfig.set(conf, "checkout.orphanRefunds.maxRetrySeconds", "1");
    StoreConfig.set(conf, "checkout.orphanRefunds.maxAttempts", "2");
    return conf;
  }

  static synchronized Main.Node node() {
    if (node == null) {
      JsonObject conf = config();
      StoreConfig.set(conf, "cluster.enabled", "false");
      try {
        node = Main.start(conf);
      } catch (Exception e) {
        throw new IllegalStateException("the test store did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    }
    return node;
  }

  /** An access token of the admin account (from KSTORE_ADMIN_EMAIL/PASSWORD), signed in through the API. */
  static synchronized String adminToken() {
    if (adminToken == null || System.nanoTime() - adminTokenAt > java.util.concurrent.TimeUnit.MINUTES.toNanos(10)) {
      Http.Response r = Http.postJson(baseUrl() + "/api/v1/auth/login", new JsonObject().put("email", ADMIN_EMAIL)
          .put("password", ADMIN_PASSWORD).put("client", "mobile"));
      if (r.status() != 200) {
        throw new IllegalStateException("admin sign-in failed: " + r.status() + " " + r.body());
      }
      adminToken = r.json().getString("accessToken");
      adminTokenAt = System.nanoTime();
    }
    return adminToken;
  }

  static String baseUrl() {
    return "http://127.0.0.1:" + node().config().getJsonObject("http").getInteger("port");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

package kstore.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import kstore.devstack.DevStack;
import kstore.platform.StoreConfig;

/**
 * One whole store (edge + catalog, not clustered) per test JVM, on the real embedded servers of
 * {@link DevStack#shared()}: started on first use, stopped by the JVM's shutdown.
 */
final class TestStore {
  static final String ADMIN_TOKEN = "test-admin-token-" + ProcessHandle.current().pid();
  private static Main.Node node;

  private TestStore() {
  }

  /** Config pointing at the shared embedded servers, on free ports. */
  static JsonObject config() {
    JsonObject conf = StoreConfig.load(List.of(), Map.of(), Map.of());
    conf = StoreConfig.deepMerge(conf, DevStack.shared().config());
    StoreConfig.set(conf, "http.port", String.valueOf(freePort()));
    StoreConfig.set(conf, "edge.adminToken", ADMIN_TOKEN);
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

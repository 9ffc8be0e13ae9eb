package kstore.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verticles a node can run, by the short name used in config and flags. Verticles are deployed by
 * class name so that Vert.x HA can redeploy them on a surviving node.
 */
final class VerticleNames {
  private VerticleNames() {
  }

  static final Map<String, String> CLASSES = classes();

  private static Map<String, String> classes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("catalog", "kstore.catalog.CatalogVerticle");
    m.put("edge", "kstore.edge.EdgeVerticle");
    m.put("identity", "kstore.identity.IdentityVerticle");
    m.put("checkout", "kstore.checkout.CheckoutVerticle");
    m.put("notifications", "kstore.notifications.NotificationsVerticle");
    return Map.copyOf(m);
  }

  static String classOf(String name) {
    String fqcn = CLASSES.get(name);
    if (fqcn == null) {
      throw new IllegalArgumentException("unknown verticle '" + name + "' in node.verticles; known: "
          + String.join(", ", CLASSES.keySet()));
    }
    return fqcn;
  }
}

package kstore.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * How a node joins the clustered event bus: Hazelcast TCP/IP join on {@code host:port}, with the
 * configured {@code members} (loopback in dev, DNS names of the other nodes in production).
 */
public record ClusterConfig(boolean enabled, String name, String host, int port, boolean portAutoIncrement,
                            List<String> members, int heartbeatSeconds, String haGroup, int quorum) {

  public static ClusterConfig from(JsonObject conf) {
    JsonObject c = StoreConfig.section(conf, "cluster");
    return new ClusterConfig(
        c.getBoolean("enabled", true),
        c.getString("name", "kstore"),
        c.getString("host", "127.0.0.1"),
        c.getInteger("port", 5701),
        c.getBoolean("portAutoIncrement", true),
        members(c.getValue("members")),
        c.getInteger("heartbeatSeconds", 10),
        c.getString("haGroup", "kstore"),
        c.getInteger("quorum", 1));
  }

  private static List<String> members(Object raw) {
    List<String> out = new ArrayList<>();
    if (raw instanceof JsonArray arr) {
      arr.forEach(m -> out.add(String.valueOf(m).trim()));
    } else if (raw instanceof String s) {
      for (String m : s.split(",")) {
        out.add(m.trim());
      }
    } else if (raw != null) {
      throw new IllegalArgumentException("config key 'cluster.members' must be a list or a comma-separated string");
    }
    out.removeIf(String::isEmpty);
    if (out.isEmpty()) {
      out.add("127.0.0.1");
    }
    return List.copyOf(out);
  }
}

package kstore.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line flags of a node, turned into config files and {@code --set} overrides. */
record NodeArgs(List<Path> confFiles, Map<String, String> overrides, Long exitWithParent, boolean help) {

  static final String USAGE = """
      K Store node
        java -jar kstore.jar [options]
      Options:
        --verticles edge=2,catalog=1   verticles and instance counts on this node (default: all, 1 each)
        --http-port N                  HTTP port of the edge (default 8080)
        --cluster-port N               Hazelcast port of this node (default 5701, auto-increments)
        --members h[:p],h[:p]          cluster members to join (default 127.0.0.1)
        --data-dir DIR                 where the embedded PostgreSQL/Redis/Kafka keep data (default data/)
        --conf FILE                    extra JSON config merged over conf/kstore.json (repeatable)
        --set key.path=value           override one config key (repeatable)
        --no-cluster                   plain (non-clustered) event bus
        --exit-with-parent PID         stop when process PID ends (used by tests)
      Environment: see README (KSTORE_PG_HOST, KSTORE_REDIS_URI, KSTORE_KAFKA_BOOTSTRAP, KSTORE_ADMIN_TOKEN, ...)
      """;

  static NodeArgs parse(String[] args) {
    List<Path> files = new ArrayList<>();
    Map<String, String> set = new LinkedHashMap<>();
    Long parent = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> help = true;
        case "--no-cluster" -> set.put("cluster.enabled", "false");
        case "--verticles" -> set.put("node.verticles", verticles(value(args, ++i, a)));
        case "--http-port" -> set.put("http.port", value(args, ++i, a));
        case "--cluster-port" -> set.put("cluster.port", value(args, ++i, a));
        case "--members" -> set.put("cluster.members", value(args, ++i, a));
        case "--data-dir" -> set.put("stack.dataDir", value(args, ++i, a));
        case "--conf" -> files.add(Path.of(value(args, ++i, a)));
        case "--exit-with-parent" -> parent = Long.parseLong(value(args, ++i, a));
        case "--set" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--set needs key.path=value, got: " + kv);
          }
          set.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    return new NodeArgs(files, set, parent, help);
  }

  /** "edge=2,catalog" → {"edge":2,"catalog":1} as JSON text. */
  static String verticles(String spec) {
    StringBuilder json = new StringBuilder("{");
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String name = p;
      int n = 1;
      int eq = p.indexOf('=');
      if (eq > 0) {
        name = p.substring(0, eq);
        n = Integer.parseInt(p.substring(eq + 1));
      }
      VerticleNames.classOf(name);
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(name).append("\":").append(n);
    }
    return json.append('}').toString();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}

package kstore.platform;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the store's configuration once, as one JSON tree, from (later wins):
 * <ol>
 *   <li>{@code conf/kstore.json} — from the store home directory if present, else the copy in the jar;</li>
 *   <li>extra files named by the launcher ({@code --conf file.json}, repeatable);</li>
 *   <li>environment variables in {@link #ENV}, then {@code KSTORE_CONFIG_JSON} (a JSON object);</li>
 *   <li>{@code --set path.to.key=value} overrides from the command line.</li>
 * </ol>
 * Secrets only ever come from the environment (or a file outside the repository).
 */
public final class StoreConfig {
  private StoreConfig() {
  }

  /** Keys whose values are text whatever they look like: secrets, names, addresses (never typed). */
  static final java.util.Set<String> TEXT_KEYS = java.util.Set.of("pg.password", "pg.user", "pg.host",
      "pg.database", "redis.uri", "kafka.bootstrap", "cluster.host", "stack.dataDir", "http.publicUrl",
      "admin.email", "admin.password", "identity.jwtSecret", "smtp.host", "smtp.user", "smtp.password",
      "geoip.database");

  /** Environment variables and the config path each one sets. */
  public static final Map<String, String> ENV = envMap();

  private static Map<String, String> envMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("KSTORE_HTTP_PORT", "http.port");
    m.put("KSTORE_DATA_DIR", "stack.dataDir");
    m.put("KSTORE_PUBLIC_URL", "http.publicUrl");
    m.put("KSTORE_PG_HOST", "pg.host");
    m.put("KSTORE_PG_PORT", "pg.port");
    m.put("KSTORE_PG_DATABASE", "pg.database");
    m.put("KSTORE_PG_USER", "pg.user");
    m.put("KSTORE_PG_PASSWORD", "pg.password");
    m.put("KSTORE_REDIS_URI", "redis.uri");
    m.put("KSTORE_KAFKA_BOOTSTRAP", "kafka.bootstrap");
    m.put("KSTORE_CLUSTER_HOST", "cluster.host");
    m.put("KSTORE_CLUSTER_PORT", "cluster.port");
    m.put("KSTORE_CLUSTER_MEMBERS", "cluster.members");
    m.put("KSTORE_VERTICLES", "node.verticles");
    m.put("KSTORE_ADMIN_EMAIL", "admin.email");
    m.put("KSTORE_ADMIN_PASSWORD", "admin.password");
    m.put("KSTORE_IDENTITY_JWT_SECRET", "identity.jwtSecret");
    m.put("KSTORE_SMTP_HOST", "smtp.host");
    m.put("KSTORE_SMTP_PORT", "smtp.port");
    m.put("KSTORE_SMTP_USER", "smtp.user");
    m.put("KSTORE_SMTP_PASSWORD", "smtp.password");
    m.put("KSTORE_GEOIP_DATABASE", "geoip.database");
    return Map.copyOf(m);
  }

  /** The store home: {@code -Dkstore.home}, else {@code KSTORE_HOME}, else the working directory. */
  public static Path home() {
    String home = System.getProperty("kstore.home", System.getenv("KSTORE_HOME"));
    return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
  }

  /** The full configuration: defaults, extra files, environment, then {@code --set} overrides. */
  public static JsonObject load(List<Path> extraFiles, Map<String, String> env, Map<String, String> overrides) {
    JsonObject conf = readDefaults();
    for (Path file : extraFiles) {
      conf = deepMerge(conf, readFile(file));
    }
    for (Map.Entry<String, String> e : ENV.entrySet()) {
      String value = env.get(e.getKey());
      if (value != null && !value.isBlank()) {
        if (TEXT_KEYS.contains(e.getValue())) {
          setText(conf, e.getValue(), value);
        } else {
          set(conf, e.getValue(), value);
        }
      }
    }
    String json = env.get("KSTORE_CONFIG_JSON");
    if (json != null && !json.isBlank()) {
      conf = deepMerge(conf, parse(json, "KSTORE_CONFIG_JSON"));
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      set(conf, e.getKey(), e.getValue());
    }
    return conf;
  }

  /** Reads a text resource from the store home if present there, else from the classpath. */
  public static String readText(String relativePath) {
    Path onDisk = home().resolve(relativePath);
    try {
      if (Files.isRegularFile(onDisk)) {
        return Files.readString(onDisk, StandardCharsets.UTF_8);
      }
      try (InputStream in = StoreConfig.class.getClassLoader().getResourceAsStream(relativePath)) {
        if (in == null) {
          throw new IllegalStateException("config file " + relativePath + " is neither in " + home() + " nor on the classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relativePath, e);
    }
  }

  private static JsonObject readDefaults() {
    return parse(readText("conf/kstore.json"), "conf/kstore.json");
  }

  private static JsonObject readFile(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static JsonObject parse(String json, String source) {
    try {
      return new JsonObject(json);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("config " + source + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Sets a dotted path from text: numbers, booleans and JSON arrays/objects are typed, except for
   * {@link #TEXT_KEYS} (a password "007" stays "007"); bad JSON fails naming the key.
   */
  public static void set(JsonObject conf, String dottedPath, String raw) {
    parent(conf, dottedPath).put(leaf(dottedPath), TEXT_KEYS.contains(dottedPath) ? raw : typed(dottedPath, raw));
  }

  /** Sets a dotted path to exactly this text. */
  public static void setText(JsonObject conf, String dottedPath, String raw) {
    parent(conf, dottedPath).put(leaf(dottedPath), raw);
  }

  private static String leaf(String dottedPath) {
    return dottedPath.substring(dottedPath.lastIndexOf('.') + 1);
  }

  private static JsonObject parent(JsonObject conf, String dottedPath) {
    String[] parts = dottedPath.split("\\.");
    JsonObject node = conf;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      } else if (!(child instanceof JsonObject)) {
        throw new IllegalArgumentException("config key '" + dottedPath + "': '" + parts[i] + "' is not an object");
      }
      node = (JsonObject) child;
    }
    return node;
  }

  private static Object typed(String key, String raw) {
    String v = raw.trim();
    try {
      if (v.startsWith("{")) {
        return new JsonObject(v);
      }
      if (v.startsWith("[")) {
        return new io.vertx.core.json.JsonArray(v);
      }
    } catch (DecodeException e) {
      throw new IllegalArgumentException("config key '" + key + "' is not valid JSON: " + e.getMessage(), e);
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    if (v.matches("-?\\d{1,18}")) {
      return Long.parseLong(v);
    }
    return v;
  }

  /** Objects merge key by key; everything else is replaced. Neither input is changed. */
  public static JsonObject deepMerge(JsonObject base, JsonObject over) {
    JsonObject out = base.copy();
    for (String key : over.fieldNames()) {
      Object o = over.getValue(key);
      Object b = out.getValue(key);
      if (o instanceof JsonObject oo && b instanceof JsonObject bo) {
        out.put(key, deepMerge(bo, oo));
      } else {
        out.put(key, o instanceof JsonObject oo2 ? oo2.copy() : o instanceof io.vertx.core.json.JsonArray a ? a.copy() : o);
      }
    }
    return out;
  }

  /** A required section, failing fast with the key's name. */
  public static JsonObject section(JsonObject conf, String key) {
    Object v = conf.getValue(key);
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject o)) {
      throw new IllegalArgumentException("config key '" + key + "' must be an object");
    }
    return o;
  }
}

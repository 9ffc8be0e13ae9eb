package kstore.edge;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import kstore.platform.StoreConfig;

/**
 * The edge's settings, read once from the sections {@code http}, {@code edge} and {@code stack}.
 *
 * @param webroot         the storefront folder; {@code null} means "home/webroot if present, else the jar's"
 * @param authCacheSeconds how long an edge instance keeps the principal of a bearer access token; 0: never
 */
public record EdgeConfig(String host, int port, long maxBodyBytes, boolean tls, String publicUrl, Path webroot,
                         int idleTimeoutSeconds, int maxHeaderSize, int maxInitialLineLength, int compressionLevel,
                         boolean trustCountryHeader, String countryHeader, long requestTimeoutMs,
                         long healthTimeoutMs, long heartbeatMs, boolean clusterExpected, Path geoipDatabase,
                         boolean trustForwardedFor, Path downloadsDir, int authCacheSeconds) {

  public static EdgeConfig from(JsonObject conf) {
    JsonObject http = StoreConfig.section(conf, "http");
    JsonObject edge = StoreConfig.section(conf, "edge");
    JsonObject cluster = StoreConfig.section(conf, "cluster");
    return new EdgeConfig(
        string(http, "http.host", "host", "0.0.0.0"),
        (int) range(http, "http.port", "port", 8080, 0, 65_535),
        range(http, "http.maxBodyBytes", "maxBodyBytes", 1_048_576, 1, Integer.MAX_VALUE),
        bool(http, "http.tls", "tls", false),
        string(http, "http.publicUrl", "publicUrl", null),
        path(string(http, "http.webroot", "webroot", null)),
        (int) range(http, "http.idleTimeoutSeconds", "idleTimeoutSeconds", 60, 1, 3_600),
        (int) range(http, "http.maxHeaderSize", "maxHeaderSize", 8_192, 1_024, 65_536),
        (int) range(http, "http.maxInitialLineLength", "maxInitialLineLength", 4_096, 256, 65_536),
        (int) range(http, "http.compressionLevel", "compressionLevel", 6, 1, 9),
        bool(edge, "edge.trustCountryHeader", "trustCountryHeader", false),
        string(edge, "edge.countryHeader", "countryHeader", "X-Country"),
        range(edge, "edge.requestTimeoutMs", "requestTimeoutMs", 5_000, 1, 120_000),
        range(edge, "edge.healthTimeoutMs", "healthTimeoutMs", 2_000, 1, 60_000),
        range(edge, "edge.heartbeatMs", "heartbeatMs", 5_000, 100, 3_600_000),
        bool(cluster, "cluster.enabled", "enabled", true),
        path(string(StoreConfig.section(conf, "geoip"), "geoip.database", "database", null)),
        bool(edge, "edge.trustForwardedFor", "trustForwardedFor", false),
        downloads(string(edge, "edge.downloadsDir", "downloadsDir", null)),
        // short on purpose: it is how long a lost principal-changed event can leave a revoked token working
        (int) range(edge, "edge.authCacheSeconds", "authCacheSeconds", 10, 0, 60));
  }

  private static String string(JsonObject section, String key, String field, String fallback) {
    Object v = section.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("config key '" + key + "' must be a string");
    }
    return s;
  }

  private static boolean bool(JsonObject section, String key, String field, boolean fallback) {
    Object v = section.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException("config key '" + key + "' must be true or false");
    }
    return b;
  }

  private static long range(JsonObject section, String key, String field, long fallback, long min, long max) {
    Object v = section.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw new IllegalArgumentException("config key '" + key + "' must be a whole number");
    }
    long value = n.longValue();
    if (value < min || value > max) {
      throw new IllegalArgumentException("config key '" + key + "' must be between " + min + " and " + max);
    }
    return value;
  }

  /** Where game files are served from; default: a folder in the system temp dir (demo installers only). */
  private static Path downloads(String raw) {
    Path configured = path(raw);
    return configured != null ? configured
        : Path.of(System.getProperty("java.io.tmpdir"), "kstore-downloads");
  }

  /** Relative paths are relative to the store home, like every other file the store reads. */
  private static Path path(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Path p = Path.of(raw);
    return (p.isAbsolute() ? p : StoreConfig.home().resolve(p)).normalize();
  }
}

package kstore.catalog;

import io.vertx.core.json.JsonObject;
import kstore.platform.StoreConfig;

/**
 * The {@code catalog} section of the store configuration, parsed once with defaults.
 *
 * @param seedEnabled    import the demo catalog on first start
 * @param seedFile       the Steam CSV (gzip) on the classpath or under the store home
 * @param titlesFile     localized titles (TSV); optional
 * @param synonymsFile   Solr-format synonyms, read with {@link StoreConfig#readText}; optional
 * @param indexRefreshMs how often applied changes become searchable (and due boundaries are checked)
 * @param maintenanceMs  how often each node catches up on changes it may have missed
 * @param relayMs        outbox relay interval
 * @param indexName      instances with the same name in one JVM share one index; null = one per database
 */
public record CatalogConfig(boolean seedEnabled, String seedFile, String titlesFile, String synonymsFile,
                            long indexRefreshMs, long maintenanceMs, long relayMs, String indexName) {

  public static CatalogConfig from(JsonObject conf) {
    JsonObject c = StoreConfig.section(conf, "catalog");
    JsonObject seed = StoreConfig.section(c, "seed");
    return new CatalogConfig(
        seed.getBoolean("enabled", true),
        seed.getString("file", "seed/steam-store-games.csv.gz"),
        seed.getString("titles", "seed/titles-i18n.tsv"),
        c.getString("synonyms", "conf/synonyms.txt"),
        positive(c, "indexRefreshMs", 200),
        positive(c, "maintenanceMs", 60_000),
        positive(c, "relayMs", 1_000),
        c.getString("indexName"));
  }

  private static long positive(JsonObject c, String key, long fallback) {
    Object v = c.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.longValue() < 10) {
      throw new IllegalArgumentException("config key 'catalog." + key + "' must be a number of milliseconds >= 10");
    }
    return n.longValue();
  }
}

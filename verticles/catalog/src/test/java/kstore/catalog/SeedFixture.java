package kstore.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kstore.platform.Regions;
import kstore.platform.StoreConfig;

/** The real demo catalog, built once per test JVM without PostgreSQL: the index search tests run on. */
final class SeedFixture {
  private SeedFixture() {
  }

  /** The instant the fixture catalog was "imported" and is searched at. */
  static final Instant NOW = Instant.parse("2026-03-02T10:15:00Z");

  private static volatile CatalogIndex index;
  private static volatile List<Game> games;

  static Regions regions() {
    return Regions.load();
  }

  static synchronized List<SteamCsv.Row> rows() {
    try (InputStream in = SeedFixture.class.getClassLoader().getResourceAsStream("seed/steam-store-games.csv.gz")) {
      return SteamCsv.readGzip(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<Long, Map<String, String>> titles() {
    try (InputStream in = SeedFixture.class.getClassLoader().getResourceAsStream("seed/titles-i18n.tsv")) {
      return in == null ? Map.of() : SteamCsv.readTitles(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized List<Game> games() {
    if (games == null) {
      games = SeedCatalog.build(rows(), titles(), NOW);
    }
    return games;
  }

  static synchronized CatalogIndex index() {
    if (index == null) {
      CatalogIndex i = new CatalogIndex(new CatalogAnalyzers(StoreConfig.readText("conf/synonyms.txt")),
          new RegionPolicy(regions()), regions());
      i.load(games(), NOW);
      index = i;
    }
    return index;
  }
}

package kstore.catalog;

import java.time.Instant;
import java.util.List;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Cold timings and heap cost of reading the seed and building the index, one JVM; run with -Dkstore.bench=true. */
@EnabledIfSystemProperty(named = "kstore.bench", matches = "true")
class StartupBench {
  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  @DisplayName("cold timings and heap: parse the seed, build the catalog, load analyzers, index it")
  void startup() {
    long h0 = usedAfterGc();
    long t0 = System.nanoTime();
    List<SteamCsv.Row> rows = SeedFixture.rows();
    long t1 = System.nanoTime();
    long h1 = usedAfterGc();
    List<Game> games = SeedCatalog.build(rows, SeedFixture.titles(), Instant.now());
    long t2 = System.nanoTime();
    long h2 = usedAfterGc();
    CatalogAnalyzers analyzers = new CatalogAnalyzers(StoreConfig.readText("conf/synonyms.txt"));
    for (String f : new String[] {CatalogFields.TITLE_KO, CatalogFields.TITLE_JA, CatalogFields.TITLE_ZH}) {
      analyzers.warmUp(f);
    }
    long t3 = System.nanoTime();
    long h3 = usedAfterGc();
    CatalogIndex index = new CatalogIndex(analyzers, new RegionPolicy(SeedFixture.regions()), SeedFixture.regions());
    long t4 = System.nanoTime();
    index.load(games, Instant.now());
    long t5 = System.nanoTime();
    long h4 = usedAfterGc();
    System.out.printf("cold: csv %d ms, catalog %d ms, analyzers + dictionaries %d ms, index %d ms%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t5 - t4) / 1_000_000);
    System.out.printf("heap: csv rows %d MiB, games %d MiB, analyzers %d MiB, index + maps %d MiB (Lucene files %d KiB)%n",
        (h1 - h0) >> 20, (h2 - h1) >> 20, (h3 - h2) >> 20, (h4 - h3) >> 20, index.indexBytes() >> 10);
    for (int i = 0; i < 2; i++) {
      CatalogIndex again = new CatalogIndex(analyzers, new RegionPolicy(SeedFixture.regions()), SeedFixture.regions());
      long a = System.nanoTime();
      again.load(games, Instant.now());
      System.out.printf("warm index build %d ms%n", (System.nanoTime() - a) / 1_000_000);
      again.close();
    }
    index.close();
  }
}

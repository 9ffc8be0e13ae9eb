package kstore.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kstore.platform.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the demo catalog once per database. Any number of instances on any number of nodes may
 * start together: the import runs in one transaction under a PostgreSQL advisory lock and ends by
 * writing a marker row, so the first one imports and the others find the marker and skip.
 */
final class SeedImporter {
  private static final Logger LOG = LoggerFactory.getLogger(SeedImporter.class);
  static final String MARKER = "steam-store-games-v1";
  private static final int BATCH = 2_500;

  private final Vertx vertx;
  private final CatalogRepository repository;
  private final CatalogConfig config;

  SeedImporter(Vertx vertx, CatalogRepository repository, CatalogConfig config) {
    this.vertx = vertx;
    this.repository = repository;
    this.config = config;
  }

  /** Imports when no marker exists yet; returns how many games this call imported (0 = already there). */
  Future<Integer> importOnce() {
    if (!config.seedEnabled()) {
      return Future.succeededFuture(0);
    }
    return repository.seeded(MARKER).compose(done -> {
      if (done) {
        return Future.succeededFuture(0);
      }
      long started = System.nanoTime();
      long[] parsed = new long[1];
      Instant importedAt = Instant.now();
      return vertx.executeBlocking(() -> build(importedAt), false)
          .onSuccess(games -> parsed[0] = System.nanoTime())
          .compose(games -> repository.pool().withTransaction(tx -> repository.lockSeed(tx)
              .compose(v -> repository.seeded(tx, MARKER))
              .compose(already -> already ? Future.succeededFuture(0)
                  : repository.bulkInsert(tx, games, "seed", BATCH)
                      .compose(v -> repository.markSeeded(tx, MARKER, games.size(), config.seedFile()))
                      .map(v -> games.size()))))
          .onSuccess(n -> {
            if (n > 0) {
              LOG.info("imported the demo catalog: {} games in {} ms (read and priced in {} ms, "
                  + "written in {} ms)", n, (System.nanoTime() - started) / 1_000_000,
                  (parsed[0] - started) / 1_000_000, (System.nanoTime() - parsed[0]) / 1_000_000);
            }
          });
    });
  }

  private List<Game> build(Instant importedAt) {
    List<SteamCsv.Row> rows;
    try (InputStream in = open(config.seedFile())) {
      if (in == null) {
        throw new IllegalStateException("config key 'catalog.seed.file': " + config.seedFile()
            + " is neither under the store home nor on the classpath");
      }
      rows = SteamCsv.readGzip(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + config.seedFile(), e);
    }
    Map<Long, Map<String, String>> titles = Map.of();
    try (InputStream in = open(config.titlesFile())) {
      if (in == null) {
        LOG.info("no localized titles file {}: games keep their English titles only",
            config.titlesFile());
      } else {
        titles = SteamCsv.readTitles(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + config.titlesFile(), e);
    }
    return SeedCatalog.build(rows, titles, importedAt);
  }

  /** A file under the store home if present, else the classpath resource; null when neither exists. */
  static InputStream open(String path) throws IOException {
    if (path == null || path.isBlank()) {
      return null;
    }
    Path onDisk = StoreConfig.home().resolve(path);
    if (Files.isRegularFile(onDisk)) {
      return Files.newInputStream(onDisk);
    }
    return SeedImporter.class.getClassLoader().getResourceAsStream(path);
  }
}

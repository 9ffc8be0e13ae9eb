package kstore.catalog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.platform.KafkaConfig;
import kstore.platform.OutboxRelay;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.Regions;
import kstore.platform.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Wiring of the catalog: migrations, the one-time seed import, the JVM's shared index, the event-bus
 * addresses of {@link CatalogAddresses}, the outbox relay and the timers that keep the index true.
 */
public final class CatalogVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogVerticle.class);
  private static final int STREAM_CHUNK = 2_000;

  private Pool pool;
  private SharedCatalog shared;
  private OutboxRelay relay;
  private CatalogRepository repository;
  private CatalogConfig config;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    config = CatalogConfig.from(conf);
    Regions regions = Regions.load();
    PriceTiers.requireColumns(regions.currencies().keySet());
    PgConfig pg = PgConfig.from(conf);
    pool = Pg.pool(vertx, pg);
    repository = new CatalogRepository(pool);
    RegionPolicy policy = new RegionPolicy(regions);
    String synonyms = readSynonyms(config.synonymsFile());
    return Pg.migrate(vertx, pg, "catalog")
        .compose(n -> new SeedImporter(vertx, repository, config).importOnce())
        .compose(n -> repository.fillMissingTierPrices().onSuccess(added -> {
          if (added > 0) {
            LOG.info("{} tier prices added in currencies the stored games had none in", added);
          }
        }))
        .compose(n -> SharedCatalog.acquire(config.indexName() == null ? pg.jdbcUrl() : config.indexName(),
            () -> build(synonyms, policy, regions)))
        .compose(s -> {
          shared = s;
          wire(regions, policy, KafkaConfig.from(conf));
          return Future.succeededFuture();
        });
  }

  private static String readSynonyms(String file) {
    try {
      return StoreConfig.readText(file);
    } catch (RuntimeException e) {
      LOG.warn("no synonyms ({}): search runs without them", e.getMessage());
      return "";
    }
  }

  /**
   * Builds this JVM's index from PostgreSQL: games stream in by chunks and each chunk is indexed on a
   * worker while the next is read; the language dictionaries load meanwhile.
   */
  private Future<CatalogIndex> build(String synonyms, RegionPolicy policy, Regions regions) {
    long started = System.nanoTime();
    Future<CatalogAnalyzers> analyzers = vertx.executeBlocking(() -> new CatalogAnalyzers(synonyms), false);
    List<Future<?>> warmUps = new ArrayList<>();
    for (String field : List.of(CatalogFields.TITLE_KO, CatalogFields.TITLE_JA, CatalogFields.TITLE_ZH)) {
      warmUps.add(analyzers.compose(a -> vertx.executeBlocking(() -> {
        a.warmUp(field);
        return null;
      }, false)));
    }
    long[] read = new long[1];
    return analyzers.compose(a -> {
      CatalogIndex index = new CatalogIndex(a, policy, regions);
      Instant now = Instant.now();
      return repository.streamAll(STREAM_CHUNK, chunk -> vertx.executeBlocking(() -> {
            index.addAll(chunk, now);
            return null;
          }, true))
          .onSuccess(n -> read[0] = System.nanoTime())
          .compose(n -> Future.all(warmUps))
          .compose(v -> vertx.executeBlocking(() -> {
            index.refresh();
            long built = System.nanoTime();
            LOG.info("catalog index ready in {} ms: {} games streamed from PostgreSQL and indexed "
                    + "in {} ms; index {} KiB, {} synonym rules", (built - started) / 1_000_000, index.size(),
                (read[0] - started) / 1_000_000, index.indexBytes() / 1024, a.synonymRules());
            return index;
          }, false));
    });
  }

  private void wire(Regions regions, RegionPolicy policy, KafkaConfig kafka) {
    CatalogIndex index = shared.index();
    synchronized (shared) {
      if (shared.caughtUpTo.equals(Instant.EPOCH)) {
        shared.caughtUpTo = index.games().stream().map(Game::updatedAt).max(Instant::compareTo).orElse(Instant.now());
        // Boundaries may have passed while the index was built: the first tick checks every game.
        shared.nextBoundary.set(0);
      }
    }
    if (kafka.configured()) {
      relay = new OutboxRelay(vertx, pool, kafka, "catalog").start(config.relayMs());
    } else {
      LOG.warn("config key 'kafka.bootstrap' is not set: catalog events stay in catalog.outbox until it is");
    }
    CatalogService service = new CatalogService(vertx, shared, regions, policy, repository);
    CatalogAdmin admin = new CatalogAdmin(vertx, repository, regions, service, this::applyLocally, () -> {
      if (relay != null) {
        relay.kick();
      }
    });
    handle(CatalogAddresses.SEARCH, (m, b) -> service.search(b));
    handle(CatalogAddresses.GET, (m, b) -> service.get(b));
    handle(CatalogAddresses.SUGGEST, (m, b) -> service.suggest(b));
    handle(CatalogAddresses.HOME, (m, b) -> service.home(b));
    handle(CatalogAddresses.PING, (m, b) -> Future.succeededFuture(service.ping()));
    handle(CatalogAddresses.ADMIN_CREATE, (m, b) -> admin.create(b, m.headers()));
    handle(CatalogAddresses.ADMIN_UPDATE, (m, b) -> admin.update(b, m.headers()));
    handle(CatalogAddresses.ADMIN_AUDIT, (m, b) -> admin.audit(b, m.headers()));
    consumers.add(vertx.eventBus().<Object>consumer(CatalogAddresses.EVENTS_GAME_CHANGED, this::onGameChanged));
    vertx.setPeriodic(config.indexRefreshMs(), t -> tick());
    vertx.setPeriodic(config.maintenanceMs(), t -> catchUp());
  }

  private void handle(String address, BiFunction<Message<Object>, JsonObject, Future<JsonObject>> handler) {
    consumers.add(vertx.eventBus().<Object>consumer(address, msg -> {
      Future<JsonObject> reply;
      try {
        JsonObject body = msg.body() instanceof JsonObject j ? j : null;
        reply = handler.apply(msg, body);
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(msg::reply).onFailure(err -> fail(msg, address, err));
    }));
  }

  private static void fail(Message<?> msg, String address, Throwable err) {
    if (err instanceof InvalidRequest invalid) {
      msg.fail(invalid.code().failureCode(), invalid.getMessage());
    } else if (err instanceof ReplyException rex && rex.failureCode() >= ErrorCode.VALIDATION.failureCode()) {
      msg.fail(rex.failureCode(), rex.getMessage());
    } else {
      try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", msg.headers().get(Headers.REQUEST_ID))) {
        LOG.error("{} failed", address, err);
      }
      msg.fail(ErrorCode.INTERNAL.failureCode(), "the catalog could not answer; try again");
    }
  }

  /** A change committed here: index it now (the caller may search next), and skip our own event later. */
  private Future<Void> applyLocally(Game game, String eventId) {
    shared.firstSight(eventId);
    CatalogIndex index = shared.index();
    return vertx.executeBlocking(() -> {
      Instant now = Instant.now();
      index.apply(game, now);
      index.refresh();
      shared.noteBoundary(Lifecycle.nextBoundary(game, now));
      return null;
    }, false);
  }

  /** Another instance changed a game: every instance hears it, the first one in this JVM re-reads and indexes it. */
  private void onGameChanged(Message<Object> msg) {
    if (!(msg.body() instanceof JsonObject envelope) || !CatalogAdmin.EVENT_TYPE.equals(envelope.getString("type"))) {
      return;
    }
    String eventId = envelope.getString("id");
    JsonObject data = envelope.getJsonObject("data");
    Long id = data == null ? null : data.getLong("id");
    if (eventId == null || id == null || !shared.firstSight(eventId)) {
      return;
    }
    reload(List.of(id)).onFailure(err -> LOG.warn("could not re-index game {} after event {}: {}", id,
        eventId, err.getMessage()));
  }

  private Future<Void> reload(List<Long> ids) {
    CatalogIndex index = shared.index();
    return repository.load(ids).compose(games -> vertx.executeBlocking(() -> {
      Instant now = Instant.now();
      for (Game g : games) {
        if (index.apply(g, now)) {
          shared.noteBoundary(Lifecycle.nextBoundary(g, now));
        }
      }
      index.refresh(); // searchable now, not at the next tick: the contract allows a second in all
      return null;
    }, false));
  }

  /** Makes applied changes searchable and re-indexes games whose release or discount boundary passed. */
  private void tick() {
    if (!shared.busy.compareAndSet(false, true)) {
      return;
    }
    CatalogIndex index = shared.index();
    boolean due = System.currentTimeMillis() >= shared.nextBoundary.get();
    if (!due && !index.pending()) {
      shared.busy.set(false);
      return;
    }
    vertx.executeBlocking(() -> {
      Instant now = Instant.now();
      if (due) {
        shared.nextBoundary.set(Long.MAX_VALUE);
        int n = index.reindexDue(now);
        shared.noteBoundary(index.nextBoundary(now));
        if (n > 0) {
          LOG.info("re-indexed {} games whose release or discount boundary passed", n);
        }
      }
      index.refresh();
      return null;
    }, false).onComplete(ar -> {
      shared.busy.set(false);
      if (ar.failed()) {
        LOG.warn("index refresh failed: {}", ar.cause().getMessage());
      }
    });
  }

  /** Re-reads games changed in the database since the last look: covers events this node missed. */
  private void catchUp() {
    long nowMs = System.currentTimeMillis();
    long last = shared.lastCatchUp.get();
    if (nowMs - last < config.maintenanceMs() / 2 || !shared.lastCatchUp.compareAndSet(last, nowMs)) {
      return;
    }
    CatalogIndex index = shared.index();
    repository.changedSince(shared.caughtUpTo.minusSeconds(5)).compose(stamps -> {
      List<Long> stale = new ArrayList<>();
      Instant newest = shared.caughtUpTo;
      for (CatalogRepository.Stamp s : stamps) {
        Game known = index.get(s.id());
        if (known == null || known.version() < s.version()) {
          stale.add(s.id());
        }
        if (s.updatedAt().isAfter(newest)) {
          newest = s.updatedAt();
        }
      }
      shared.caughtUpTo = newest;
      if (!stale.isEmpty()) {
        LOG.info("catching up on {} games changed without an event reaching this node",
            stale.size());
      }
      return stale.isEmpty() ? Future.succeededFuture() : reload(stale);
    }).onFailure(err -> LOG.warn("catalog catch-up failed: {}", err.getMessage()));
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>();
    for (MessageConsumer<?> c : consumers) {
      closing.add(c.unregister());
    }
    if (relay != null) {
      closing.add(relay.stop());
    }
    return Future.join(closing).eventually(() -> {
      if (shared != null) {
        shared.release();
      }
      return pool == null ? Future.succeededFuture() : pool.close();
    });
  }
}

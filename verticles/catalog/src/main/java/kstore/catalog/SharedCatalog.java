package kstore.catalog;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One catalog index per JVM (per database), shared by every catalog verticle instance in it and
 * reference-counted: the first instance builds it, the last one to stop closes it. Also de-duplicates
 * change events, which every instance receives.
 */
final class SharedCatalog {
  private static final Map<String, SharedCatalog> BY_KEY = new HashMap<>();
  private static final int REMEMBERED_EVENTS = 10_000;

  private final String key;
  private final Future<CatalogIndex> ready;
  private int references;
  private final Map<String, Boolean> seenEvents = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_EVENTS;
    }
  };
  /** One refresh/reindex at a time, whichever instance's timer fires. */
  final AtomicBoolean busy = new AtomicBoolean();
  /** Epoch millis of the next release or discount boundary (Long.MAX_VALUE: none). */
  final AtomicLong nextBoundary = new AtomicLong(Long.MAX_VALUE);
  /** Epoch millis of the last catch-up with the database, shared so instances do not all repeat it. */
  final AtomicLong lastCatchUp = new AtomicLong();
  volatile Instant caughtUpTo = Instant.EPOCH;

  private SharedCatalog(String key, Future<CatalogIndex> ready) {
    this.key = key;
    this.ready = ready;
  }

  /** The JVM's catalog for {@code key}, built by {@code build} if nobody has built it yet. */
  static synchronized Future<SharedCatalog> acquire(String key, Supplier<Future<CatalogIndex>> build) {
    SharedCatalog shared = BY_KEY.get(key);
    if (shared == null) {
      Promise<CatalogIndex> promise = Promise.promise();
      shared = new SharedCatalog(key, promise.future());
      BY_KEY.put(key, shared);
      SharedCatalog created = shared;
      build.get().onComplete(ar -> {
        if (ar.failed()) {
          synchronized (SharedCatalog.class) {
            if (BY_KEY.get(key) == created) {
              BY_KEY.remove(key);
            }
          }
        }
        promise.handle(ar);
      });
    }
    shared.references++;
    SharedCatalog result = shared;
    return shared.ready.map(index -> result);
  }

  /** The JVM's catalog for {@code key} if one is built (diagnostics and tests). */
  static synchronized SharedCatalog peek(String key) {
    SharedCatalog shared = BY_KEY.get(key);
    return shared != null && shared.ready.succeeded() ? shared : null;
  }

  /** Drops one reference; the last one closes the index. */
  void release() {
    boolean last;
    synchronized (SharedCatalog.class) {
      references--;
      last = references <= 0;
      if (last && BY_KEY.get(key) == this) {
        BY_KEY.remove(key);
      }
    }
    if (last && ready.succeeded()) {
      ready.result().close();
    }
  }

  CatalogIndex index() {
    return ready.result();
  }

  /** True the first time an event id is seen in this JVM. */
  synchronized boolean firstSight(String eventId) {
    return seenEvents.put(eventId, Boolean.TRUE) == null;
  }

  void noteBoundary(Instant next) {
    long millis = next == null ? Long.MAX_VALUE : next.toEpochMilli();
    nextBoundary.accumulateAndGet(millis, Math::min);
  }
}

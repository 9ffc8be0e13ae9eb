package kstore.catalog;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.devstack.DevStack;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One catalog instance on the dev stack, cold: seed import and index build times (see the log), then
 * search and suggest over the event bus with 32 requests in flight. Run with -Dkstore.bench=true.
 */
@EnabledIfSystemProperty(named = "kstore.bench", matches = "true")
class ServiceBench {
  private static final String[] QUERIES = {"wichter 3", "witcher", "위쳐", "cod", "gta 5", "csgo", "pubg", "portal",
      "half life", "dark souls", "zombie survival", "skyrim", "counter strike", "racing", "farm", "巫师", "ウィッチャー",
      "puzzle platformer", "space", "football manager", "strategy", "horror", "lego", "tomb raider", "batman"};
  private static final String[] PREFIXES = {"w", "wi", "wit", "por", "half", "call of", "위", "dar", "sta", "ga", "batm",
      "tom", "fal", "doo", "rock"};

  @Test
  @DisplayName("cold start of one instance, then search and suggest latencies at 32 requests in flight")
  void bench() throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject config = StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()), DevStack.shared().config());
    long t0 = System.nanoTime();
    vertx.deployVerticle(CatalogVerticle.class.getName(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    System.out.printf("deployed (migrate + seed import + index build) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    CatalogRepository repo = new CatalogRepository(kstore.platform.Pg.pool(vertx, kstore.platform.PgConfig.from(config)));
    for (int i = 0; i < 3; i++) {
      long r0 = System.nanoTime();
      int n = repo.loadAll().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).size();
      System.out.printf("loadAll again: %d games in %d ms%n", n, (System.nanoTime() - r0) / 1_000_000);
    }
    List<JsonObject> searches = new ArrayList<>();
    String[] countries = {"US", "KR", "JP", "DE", "BR", "CN"};
    for (int i = 0; i < QUERIES.length; i++) {
      searches.add(new JsonObject().put("q", QUERIES[i]).put("country", countries[i % countries.length]));
    }
    searches.add(new JsonObject().put("country", "US"));
    searches.add(new JsonObject().put("country", "KR").put("genre", "Action").put("sort", "price_asc"));
    searches.add(new JsonObject().put("country", "JP").put("onSale", true));
    List<JsonObject> suggests = new ArrayList<>();
    for (String p : PREFIXES) {
      suggests.add(new JsonObject().put("q", p).put("country", "US").put("size", 8));
    }
    // Warm up the JIT, then measure: first the uncached mix (varied pages), then the repeating mix.
    run(vertx, CatalogAddresses.SEARCH, searches, 3_000, true);
    run(vertx, CatalogAddresses.SUGGEST, suggests, 3_000, false);
    report("search, varied (mostly uncached)", run(vertx, CatalogAddresses.SEARCH, searches, 3_000, true));
    report("search, repeated (cached)", run(vertx, CatalogAddresses.SEARCH, searches, 3_000, false));
    report("suggest", run(vertx, CatalogAddresses.SUGGEST, suggests, 3_000, false));
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static long[] run(Vertx vertx, String address, List<JsonObject> bodies, int total, boolean varyPages)
      throws Exception {
    long[] latencies = new long[total];
    AtomicInteger next = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
    for (int worker = 0; worker < 32; worker++) {
      vertx.runOnContext(v -> loop(vertx, address, bodies, varyPages, latencies, next, finished, done, options));
    }
    done.future().toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    return latencies;
  }

  private static void loop(Vertx vertx, String address, List<JsonObject> bodies, boolean varyPages, long[] latencies,
                           AtomicInteger next, AtomicInteger finished, Promise<Void> done, DeliveryOptions options) {
    int i = next.getAndIncrement();
    if (i >= latencies.length) {
      if (finished.incrementAndGet() == 32) {
        done.tryComplete();
      }
      return;
    }
    JsonObject body = bodies.get(i % bodies.size()).copy();
    if (varyPages) {
      body.put("page", 1 + (i / bodies.size()) % 40).put("size", 10 + (i % 3));
    }
    long start = System.nanoTime();
    Future<Object> reply = vertx.eventBus().request(address, body, options).map(m -> m.body());
    reply.onComplete(ar -> {
      latencies[i] = System.nanoTime() - start;
      loop(vertx, address, bodies, varyPages, latencies, next, finished, done, options);
    });
  }

  private static void report(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf("%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", what, s.length,
        s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
  }
}

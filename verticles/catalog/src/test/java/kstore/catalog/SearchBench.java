package kstore.catalog;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** A quick local timing of search and suggest on the real seed; run with -Dkstore.bench=true. */
@EnabledIfSystemProperty(named = "kstore.bench", matches = "true")
class SearchBench {
  private static final String[] QUERIES = {"wichter 3", "witcher", "위쳐", "cod", "gta 5", "csgo", "pubg", "portal",
      "half life", "dark souls", "zombie survival", "skyrim", "counter strike", "racing", "farm", "巫师", "ウィッチャー",
      "puzzle platformer", "space", "football manager"};
  private static final String[] PREFIXES = {"w", "wi", "wit", "por", "half", "call of", "위", "dar", "sta", "ga"};

  @Test
  @DisplayName("search and suggest latencies on the real seed (uncached, one thread)")
  void latencies() {
    CatalogIndex index = SeedFixture.index();
    var regions = SeedFixture.regions();
    List<SearchRequest> requests = new ArrayList<>();
    for (String q : QUERIES) {
      requests.add(SearchRequest.parse(new JsonObject().put("q", q).put("country", "KR"), regions));
    }
    requests.add(SearchRequest.parse(new JsonObject().put("country", "US"), regions));
    requests.add(SearchRequest.parse(new JsonObject().put("country", "US").put("genre", "Action").put("sort", "price_asc"), regions));
    requests.add(SearchRequest.parse(new JsonObject().put("country", "JP").put("onSale", true).put("size", 48), regions));
    for (int i = 0; i < 30; i++) {
      for (SearchRequest r : requests) {
        index.searchUncached(r, regions.of(r.country()).currency());
      }
      for (String p : PREFIXES) {
        index.suggest(p + "\u0000" + i, "US", 10);
      }
    }
    long[] search = new long[requests.size() * 20];
    int n = 0;
    for (int i = 0; i < 20; i++) {
      for (SearchRequest r : requests) {
        long t = System.nanoTime();
        index.searchUncached(r, regions.of(r.country()).currency());
        search[n++] = System.nanoTime() - t;
      }
    }
    long[] suggest = new long[PREFIXES.length * 50];
    n = 0;
    for (int i = 0; i < 50; i++) {
      for (String p : PREFIXES) {
        long t = System.nanoTime();
        index.suggest(p + " ".repeat(i % 7), "US", 10 - (i % 3) - (i / 7) % 5);
        suggest[n++] = System.nanoTime() - t;
      }
    }
    report("search (uncached)", search);
    for (SearchRequest r : requests) {
      long[] one = new long[15];
      for (int i = 0; i < one.length; i++) {
        long t = System.nanoTime();
        index.searchUncached(r, regions.of(r.country()).currency());
        one[i] = System.nanoTime() - t;
      }
      Arrays.sort(one);
      System.out.printf("  %-40s median %.2f ms%n", r.q() + " " + r.genres() + r.onSale(), one[one.length / 2] / 1e6);
    }
    report("suggest (uncached)", suggest);
    long[] cached = new long[requests.size() * 20];
    n = 0;
    for (int i = 0; i < 20; i++) {
      for (SearchRequest r : requests) {
        long t = System.nanoTime();
        index.search(r, regions.of(r.country()).currency());
        cached[n++] = System.nanoTime() - t;
      }
    }
    report("search (cached)", cached);
    System.out.printf("index bytes %d%n", index.indexBytes());
    SearchRequest r = SearchRequest.parse(new JsonObject().put("q", "witcher").put("country", "KR"), regions);
    var hits = index.search(SearchRequest.parse(new JsonObject().put("country", "KR").put("size", 24), regions), "KRW");
    var region = regions.of("KR");
    long[] render = new long[2000];
    long[] copy = new long[2000];
    long[] encode = new long[2000];
    for (int i = 0; i < render.length; i++) {
      long t = System.nanoTime();
      io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
      for (long id : hits.ids()) {
        Game g = index.get(id);
        items.add(GameJson.summary(g, "ko", region, java.time.Instant.now(),
            index.highlighter().highlight(g.title("ko"), r.q() == null ? null : QueryText.of("witcher", index.analyzers()), false)));
      }
      JsonObject out = new JsonObject().put("items", items).put("facets", hits.facets());
      long t2 = System.nanoTime();
      JsonObject copied = out.copy();
      long t3 = System.nanoTime();
      copied.encode();
      long t4 = System.nanoTime();
      render[i] = t2 - t;
      copy[i] = t3 - t2;
      encode[i] = t4 - t3;
    }
    report("render 24 items", render);
    report("copy reply", copy);
    report("encode reply", encode);
  }

  private static void report(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf("%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", what, s.length,
        s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
  }
}

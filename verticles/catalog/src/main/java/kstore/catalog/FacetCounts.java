package kstore.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Facet counts (genre, tag, platform, price band) over every document a query matched, counted in
 * the same pass that collects the top hits. Each segment's facet values are unpacked once into flat
 * arrays (a browse over the whole catalog then costs a few array reads per game, not doc-values
 * iteration); the arrays live as long as the segment.
 */
final class FacetCounts {
  static final int MAX_GENRES = 30;
  static final int MAX_TAGS = 30;

  final Map<String, Integer> genre = new HashMap<>();
  final Map<String, Integer> tag = new HashMap<>();
  final Map<String, Integer> platform = new HashMap<>();
  final int[] band = new int[PriceTiers.BANDS.size()];
  long total;

  JsonObject toJson() {
    JsonArray bands = new JsonArray();
    for (int i = 0; i < band.length; i++) {
      bands.add(new JsonObject().put("value", PriceTiers.BANDS.get(i)).put("count", band[i]));
    }
    return new JsonObject()
        .put("genre", top(genre, MAX_GENRES))
        .put("tag", top(tag, MAX_TAGS))
        .put("platform", top(platform, 3))
        .put("priceBand", bands);
  }

  private static JsonArray top(Map<String, Integer> counts, int max) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> a.getValue().equals(b.getValue())
        ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
    JsonArray out = new JsonArray();
    for (int i = 0; i < entries.size() && i < max; i++) {
      out.add(new JsonObject().put("value", entries.get(i).getKey()).put("count", entries.get(i).getValue()));
    }
    return out;
  }

  /** One facet dimension of one segment: document d holds {@code ords[start[d] .. start[d+1])}. */
  private record Dimension(String[] values, int[] start, int[] ords) {
    static Dimension of(LeafReader reader, String field) throws IOException {
      SortedSetDocValues dv = DocValues.getSortedSet(reader, field);
      String[] values = new String[(int) dv.getValueCount()];
      for (int o = 0; o < values.length; o++) {
        values[o] = dv.lookupOrd(o).utf8ToString();
      }
      int maxDoc = reader.maxDoc();
      int[] start = new int[maxDoc + 1];
      int[] ords = new int[Math.max(16, maxDoc * 2)];
      int n = 0;
      for (int doc = 0; doc < maxDoc; doc++) {
        start[doc] = n;
        if (dv.advanceExact(doc)) {
          for (int i = dv.docValueCount(); i > 0; i--) {
            if (n == ords.length) {
              ords = java.util.Arrays.copyOf(ords, ords.length * 2);
            }
            ords[n++] = (int) dv.nextOrd();
          }
        }
      }
      start[maxDoc] = n;
      return new Dimension(values, start, java.util.Arrays.copyOf(ords, n));
    }

    void count(int doc, int[] counts) {
      for (int i = start[doc], end = start[doc + 1]; i < end; i++) {
        counts[ords[i]]++;
      }
    }

    void addTo(int[] counts, Map<String, Integer> into) {
      for (int o = 0; o < counts.length; o++) {
        if (counts[o] > 0) {
          into.merge(values[o], counts[o], Integer::sum);
        }
      }
    }
  }

  /** The unpacked facet values of one segment. */
  private record Segment(Dimension genre, Dimension tag, Dimension platform, byte[] band) {
    static Segment of(LeafReader reader) throws IOException {
      NumericDocValues bandDv = DocValues.getNumeric(reader, CatalogFields.BAND_DV);
      byte[] band = new byte[reader.maxDoc()];
      java.util.Arrays.fill(band, (byte) -1);
      for (int doc = bandDv.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = bandDv.nextDoc()) {
        band[doc] = (byte) bandDv.longValue();
      }
      return new Segment(Dimension.of(reader, CatalogFields.F_GENRE), Dimension.of(reader, CatalogFields.F_TAG),
          Dimension.of(reader, CatalogFields.F_PLATFORM), band);
    }
  }

  /** Unpacked segments by segment core; an entry goes when its segment closes. */
  private static final Map<Object, Segment> SEGMENTS = new ConcurrentHashMap<>();

  private static Segment segment(LeafReader reader) {
    IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
    if (helper == null) {
      try {
        return Segment.of(reader);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return SEGMENTS.computeIfAbsent(helper.getKey(), key -> {
      helper.addClosedListener(SEGMENTS::remove);
      try {
        return Segment.of(reader);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Loads the facet arrays of every segment of a fresh searcher, so no query pays for it. */
  static void prepare(IndexReader reader) {
    for (LeafReaderContext leaf : reader.leaves()) {
      segment(leaf.reader());
    }
  }

  private record LeafCounts(Segment segment, int[] genre, int[] tag, int[] platform) {
  }

  static final class Counter implements Collector {
    private final List<LeafCounts> leaves = new ArrayList<>();
    private final int[] band = new int[PriceTiers.BANDS.size()];
    private long total;

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) {
      Segment s = segment(context.reader());
      LeafCounts lc = new LeafCounts(s, new int[s.genre().values().length], new int[s.tag().values().length],
          new int[s.platform().values().length]);
      leaves.add(lc);
      return new LeafCollector() {
        @Override
        public void setScorer(Scorable scorer) {
        }

        @Override
        public void collect(int doc) {
          total++;
          s.genre().count(doc, lc.genre());
          s.tag().count(doc, lc.tag());
          s.platform().count(doc, lc.platform());
          int b = s.band()[doc];
          if (b >= 0) {
            band[b]++;
          }
        }
      };
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }

  static final class Manager implements CollectorManager<Counter, FacetCounts> {
    @Override
    public Counter newCollector() {
      return new Counter();
    }

    @Override
    public FacetCounts reduce(Collection<Counter> collectors) {
      FacetCounts out = new FacetCounts();
      for (Counter c : collectors) {
        out.total += c.total;
        for (int i = 0; i < out.band.length; i++) {
          out.band[i] += c.band[i];
        }
        for (LeafCounts lc : c.leaves) {
          lc.segment().genre().addTo(lc.genre(), out.genre);
          lc.segment().tag().addTo(lc.tag(), out.tag);
          lc.segment().platform().addTo(lc.platform(), out.platform);
        }
      }
      return out;
    }
  }
}

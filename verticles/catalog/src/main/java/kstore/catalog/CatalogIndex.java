package kstore.catalog;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import kstore.contracts.catalog.CatalogLimits;
import kstore.contracts.catalog.GameStatus;
import kstore.contracts.catalog.SortKey;
import kstore.platform.Regions;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * The catalog in memory: every game by id and slug, and a Lucene index over them for search, facets
 * and suggestions. Thread-safe plain Java (no event loop, no I/O): the verticle calls it from worker
 * threads. Writes become searchable at {@link #refresh()}.
 *
 * <p>Time-dependent facts (effective status, price now, on sale) are indexed as of the moment a
 * game was indexed; {@link #reindexDue(Instant)} re-indexes games whose release or discount boundary
 * has passed since.
 */
public final class CatalogIndex implements AutoCloseable {
  private static final FieldType TITLE_TYPE = new FieldType();
  private static final FieldType PREFIX_TYPE = new FieldType();

  static {
    TITLE_TYPE.setTokenized(true);
    TITLE_TYPE.setOmitNorms(true);
    TITLE_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    TITLE_TYPE.freeze();
    PREFIX_TYPE.setTokenized(true);
    PREFIX_TYPE.setOmitNorms(true);
    PREFIX_TYPE.setIndexOptions(IndexOptions.DOCS);
    PREFIX_TYPE.freeze();
  }

  private static final int CACHE_LIMIT = 4_096;

  private final CatalogAnalyzers analyzers;
  private final RegionPolicy policy;
  private final Regions regions;
  private final List<String> currencies;
  private final List<String> priceFields;
  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final TitleHighlighter highlighter;
  private final Map<Long, Game> games = new ConcurrentHashMap<>();
  private final Map<String, Long> slugs = new ConcurrentHashMap<>();
  private final Map<Long, String> indexedState = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final Map<String, Cached<?>> cache = new ConcurrentHashMap<>();
  private volatile boolean dirty;
  private volatile HomeRailsAt rails;

  private record Cached<T>(long generation, T value) {
  }

  private record HomeRailsAt(long generation, long minute, HomeRails rails) {
  }

  /** One page of a search: the ids in order, the total and facets over all matches. */
  public record Hits(long total, List<Long> ids, JsonObject facets, String correctedQuery, QueryText query) {
  }

  /** An empty index pricing games in every currency of {@code regions} (as each is charged: whole units or not). */
  public CatalogIndex(CatalogAnalyzers analyzers, RegionPolicy policy, Regions regions) {
    this.analyzers = analyzers;
    this.policy = policy;
    this.regions = regions;
    this.currencies = List.copyOf(regions.currencies().keySet());
    this.priceFields = this.currencies.stream().map(CatalogFields::priceDv).toList();
    this.highlighter = new TitleHighlighter(analyzers.text());
    try {
      // One flush at the end of the build: a single segment, no merges.
      IndexWriterConfig config = new IndexWriterConfig(analyzers.indexing())
          .setRAMBufferSizeMB(256)
          .setCommitOnClose(false)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
      this.writer = new IndexWriter(directory, config);
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- writes

  /** Indexes every game (the initial build) and makes them searchable. */
  public void load(Collection<Game> all, Instant now) {
    addAll(all, now);
    refresh();
  }

  /** Indexes a batch of games without making them searchable yet (the initial build streams batches in). */
  public synchronized void addAll(Collection<Game> batch, Instant now) {
    // Documents are built and analysed on all cores: IndexWriter takes concurrent adds.
    batch.parallelStream().forEach(g -> put(g, now));
    dirty = true;
  }

  /**
   * Applies a stored version of a game; older versions than the one held are ignored (events may
   * arrive late or twice). Returns true when the game changed.
   */
  public synchronized boolean apply(Game g, Instant now) {
    Game old = games.get(g.id());
    if (old != null && (old.version() > g.version()
        || (old.version() == g.version() && old.updatedAt().equals(g.updatedAt())))) {
      return false;
    }
    put(g, now);
    dirty = true;
    return true;
  }

  private void put(Game g, Instant now) {
    Game old = games.put(g.id(), g);
    if (old != null && !old.slug().equals(g.slug())) {
      slugs.remove(old.slug(), old.id());
    }
    slugs.put(g.slug(), g.id());
    try {
      if (old == null) {
        writer.addDocument(document(g, now));
      } else {
        writer.updateDocument(new Term(CatalogFields.ID, Long.toString(g.id())), document(g, now));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    indexedState.put(g.id(), Lifecycle.stateKey(g, now));
  }

  /** True when applied changes wait for {@link #refresh()}. */
  public boolean pending() {
    return dirty;
  }

  /** Makes pending writes searchable; returns true when something was refreshed. */
  public boolean refresh() {
    if (!dirty) {
      return false;
    }
    dirty = false;
    try {
      searchers.maybeRefreshBlocking();
      IndexSearcher searcher = searchers.acquire();
      try {
        FacetCounts.prepare(searcher.getIndexReader());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      dirty = true;
      throw new UncheckedIOException(e);
    }
    generation.incrementAndGet();
    cache.clear();
    return true;
  }

  /** Re-indexes games whose status or running discount changed by the passing of time; returns how many. */
  public synchronized int reindexDue(Instant now) {
    int n = 0;
    for (Game g : games.values()) {
      if (!Lifecycle.stateKey(g, now).equals(indexedState.get(g.id()))) {
        put(g, now);
        n++;
      }
    }
    if (n > 0) {
      dirty = true;
    }
    return n;
  }

  /** The earliest instant after {@code now} at which some game changes status or price by itself. */
  public Instant nextBoundary(Instant now) {
    Instant next = null;
    for (Game g : games.values()) {
      Instant b = Lifecycle.nextBoundary(g, now);
      if (b != null && (next == null || b.isBefore(next))) {
        next = b;
      }
    }
    return next;
  }

  Document document(Game g, Instant now) {
    Document doc = new Document();
    doc.add(new StringField(CatalogFields.ID, Long.toString(g.id()), Field.Store.NO));
    doc.add(new NumericDocValuesField(CatalogFields.ID_DV, g.id()));
    Map<String, String> keys = new HashMap<>(8);
    for (Map.Entry<String, String> t : g.titles().entrySet()) {
      String title = t.getValue();
      doc.add(new Field(CatalogFields.TITLE, title, TITLE_TYPE));
      doc.add(new Field(CatalogFields.SUGGEST, title, PREFIX_TYPE));
      String key = CatalogAnalyzers.titleKey(title);
      if (!key.isEmpty() && !keys.containsValue(key)) {
        doc.add(new StringField(CatalogFields.TITLE_KEY, key, Field.Store.NO));
      }
      keys.put(t.getKey(), key);
      switch (t.getKey()) {
        case "ko" -> doc.add(new Field(CatalogFields.TITLE_KO, title, TITLE_TYPE));
        case "ja" -> doc.add(new Field(CatalogFields.TITLE_JA, title, TITLE_TYPE));
        case "zh" -> doc.add(new Field(CatalogFields.TITLE_ZH, title, TITLE_TYPE));
        default -> {
        }
      }
    }
    doc.add(new TextField(CatalogFields.PEOPLE, g.developer() + "\n" + g.publisher(), Field.Store.NO));
    doc.add(new TextField(CatalogFields.TAGTEXT, String.join("\n", g.genres()) + "\n" + String.join("\n", g.tags()),
        Field.Store.NO));
    facet(doc, CatalogFields.GENRE, CatalogFields.F_GENRE, g.genres());
    facet(doc, CatalogFields.TAG, CatalogFields.F_TAG, g.tags());
    facet(doc, CatalogFields.PLATFORM, CatalogFields.F_PLATFORM, g.platforms());

    GameStatus status = Lifecycle.effectiveStatus(g, now);
    doc.add(new StringField(CatalogFields.STATUS, status.wire(), Field.Store.NO));
    long release = g.releaseAt().toEpochMilli();
    doc.add(new LongPoint(CatalogFields.RELEASE, release));
    doc.add(new NumericDocValuesField(CatalogFields.RELEASE_DV, release));
    boolean onSale = false;
    for (int c = 0; c < currencies.size(); c++) {
      String currency = currencies.get(c);
      Pricing.Quote quote = Pricing.quote(g, currency, regions.digits(currency), regions.chargeUnit(currency), now);
      if (quote != null) {
        doc.add(new NumericDocValuesField(priceFields.get(c), quote.amount()));
        onSale |= quote.discountPercent() > 0;
      }
    }
    if (onSale) {
      doc.add(new StringField(CatalogFields.ON_SALE, "1", Field.Store.NO));
    }
    if (g.priceTierUsd() != null && g.priced() && status != GameStatus.ANNOUNCED) {
      int band = PriceTiers.BANDS.indexOf(PriceTiers.band(g.priceTierUsd()));
      doc.add(new NumericDocValuesField(CatalogFields.BAND_DV, band));
    }
    if (g.serviceCountries() == null) {
      doc.add(new StringField(CatalogFields.SOLD_IN, "*", Field.Store.NO));
    } else {
      for (String c : g.serviceCountries()) {
        doc.add(new StringField(CatalogFields.SOLD_IN, c, Field.Store.NO));
      }
    }
    for (String c : g.blockedCountries()) {
      doc.add(new StringField(CatalogFields.BLOCKED_IN, c, Field.Store.NO));
    }
    doc.add(new DoubleDocValuesField(CatalogFields.POPULARITY, g.popularity()));
    doc.add(new DoubleDocValuesField(CatalogFields.RATING, g.ratingScore()));
    String enKey = keys.get("en");
    for (int l = 0; l < CatalogLimits.LANGUAGES.size(); l++) {
      String key = keys.getOrDefault(CatalogLimits.LANGUAGES.get(l), enKey);
      doc.add(new SortedDocValuesField(NAME_FIELDS.get(l), new BytesRef(nameKey(key == null ? "" : key))));
    }
    return doc;
  }

  private static void facet(Document doc, String filterField, String facetField, List<String> values) {
    for (String v : values) {
      doc.add(new StringField(filterField, v.toLowerCase(Locale.ROOT), Field.Store.NO));
      doc.add(new SortedSetDocValuesField(facetField, new BytesRef(v)));
    }
  }

  private static String nameKey(String key) {
    return key.length() > 200 ? key.substring(0, 200) : key;
  }

  private static final List<String> NAME_FIELDS = CatalogLimits.LANGUAGES.stream().map(CatalogFields::name).toList();

  // ---------------------------------------------------------------- reads

  public Game get(long id) {
    return games.get(id);
  }

  public Game bySlug(String slug) {
    Long id = slugs.get(slug);
    return id == null ? null : games.get(id);
  }

  public Collection<Game> games() {
    return games.values();
  }

  public int size() {
    return games.size();
  }

  public long generation() {
    return generation.get();
  }

  public TitleHighlighter highlighter() {
    return highlighter;
  }

  public CatalogAnalyzers analyzers() {
    return analyzers;
  }

  /** Bytes held by the Lucene index (the game objects come on top). */
  public long indexBytes() {
    long bytes = writer.ramBytesUsed();
    try {
      for (String file : directory.listAll()) {
        bytes += directory.fileLength(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /** The home rails, re-ranked when the catalog changes or a minute passes. */
  public HomeRails rails(Instant now) {
    long minute = now.getEpochSecond() / 60;
    HomeRailsAt r = rails;
    if (r == null || r.generation() != generation.get() || r.minute() != minute) {
      r = new HomeRailsAt(generation.get(), minute, HomeRails.rank(games.values(), now));
      rails = r;
    }
    return r.rails();
  }

  /** Runs a search (or returns the cached hits of an identical one on the same index generation). */
  @SuppressWarnings("unchecked")
  public Hits search(SearchRequest r, String currency) {
    String key = "s\u0002" + r.cacheKey(currency);
    long gen = generation.get();
    Cached<?> c = cache.get(key);
    if (c != null && c.generation() == gen) {
      return (Hits) c.value();
    }
    Hits hits = searchUncached(r, currency);
    remember(key, gen, hits);
    return hits;
  }

  private void remember(String key, long gen, Object value) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(key, new Cached<>(gen, value));
  }

  Hits searchUncached(SearchRequest r, String currency) {
    QueryText text = r.q() == null ? null : QueryText.of(r.q(), analyzers);
    if (text != null && text.isEmpty()) {
      text = null;
    }
    Query filter = filter(r, currency);
    SortKey sortKey = text == null && r.sort() == SortKey.RELEVANCE ? SortKey.RATING_DESC : r.sort();
    Sort sort = sort(sortKey, currency, r.lang());
    int window = r.page() * r.size();
    IndexSearcher searcher = acquire();
    try {
      IndexReader reader = searcher.getIndexReader();
      Result res = run(searcher, text == null ? null : textQuery(text, true, reader), filter, sort, window);
      if (text != null && res.total() == 0 && text.tokens().size() > 1) {
        res = run(searcher, textQuery(text, false, reader), filter, sort, window);
      }
      String corrected = text == null ? null : correction(searcher.getIndexReader(), text);
      List<Long> ids = new ArrayList<>(r.size());
      ScoreDoc[] docs = res.top().scoreDocs;
      for (int i = (r.page() - 1) * r.size(); i < docs.length; i++) {
        ids.add(idOf(searcher, docs[i].doc));
      }
      return new Hits(res.total(), List.copyOf(ids), res.facets().toJson(), corrected, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      release(searcher);
    }
  }

  private record Result(long total, TopDocs top, FacetCounts facets) {
  }

  private Result run(IndexSearcher searcher, Query text, Query filter, Sort sort, int window) throws IOException {
    Query query;
    if (text == null) {
      query = new ConstantScoreQuery(filter);
    } else {
      Query scored = FunctionScoreQuery.boostByValue(text,
          DoubleValuesSource.fromDoubleField(CatalogFields.POPULARITY));
      query = new BooleanQuery.Builder().add(scored, Occur.MUST).add(filter, Occur.FILTER).build();
    }
    Object[] out;
    if (sort == null) {
      out = searcher.search(query, new MultiCollectorManager(
          new TopScoreDocCollectorManager(window, null, Integer.MAX_VALUE, false), new FacetCounts.Manager()));
    } else {
      out = searcher.search(query, new MultiCollectorManager(
          new TopFieldCollectorManager(sort, window, null, Integer.MAX_VALUE, false), new FacetCounts.Manager()));
    }
    FacetCounts facets = (FacetCounts) out[1];
    return new Result(facets.total, (TopDocs) out[0], facets);
  }

  /** What decides whether a game is listed for this request: country, filters (never the text). */
  Query filter(SearchRequest r, String currency) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (!policy.operatesIn(r.country())) {
      return new MatchNoDocsQuery("service unavailable in " + r.country());
    }
    b.add(new BooleanQuery.Builder()
        .add(new TermQuery(new Term(CatalogFields.SOLD_IN, "*")), Occur.SHOULD)
        .add(new TermQuery(new Term(CatalogFields.SOLD_IN, r.country())), Occur.SHOULD)
        .build(), Occur.FILTER);
    b.add(new TermQuery(new Term(CatalogFields.BLOCKED_IN, r.country())), Occur.MUST_NOT);
    for (String genre : r.genres()) {
      b.add(new TermQuery(new Term(CatalogFields.GENRE, genre.toLowerCase(Locale.ROOT))), Occur.FILTER);
    }
    for (String tag : r.tags()) {
      b.add(new TermQuery(new Term(CatalogFields.TAG, tag.toLowerCase(Locale.ROOT))), Occur.FILTER);
    }
    if (!r.platforms().isEmpty()) {
      b.add(anyOf(CatalogFields.PLATFORM, r.platforms()), Occur.FILTER);
    }
    if (!r.statuses().isEmpty()) {
      b.add(anyOf(CatalogFields.STATUS, r.statuses().stream().map(GameStatus::wire).toList()), Occur.FILTER);
    }
    if (Boolean.TRUE.equals(r.onSale())) {
      b.add(new TermQuery(new Term(CatalogFields.ON_SALE, "1")), Occur.FILTER);
    } else if (Boolean.FALSE.equals(r.onSale())) {
      b.add(new TermQuery(new Term(CatalogFields.ON_SALE, "1")), Occur.MUST_NOT);
    }
    if (!r.priceBands().isEmpty()) {
      BooleanQuery.Builder bands = new BooleanQuery.Builder();
      for (String band : r.priceBands()) {
        bands.add(NumericDocValuesField.newSlowExactQuery(CatalogFields.BAND_DV, PriceTiers.BANDS.indexOf(band)),
            Occur.SHOULD);
      }
      b.add(bands.build(), Occur.FILTER);
    }
    if (r.priceMin() != null || r.priceMax() != null) {
      // A doc-values range: cheap enough for a catalog this size and no points per currency to index.
      b.add(NumericDocValuesField.newSlowRangeQuery(CatalogFields.priceDv(currency),
          r.priceMin() == null ? 0 : r.priceMin(), r.priceMax() == null ? Long.MAX_VALUE : r.priceMax()), Occur.FILTER);
    }
    if (r.releasedFrom() != null || r.releasedTo() != null) {
      long from = r.releasedFrom() == null ? Long.MIN_VALUE
          : r.releasedFrom().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      long to = r.releasedTo() == null ? Long.MAX_VALUE
          : r.releasedTo().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
      b.add(LongPoint.newRangeQuery(CatalogFields.RELEASE, from, to), Occur.FILTER);
    }
    return b.build();
  }

  private static Query anyOf(String field, List<String> values) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String v : values) {
      any.add(new TermQuery(new Term(field, v)), Occur.SHOULD);
    }
    return any.build();
  }

  static Sort sort(SortKey key, String currency, String lang) {
    SortField byId = new SortField(CatalogFields.ID_DV, SortField.Type.LONG);
    SortField byPopularity = new SortField(CatalogFields.POPULARITY, SortField.Type.DOUBLE, true);
    switch (key) {
      case RELEVANCE:
        return null;
      case RELEASE_DESC:
        return new Sort(new SortField(CatalogFields.RELEASE_DV, SortField.Type.LONG, true), byPopularity, byId);
      case RELEASE_ASC:
        return new Sort(new SortField(CatalogFields.RELEASE_DV, SortField.Type.LONG), byPopularity, byId);
      case PRICE_ASC: {
        SortField price = new SortField(CatalogFields.priceDv(currency), SortField.Type.LONG);
        price.setMissingValue(Long.MAX_VALUE);
        return new Sort(price, byPopularity, byId);
      }
      case PRICE_DESC: {
        SortField price = new SortField(CatalogFields.priceDv(currency), SortField.Type.LONG, true);
        price.setMissingValue(Long.MIN_VALUE);
        return new Sort(price, byPopularity, byId);
      }
      case NAME_ASC:
        return new Sort(new SortField(CatalogFields.name(lang), SortField.Type.STRING), byId);
      case RATING_DESC:
      default:
        return new Sort(new SortField(CatalogFields.RATING, SortField.Type.DOUBLE, true), byPopularity, byId);
    }
  }

  /**
   * The text part of a search. Any of these may match (then popularity multiplies the score):
   * the whole title exactly; the words as a phrase; all words with synonyms; all words each in
   * the title (typos allowed by length), as a prefix (last word), in developer/publisher or tags;
   * all words in the Korean, Japanese or Chinese title under that language's analyzer. When
   * nothing matches all words, {@code strict=false} accepts games matching some of them.
   */
  Query textQuery(QueryText text, boolean strict, IndexReader reader) throws IOException {
    Occur each = strict ? Occur.MUST : Occur.SHOULD;
    BooleanQuery.Builder top = new BooleanQuery.Builder();
    String key = CatalogAnalyzers.titleKey(text.raw());
    if (!key.isEmpty()) {
      top.add(new BoostQuery(new TermQuery(new Term(CatalogFields.TITLE_KEY, key)), 8f), Occur.SHOULD);
    }
    QueryBuilder synonyms = new QueryBuilder(analyzers.query());
    synonyms.setAutoGenerateMultiTermSynonymsPhraseQuery(true);
    Query all = synonyms.createBooleanQuery(CatalogFields.TITLE, text.raw(), each);
    if (all != null) {
      top.add(new BoostQuery(all, 2f), Occur.SHOULD);
    }
    if (text.tokens().size() > 1) {
      Query phrase = new QueryBuilder(analyzers.text()).createPhraseQuery(CatalogFields.TITLE, text.raw(), 1);
      if (phrase != null) {
        top.add(new BoostQuery(phrase, 2f), Occur.SHOULD);
      }
    }
    BooleanQuery.Builder words = new BooleanQuery.Builder();
    List<String> tokens = text.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      words.add(wordQuery(tokens.get(i), i == tokens.size() - 1, reader), each);
    }
    top.add(words.build(), Occur.SHOULD);
    for (String field : CatalogAnalyzers.languageFields(text.raw())) {
      Query q = new QueryBuilder(analyzers.forLanguageField(field)).createBooleanQuery(field, text.raw(), each);
      if (q != null) {
        top.add(new BoostQuery(q, 1.5f), Occur.SHOULD);
      }
    }
    return top.build();
  }

  /**
   * One word: in a title (exact, or within its allowed edits), as a title-word prefix, in people or
   * tags. A word several titles contain is no typo: one edit (plurals, variants) is enough for it.
   */
  private static Query wordQuery(String token, boolean last, IndexReader reader) throws IOException {
    BooleanQuery.Builder w = new BooleanQuery.Builder();
    Term exact = new Term(CatalogFields.TITLE, token);
    w.add(new TermQuery(exact), Occur.SHOULD);
    int edits = QueryText.maxEdits(token);
    if (edits > 1 && reader.docFreq(exact) >= 3) {
      edits = 1;
    }
    if (edits > 0) {
      FuzzyQuery typo = new FuzzyQuery(new Term(CatalogFields.TITLE, token), edits, QueryText.prefixLength(token),
          30, true);
      w.add(new BoostQuery(typo, 0.7f), Occur.SHOULD);
    }
    if (last) {
      w.add(new BoostQuery(new ConstantScoreQuery(prefixOf(token)), 0.5f), Occur.SHOULD);
    }
    w.add(new BoostQuery(new TermQuery(new Term(CatalogFields.PEOPLE, token)), 0.6f), Occur.SHOULD);
    w.add(new BoostQuery(new TermQuery(new Term(CatalogFields.TAGTEXT, token)), 0.4f), Occur.SHOULD);
    return w.build();
  }

  /** Title words starting with {@code token}: an indexed edge n-gram, or a prefix query past the longest one. */
  private static Query prefixOf(String token) {
    if (token.length() <= CatalogAnalyzers.MAX_PREFIX) {
      return new TermQuery(new Term(CatalogFields.SUGGEST, token));
    }
    return new PrefixQuery(new Term(CatalogFields.TITLE, token));
  }

  /** "Did you mean": each word no title, developer, publisher or tag contains, replaced by the nearest title word. */
  String correction(IndexReader reader, QueryText text) throws IOException {
    if (text.expanded().size() > new HashSet<>(text.tokens()).size()) {
      return null; // a synonym understood the text: nothing to correct
    }
    List<String> out = new ArrayList<>(text.tokens().size());
    boolean changed = false;
    DirectSpellChecker spell = null;
    for (String t : text.tokens()) {
      String replacement = t;
      if (!CatalogAnalyzers.isCjk(t) && t.length() >= 4 && !t.chars().allMatch(Character::isDigit)
          && reader.docFreq(new Term(CatalogFields.TITLE, t)) == 0
          && reader.docFreq(new Term(CatalogFields.PEOPLE, t)) == 0
          && reader.docFreq(new Term(CatalogFields.TAGTEXT, t)) == 0) {
        if (spell == null) {
          spell = new DirectSpellChecker();
          spell.setMaxEdits(2);
          spell.setMinPrefix(0);
        }
        SuggestWord[] s = spell.suggestSimilar(new Term(CatalogFields.TITLE, t), 1, reader,
            SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
        if (s.length > 0) {
          replacement = s[0].string;
          changed = true;
        }
      }
      out.add(replacement);
    }
    return changed ? String.join(" ", out) : null;
  }

  /** Autocomplete: games whose title words start with the typed words, most popular first; typos as a fallback. */
  @SuppressWarnings("unchecked")
  public List<Long> suggest(String q, String country, int size) {
    String key = "g\u0002" + q + "\u0001" + country + "\u0001" + size;
    long gen = generation.get();
    Cached<?> c = cache.get(key);
    if (c != null && c.generation() == gen) {
      return (List<Long>) c.value();
    }
    List<Long> ids = suggestUncached(QueryText.of(q, analyzers), country, size);
    remember(key, gen, ids);
    return ids;
  }

  private List<Long> suggestUncached(QueryText text, String country, int size) {
    if (text.isEmpty()) {
      return List.of();
    }
    SearchRequest where = new SearchRequest(null, "en", country, 1, size, SortKey.RELEVANCE, List.of(), List.of(),
        List.of(), List.of(), List.of(), null, null, null, null, null);
    Query filter = filter(where, "USD");
    BooleanQuery.Builder prefix = new BooleanQuery.Builder();
    for (String t : text.tokens()) {
      prefix.add(prefixOf(t), Occur.FILTER);
    }
    prefix.add(filter, Occur.FILTER);
    Sort byPopularity = new Sort(new SortField(CatalogFields.POPULARITY, SortField.Type.DOUBLE, true),
        new SortField(CatalogFields.ID_DV, SortField.Type.LONG));
    IndexSearcher searcher = acquire();
    try {
      TopDocs top = searcher.search(prefix.build(),
          new TopFieldCollectorManager(byPopularity, size, null, size, false));
      LinkedHashMap<Long, Boolean> ids = new LinkedHashMap<>();
      for (ScoreDoc d : top.scoreDocs) {
        ids.put(idOf(searcher, d.doc), true);
      }
      if (ids.size() < size && text.tokens().stream().anyMatch(t -> QueryText.maxEdits(t) > 0)) {
        Query tolerant = new BooleanQuery.Builder()
            .add(FunctionScoreQuery.boostByValue(textQuery(text, true, searcher.getIndexReader()),
                DoubleValuesSource.fromDoubleField(CatalogFields.POPULARITY)), Occur.MUST)
            .add(filter, Occur.FILTER).build();
        for (ScoreDoc d : searcher.search(tolerant, size * 2).scoreDocs) {
          if (ids.size() >= size) {
            break;
          }
          ids.putIfAbsent(idOf(searcher, d.doc), true);
        }
      }
      return List.copyOf(ids.keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      release(searcher);
    }
  }

  private static long idOf(IndexSearcher searcher, int doc) throws IOException {
    var leaves = searcher.getIndexReader().leaves();
    var leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    NumericDocValues ids = leaf.reader().getNumericDocValues(CatalogFields.ID_DV);
    if (ids == null || !ids.advanceExact(doc - leaf.docBase)) {
      throw new IllegalStateException("document without id");
    }
    return ids.longValue();
  }

  private IndexSearcher acquire() {
    try {
      return searchers.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void release(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.rollback();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

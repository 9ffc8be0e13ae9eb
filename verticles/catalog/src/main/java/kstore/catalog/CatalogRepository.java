package kstore.catalog;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import kstore.contracts.catalog.GameStatus;

/** All SQL of the catalog schema. Every statement is prepared, with {@code $n} parameters. */
public final class CatalogRepository {
  /** Separates list items inside one text value of a bulk insert (never part of a name or tag). */
  private static final String SEP = "\u001f";

  private static final String GAME_COLUMNS = "g.id, g.slug, g.description, g.developer, g.publisher, g.genres, g.tags, "
      + "g.categories, g.platforms, g.age_rating, g.release_at, g.status, g.price_tier_usd, g.discount_percent, "
      + "g.discount_kind, g.discount_starts_at, g.discount_ends_at, g.service_countries, g.blocked_countries, "
      + "g.achievements, g.positive_ratings, g.negative_ratings, g.owners, g.version, g.updated_at";

  private static final String TITLES_AND_PRICES = " LEFT JOIN LATERAL (SELECT array_agg(t.lang) AS langs, "
      + "array_agg(t.title) AS titles FROM catalog.game_titles t WHERE t.game_id = g.id) tt ON true"
      + " LEFT JOIN LATERAL (SELECT array_agg(p.currency::text) AS currencies, array_agg(p.amount) AS amounts "
      + "FROM catalog.game_prices p WHERE p.game_id = g.id) pp ON true";

  /** The whole catalog: titles and prices aggregated once per table (hash joins, not a lookup per game). */
  static final String LOAD_ALL = "SELECT " + GAME_COLUMNS + ", tt.langs, tt.titles, pp.currencies, pp.amounts "
      + "FROM catalog.games g"
      + " LEFT JOIN (SELECT game_id, array_agg(lang) AS langs, array_agg(title) AS titles FROM catalog.game_titles "
      + "GROUP BY game_id) tt ON tt.game_id = g.id"
      + " LEFT JOIN (SELECT game_id, array_agg(currency::text) AS currencies, array_agg(amount) AS amounts "
      + "FROM catalog.game_prices GROUP BY game_id) pp ON pp.game_id = g.id";

  static final String LOAD_SOME = "SELECT " + GAME_COLUMNS + ", tt.langs, tt.titles, pp.currencies, pp.amounts "
      + "FROM catalog.games g" + TITLES_AND_PRICES + " WHERE g.id = ANY($1)";

  static final String LOCK_ONE = "SELECT " + GAME_COLUMNS + ", tt.langs, tt.titles, pp.currencies, pp.amounts "
      + "FROM catalog.games g" + TITLES_AND_PRICES + " WHERE g.id = $1 FOR UPDATE OF g";

  static final String CHANGED_SINCE = "SELECT id, version, updated_at FROM catalog.games WHERE updated_at > $1";

  static final String BULK_GAMES = "INSERT INTO catalog.games (id, slug, description, developer, publisher, genres, "
      + "tags, categories, platforms, age_rating, release_at, status, price_tier_usd, discount_percent, discount_kind, "
      + "discount_starts_at, discount_ends_at, service_countries, blocked_countries, achievements, positive_ratings, "
      + "negative_ratings, owners, source, version, updated_at) "
      + "SELECT u.id, u.slug, u.description, u.developer, u.publisher, string_to_array(u.genres, E'\\x1f'), "
      + "string_to_array(u.tags, E'\\x1f'), string_to_array(u.categories, E'\\x1f'), "
      + "string_to_array(u.platforms, E'\\x1f'), u.age_rating, u.release_at, u.status, u.tier, u.dpct, u.dkind, "
      + "u.dstart, u.dend, string_to_array(u.service, E'\\x1f'), string_to_array(u.blocked, E'\\x1f'), "
      + "u.achievements, u.positive, u.negative, u.owners, u.source, 1, u.updated_at "
      + "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
      + "$8::text[], $9::text[], $10::int[], $11::timestamptz[], $12::text[], $13::bigint[], $14::int[], "
      + "$15::text[], $16::timestamptz[], $17::timestamptz[], $18::text[], $19::text[], $20::int[], $21::bigint[], "
      + "$22::bigint[], $23::text[], $24::text[], $25::timestamptz[]) "
      + "AS u(id, slug, description, developer, publisher, genres, tags, categories, platforms, age_rating, "
      + "release_at, status, tier, dpct, dkind, dstart, dend, service, blocked, achievements, positive, negative, "
      + "owners, source, updated_at)";

  static final String BULK_TITLES = "INSERT INTO catalog.game_titles (game_id, lang, title) "
      + "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])";

  static final String BULK_PRICES = "INSERT INTO catalog.game_prices (game_id, currency, amount) "
      + "SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])";

  /** Prices of games sitting exactly on a tier: the tier table joins on the server, not a row per currency per game sent. */
  static final String BULK_TIER_PRICES = "INSERT INTO catalog.game_prices (game_id, currency, amount) "
      + "SELECT g.id, t.currency, t.amount FROM unnest($1::bigint[], $2::int[]) AS g(id, tier) "
      + "JOIN unnest($3::int[], $4::text[], $5::bigint[]) AS t(tier, currency, amount) ON t.tier = g.tier";

  static final String INSERT_GAME = "INSERT INTO catalog.games (id, slug, description, developer, publisher, genres, "
      + "tags, categories, platforms, age_rating, release_at, status, price_tier_usd, discount_percent, discount_kind, "
      + "discount_starts_at, discount_ends_at, service_countries, blocked_countries, achievements, positive_ratings, "
      + "negative_ratings, owners, source, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      + "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, 1) RETURNING version, updated_at";

  static final String UPDATE_GAME = "UPDATE catalog.games SET slug = $2, description = $3, developer = $4, "
      + "publisher = $5, genres = $6, tags = $7, categories = $8, platforms = $9, age_rating = $10, release_at = $11, "
      + "status = $12, price_tier_usd = $13, discount_percent = $14, discount_kind = $15, discount_starts_at = $16, "
      + "discount_ends_at = $17, service_countries = $18, blocked_countries = $19, version = version + 1, "
      + "updated_at = now() WHERE id = $1 RETURNING version, updated_at";

  static final String DELETE_TITLES = "DELETE FROM catalog.game_titles WHERE game_id = $1";
  static final String DELETE_PRICES = "DELETE FROM catalog.game_prices WHERE game_id = $1";
  static final String NEXT_ID = "SELECT nextval('catalog.game_id_seq') AS id";
  static final String SLUG_OWNER = "SELECT id FROM catalog.games WHERE slug = $1";
  static final String INSERT_AUDIT = "INSERT INTO catalog.audit (game_id, actor, action, changes, request_id) "
      + "VALUES ($1, $2, $3, $4, $5)";
  static final String AUDIT_OF = "SELECT at, actor, action, changes, request_id FROM catalog.audit WHERE game_id = $1 "
      + "ORDER BY id DESC LIMIT $2";
  static final String GAME_EXISTS = "SELECT 1 FROM catalog.games WHERE id = $1";
  static final String SEED_MARKER = "SELECT name, games, completed_at FROM catalog.seed_marker WHERE name = $1";
  static final String INSERT_SEED_MARKER = "INSERT INTO catalog.seed_marker (name, games, source) VALUES ($1, $2, $3)";
  /** Serializes seed imports across instances and nodes; released at commit. */
  static final String SEED_LOCK = "SELECT pg_advisory_xact_lock(hashtext('kstore.catalog.seed'))";

  private final Pool pool;

  public CatalogRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** Every game with its titles and prices. */
  public Future<List<Game>> loadAll() {
    return pool.preparedQuery(LOAD_ALL).execute().map(CatalogRepository::games);
  }

  /**
   * Streams every game in chunks of {@code chunkSize}, handing each to {@code sink} as soon as it is
   * decoded, so the caller can index one chunk while the next is read. Completes with the count once
   * every sink future has.
   */
  public Future<Integer> streamAll(int chunkSize, Function<List<Game>, Future<Void>> sink) {
    return pool.withTransaction(conn -> conn.prepare(LOAD_ALL).compose(statement -> {
      Promise<Integer> done = Promise.promise();
      read(statement.cursor(), chunkSize, sink, new ArrayList<>(), 0, done);
      return done.future();
    }));
  }

  private static void read(Cursor cursor, int chunkSize, Function<List<Game>, Future<Void>> sink,
                           List<Future<Void>> pending, int count, Promise<Integer> done) {
    cursor.read(chunkSize).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      List<Game> chunk = games(ar.result());
      pending.add(sink.apply(chunk));
      int total = count + chunk.size();
      if (cursor.hasMore()) {
        read(cursor, chunkSize, sink, pending, total, done);
      } else {
        cursor.close().compose(v -> Future.all(pending)).map(v -> total).onComplete(done);
      }
    });
  }

  public Future<List<Game>> load(List<Long> ids) {
    return pool.preparedQuery(LOAD_SOME).execute(Tuple.of(ids.toArray(new Long[0]))).map(CatalogRepository::games);
  }

  /** The game, locked for update in {@code tx}; null when there is none. */
  public Future<Game> lock(SqlClient tx, long id) {
    return tx.preparedQuery(LOCK_ONE).execute(Tuple.of(id)).map(rows -> {
      List<Game> games = games(rows);
      return games.isEmpty() ? null : games.get(0);
    });
  }

  /** A game's stored version and when it was written. */
  public record Stamp(long id, int version, Instant updatedAt) {
  }

  /** Versions of games written after {@code since} (catch-up for events a node may have missed). */
  public Future<List<Stamp>> changedSince(Instant since) {
    return pool.preparedQuery(CHANGED_SINCE).execute(Tuple.of(since.atOffset(ZoneOffset.UTC))).map(rows -> {
      List<Stamp> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Stamp(r.getLong("id"), r.getInteger("version"), r.getOffsetDateTime("updated_at").toInstant()));
      }
      return out;
    });
  }

  public Future<Long> nextId(SqlClient tx) {
    return tx.preparedQuery(NEXT_ID).execute().map(rows -> rows.iterator().next().getLong("id"));
  }

  /** The id of the game holding {@code slug}, or null. */
  public Future<Long> slugOwner(SqlClient tx, String slug) {
    return tx.preparedQuery(SLUG_OWNER).execute(Tuple.of(slug))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }

  public Future<Boolean> exists(long id) {
    return pool.preparedQuery(GAME_EXISTS).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  /** Inserts a new game (titles and prices too); returns it with its stored version and timestamp. */
  public Future<Game> insert(SqlClient tx, Game g, String source) {
    Tuple t = gameTuple(g);
    t.addValue(g.achievements()).addValue(g.positiveRatings()).addValue(g.negativeRatings()).addValue(g.owners())
        .addValue(source);
    return tx.preparedQuery(INSERT_GAME).execute(t)
        .compose(rows -> writeTitlesAndPrices(tx, g).map(v -> stamped(g, rows.iterator().next())));
  }

  /** Replaces a game's fields, titles and prices; bumps its version. */
  public Future<Game> update(SqlClient tx, Game g) {
    return tx.preparedQuery(UPDATE_GAME).execute(gameTuple(g))
        .compose(rows -> tx.preparedQuery(DELETE_TITLES).execute(Tuple.of(g.id()))
            .compose(v -> tx.preparedQuery(DELETE_PRICES).execute(Tuple.of(g.id())))
            .compose(v -> writeTitlesAndPrices(tx, g))
            .map(v -> stamped(g, rows.iterator().next())));
  }

  public Future<Void> audit(SqlClient tx, long gameId, String actor, String action, JsonObject changes,
                            String requestId) {
    return tx.preparedQuery(INSERT_AUDIT).execute(Tuple.of(gameId, actor, action, changes, requestId)).mapEmpty();
  }

  /** The newest {@code limit} audit entries of a game, newest first. */
  public Future<JsonArray> auditOf(long gameId, int limit) {
    return pool.preparedQuery(AUDIT_OF).execute(Tuple.of(gameId, limit)).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) {
        Object changes = r.getValue("changes");
        items.add(new JsonObject()
            .put("at", r.getOffsetDateTime("at").toInstant().toString())
            .put("actor", r.getString("actor"))
            .put("action", r.getString("action"))
            .put("changes", changes instanceof JsonObject j ? j : new JsonObject(String.valueOf(changes)))
            .put("requestId", r.getString("request_id")));
      }
      return items;
    });
  }

  // ---- seed ----

  public Future<Boolean> seeded(String name) {
    return pool.preparedQuery(SEED_MARKER).execute(Tuple.of(name)).map(rows -> rows.size() > 0);
  }

  public Future<Void> lockSeed(SqlClient tx) {
    return tx.query(SEED_LOCK).execute().mapEmpty();
  }

  public Future<Boolean> seeded(SqlClient tx, String name) {
    return tx.preparedQuery(SEED_MARKER).execute(Tuple.of(name)).map(rows -> rows.size() > 0);
  }

  public Future<Void> markSeeded(SqlClient tx, String name, int games, String source) {
    return tx.preparedQuery(INSERT_SEED_MARKER).execute(Tuple.of(name, games, source)).mapEmpty();
  }

  /** Inserts many games at once: one statement per batch, each column sent as an array. */
  public Future<Void> bulkInsert(SqlClient tx, List<Game> games, String source, int batchSize) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < games.size(); from += batchSize) {
      List<Game> batch = games.subList(from, Math.min(games.size(), from + batchSize));
      chain = chain.compose(v -> bulkBatch(tx, batch, source));
    }
    return chain;
  }

  private Future<Void> bulkBatch(SqlClient tx, List<Game> batch, String source) {
    int n = batch.size();
    Long[] id = new Long[n];
    String[] slug = new String[n];
    String[] description = new String[n];
    String[] developer = new String[n];
    String[] publisher = new String[n];
    String[] genres = new String[n];
    String[] tags = new String[n];
    String[] categories = new String[n];
    String[] platforms = new String[n];
    Integer[] age = new Integer[n];
    OffsetDateTime[] release = new OffsetDateTime[n];
    String[] status = new String[n];
    Long[] tier = new Long[n];
    Integer[] dpct = new Integer[n];
    String[] dkind = new String[n];
    OffsetDateTime[] dstart = new OffsetDateTime[n];
    OffsetDateTime[] dend = new OffsetDateTime[n];
    String[] service = new String[n];
    String[] blocked = new String[n];
    Integer[] achievements = new Integer[n];
    Long[] positive = new Long[n];
    Long[] negative = new Long[n];
    String[] owners = new String[n];
    String[] sources = new String[n];
    OffsetDateTime[] updated = new OffsetDateTime[n];
    List<Long> titleGame = new ArrayList<>();
    List<String> titleLang = new ArrayList<>();
    List<String> titleText = new ArrayList<>();
    List<Long> priceGame = new ArrayList<>();
    List<String> priceCurrency = new ArrayList<>();
    List<Long> priceAmount = new ArrayList<>();
    List<Long> tierGame = new ArrayList<>();
    List<Integer> tierIndex = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Game g = batch.get(i);
      id[i] = g.id();
      slug[i] = g.slug();
      description[i] = g.description();
      developer[i] = g.developer();
      publisher[i] = g.publisher();
      genres[i] = String.join(SEP, g.genres());
      tags[i] = String.join(SEP, g.tags());
      categories[i] = String.join(SEP, g.categories());
      platforms[i] = String.join(SEP, g.platforms());
      age[i] = g.ageRating();
      release[i] = utc(g.releaseAt());
      status[i] = g.status().wire();
      tier[i] = g.priceTierUsd();
      Discount d = g.discount();
      dpct[i] = d == null ? null : d.percent();
      dkind[i] = d == null ? null : d.kind().wire();
      dstart[i] = d == null ? null : utc(d.startsAt());
      dend[i] = d == null ? null : utc(d.endsAt());
      service[i] = g.serviceCountries() == null ? null : String.join(SEP, g.serviceCountries());
      blocked[i] = String.join(SEP, g.blockedCountries());
      achievements[i] = g.achievements();
      positive[i] = g.positiveRatings();
      negative[i] = g.negativeRatings();
      owners[i] = g.owners();
      sources[i] = g.id() > SeedCatalog.DEMO_ID_BASE && g.publisher().equals(SeedCatalog.DEMO_PUBLISHER)
          ? "demo" : source;
      updated[i] = utc(g.updatedAt());
      for (Map.Entry<String, String> t : g.titles().entrySet()) {
        titleGame.add(g.id());
        titleLang.add(t.getKey());
        titleText.add(t.getValue());
      }
      PriceTiers.Tier onTier = g.priceTierUsd() == null ? null
          : PriceTiers.byNameOrIndex(g.priceTierUsd()).filter(t -> t.usd() == g.priceTierUsd()).orElse(null);
      if (onTier != null && g.prices().equals(onTier.prices())) {
        tierGame.add(g.id());
        tierIndex.add(onTier.index());
      } else {
        for (Map.Entry<String, Long> p : g.prices().entrySet()) {
          priceGame.add(g.id());
          priceCurrency.add(p.getKey());
          priceAmount.add(p.getValue());
        }
      }
    }
    Tuple t = Tuple.tuple();
    for (Object column : new Object[] {id, slug, description, developer, publisher, genres, tags, categories, platforms,
        age, release, status, tier, dpct, dkind, dstart, dend, service, blocked, achievements, positive, negative,
        owners, sources, updated}) {
      t.addValue(column);
    }
    return tx.preparedQuery(BULK_GAMES).execute(t)
        .compose(v -> tx.preparedQuery(BULK_TITLES).execute(Tuple.of(titleGame.toArray(new Long[0]),
            titleLang.toArray(new String[0]), titleText.toArray(new String[0]))))
        .compose(v -> priceGame.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(BULK_PRICES).execute(
            Tuple.of(priceGame.toArray(new Long[0]), priceCurrency.toArray(new String[0]),
                priceAmount.toArray(new Long[0]))))
        .compose(v -> tierGame.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(BULK_TIER_PRICES).execute(
            Tuple.of(tierGame.toArray(new Long[0]), tierIndex.toArray(new Integer[0]), TIER_TABLE[0], TIER_TABLE[1],
                TIER_TABLE[2])))
        .mapEmpty();
  }

  /**
   * Prices a currency added to the tier ladder later (KES and ZAR were) for games already stored: each game on a
   * USD tier gets the tier's price in every currency it has none in. Hand-set prices are never changed.
   */
  static final String FILL_TIER_PRICES = "INSERT INTO catalog.game_prices (game_id, currency, amount) "
      + "SELECT g.id, t.currency, t.amount FROM catalog.games g "
      + "JOIN unnest($1::bigint[], $2::text[], $3::bigint[]) AS t(usd, currency, amount) ON t.usd = g.price_tier_usd "
      + "WHERE NOT EXISTS (SELECT 1 FROM catalog.game_prices p WHERE p.game_id = g.id AND p.currency = t.currency) "
      + "ON CONFLICT DO NOTHING";

  /** Runs {@link #FILL_TIER_PRICES}; answers how many prices were added. */
  Future<Integer> fillMissingTierPrices() {
    List<Long> usd = new ArrayList<>();
    List<String> currencies = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    for (PriceTiers.Tier t : PriceTiers.LADDER) {
      t.prices().forEach((currency, amount) -> {
        usd.add(t.usd());
        currencies.add(currency);
        amounts.add(amount);
      });
    }
    return pool.preparedQuery(FILL_TIER_PRICES).execute(Tuple.of(usd.toArray(new Long[0]),
        currencies.toArray(new String[0]), amounts.toArray(new Long[0]))).map(r -> r.rowCount());
  }

  /** Parameters $3..$5 of {@link #BULK_TIER_PRICES}: every (tier, currency, amount) of the ladder. */
  private static final Object[] TIER_TABLE = tierTable();

  private static Object[] tierTable() {
    List<Integer> tiers = new ArrayList<>();
    List<String> currencies = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    for (PriceTiers.Tier t : PriceTiers.LADDER) {
      t.prices().forEach((currency, amount) -> {
        tiers.add(t.index());
        currencies.add(currency);
        amounts.add(amount);
      });
    }
    return new Object[] {tiers.toArray(new Integer[0]), currencies.toArray(new String[0]),
        amounts.toArray(new Long[0])};
  }

  // ---- mapping ----

  private static Tuple gameTuple(Game g) {
    Discount d = g.discount();
    return Tuple.tuple()
        .addValue(g.id())
        .addValue(g.slug())
        .addValue(g.description())
        .addValue(g.developer())
        .addValue(g.publisher())
        .addValue(g.genres().toArray(new String[0]))
        .addValue(g.tags().toArray(new String[0]))
        .addValue(g.categories().toArray(new String[0]))
        .addValue(g.platforms().toArray(new String[0]))
        .addValue(g.ageRating())
        .addValue(utc(g.releaseAt()))
        .addValue(g.status().wire())
        .addValue(g.priceTierUsd())
        .addValue(d == null ? null : d.percent())
        .addValue(d == null ? null : d.kind().wire())
        .addValue(d == null ? null : utc(d.startsAt()))
        .addValue(d == null ? null : utc(d.endsAt()))
        .addValue(g.serviceCountries() == null ? null : g.serviceCountries().toArray(new String[0]))
        .addValue(g.blockedCountries().toArray(new String[0]));
  }

  private Future<Void> writeTitlesAndPrices(SqlClient tx, Game g) {
    List<Long> ids = new ArrayList<>();
    List<String> langs = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    g.titles().forEach((lang, title) -> {
      ids.add(g.id());
      langs.add(lang);
      titles.add(title);
    });
    List<Long> pids = new ArrayList<>();
    List<String> currencies = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    g.prices().forEach((currency, amount) -> {
      pids.add(g.id());
      currencies.add(currency);
      amounts.add(amount);
    });
    return tx.preparedQuery(BULK_TITLES).execute(Tuple.of(ids.toArray(new Long[0]), langs.toArray(new String[0]),
            titles.toArray(new String[0])))
        .compose(v -> tx.preparedQuery(BULK_PRICES).execute(Tuple.of(pids.toArray(new Long[0]),
            currencies.toArray(new String[0]), amounts.toArray(new Long[0]))))
        .mapEmpty();
  }

  private static Game stamped(Game g, Row row) {
    return new Game(g.id(), g.slug(), g.titles(), g.description(), g.developer(), g.publisher(), g.genres(), g.tags(),
        g.categories(), g.platforms(), g.ageRating(), g.releaseAt(), g.status(), g.priceTierUsd(), g.prices(),
        g.discount(), g.serviceCountries(), g.blockedCountries(), g.achievements(), g.positiveRatings(),
        g.negativeRatings(), g.owners(), row.getInteger("version"), row.getOffsetDateTime("updated_at").toInstant());
  }

  static List<Game> games(RowSet<Row> rows) {
    List<Game> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(game(r));
    }
    return out;
  }

  static Game game(Row r) {
    Map<String, String> titles = new LinkedHashMap<>();
    String[] langs = r.getArrayOfStrings("langs");
    String[] texts = r.getArrayOfStrings("titles");
    if (langs != null) {
      for (int i = 0; i < langs.length; i++) {
        titles.put(langs[i], texts[i]);
      }
    }
    Map<String, Long> prices = new LinkedHashMap<>();
    String[] currencies = r.getArrayOfStrings("currencies");
    Long[] amounts = r.getArrayOfLongs("amounts");
    if (currencies != null) {
      for (int i = 0; i < currencies.length; i++) {
        prices.put(currencies[i].trim(), amounts[i]);
      }
    }
    Integer pct = r.getInteger("discount_percent");
    Discount discount = pct == null ? null : new Discount(pct,
        Discount.Kind.fromWire(r.getString("discount_kind")).orElseThrow(),
        r.getOffsetDateTime("discount_starts_at").toInstant(), r.getOffsetDateTime("discount_ends_at").toInstant());
    String[] service = r.getArrayOfStrings("service_countries");
    return new Game(
        r.getLong("id"),
        r.getString("slug"),
        Map.copyOf(titles),
        r.getString("description"),
        r.getString("developer"),
        r.getString("publisher"),
        list(r.getArrayOfStrings("genres")),
        list(r.getArrayOfStrings("tags")),
        list(r.getArrayOfStrings("categories")),
        list(r.getArrayOfStrings("platforms")),
        r.getInteger("age_rating"),
        r.getOffsetDateTime("release_at").toInstant(),
        GameStatus.fromWire(r.getString("status")).orElseThrow(),
        r.getLong("price_tier_usd"),
        Map.copyOf(prices),
        discount,
        service == null ? null : List.of(service),
        list(r.getArrayOfStrings("blocked_countries")),
        r.getInteger("achievements"),
        r.getLong("positive_ratings"),
        r.getLong("negative_ratings"),
        r.getString("owners"),
        r.getInteger("version"),
        r.getOffsetDateTime("updated_at").toInstant());
  }

  private static List<String> list(String[] a) {
    return a == null ? List.of() : List.copyOf(Arrays.asList(a));
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }
}

package kstore.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kstore.contracts.catalog.GameStatus;

/**
 * The demo catalog: the Steam data set as released games on their price tiers, localized titles
 * where known, a deterministic ~5% of paid games on sale, contract country rules for a few real
 * games, and a dozen fictional upcoming games from "K Store Demo". Pure: same input, same catalog.
 */
public final class SeedCatalog {
  private SeedCatalog() {
  }

  public static final String DEMO_PUBLISHER = "K Store Demo";
  /** Demo games get ids far above Steam's appids of the data set. */
  public static final long DEMO_ID_BASE = 9_900_000L;

  private static final int[] SALE_PERCENTS = {10, 15, 20, 25, 30, 33, 40, 50, 60, 66, 75};

  /**
   * Contract rules on real games (documented in the module README): a regional publisher holds the
   * exclusive distribution rights in that country, so the store may not sell it there.
   */
  static final Map<Long, List<String>> CONTRACT_BLOCKS = Map.of(
      730L, List.of("CN"),      // Counter-Strike: Global Offensive — Perfect World distributes it in China
      570L, List.of("CN"),      // Dota 2 — Perfect World distributes it in China
      238960L, List.of("KR"));  // Path of Exile — Kakao Games publishes it in Korea

  /** Builds the whole demo catalog as of {@code importedAt}. */
  public static List<Game> build(List<SteamCsv.Row> rows, Map<Long, Map<String, String>> localizedTitles,
                                 Instant importedAt) {
    List<SteamCsv.Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(SteamCsv.Row::appid));
    Set<String> slugs = new HashSet<>();
    List<Game> games = new ArrayList<>(sorted.size() + 16);
    Set<Long> seen = new HashSet<>();
    for (SteamCsv.Row row : sorted) {
      if (!seen.add(row.appid())) {
        continue;
      }
      games.add(fromSteam(row, localizedTitles.getOrDefault(row.appid(), Map.of()), importedAt, slugs));
    }
    for (Game demo : upcoming(importedAt)) {
      slugs.add(demo.slug());
      games.add(demo);
    }
    return games;
  }

  static Game fromSteam(SteamCsv.Row row, Map<String, String> localized, Instant importedAt, Set<String> slugsTaken) {
    String slug = Slugs.of(row.name(), row.appid());
    if (!slugsTaken.add(slug)) {
      slug = Slugs.withId(slug, row.appid());
      slugsTaken.add(slug);
    }
    Map<String, String> titles = new LinkedHashMap<>();
    titles.put("en", row.name().isEmpty() ? "Game " + row.appid() : row.name());
    for (String lang : List.of("ko", "ja", "zh")) {
      String t = localized.get(lang);
      if (t != null && !t.isBlank()) {
        titles.put(lang, t.strip());
      }
    }
    PriceTiers.Tier tier = PriceTiers.nearestToGbp(row.price());
    Instant releaseAt = row.releaseDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    String developer = row.developers().isEmpty() ? "Unknown" : String.join(", ", row.developers());
    String publisher = row.publishers().isEmpty() ? developer : String.join(", ", row.publishers());
    return new Game(row.appid(), slug, Map.copyOf(titles), describe(row, developer), developer, publisher,
        row.genres(), row.tags(), row.categories(), platforms(row.platforms()), Math.min(21, row.requiredAge()),
        releaseAt, GameStatus.RELEASED, tier.usd(), tier.prices(), saleFor(row.appid(), tier, releaseAt, importedAt),
        null, CONTRACT_BLOCKS.getOrDefault(row.appid(), List.of()),
        row.achievements(), row.positiveRatings(), row.negativeRatings(), row.owners(), 1, importedAt);
  }

  private static List<String> platforms(List<String> raw) {
    return raw.stream().map(p -> p.toLowerCase(Locale.ROOT)).filter(SearchRequest.PLATFORMS::contains).toList();
  }

  private static String describe(SteamCsv.Row row, String developer) {
    String genres = row.genres().isEmpty() ? "" : String.join(", ", row.genres()) + " game";
    String when = row.releaseDate().format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH));
    StringBuilder sb = new StringBuilder();
    sb.append(row.name()).append(": ").append(genres.isEmpty() ? "a game" : article(genres) + genres)
        .append(" by ").append(developer).append(", released on ").append(when).append('.');
    if (!row.categories().isEmpty()) {
      sb.append(' ').append(String.join(", ", row.categories())).append('.');
    }
    return sb.toString();
  }

  /** "an" before a vowel sound: "an Action game", "an RPG game", "an MMO game", "a Strategy game". */
  static String article(String phrase) {
    String first = phrase.split("[\\s,]+", 2)[0];
    boolean initialism = first.length() > 1 && first.equals(first.toUpperCase(Locale.ROOT));
    String vowelSounds = initialism ? "AEFHILMNORSX" : "AEIOUaeiou";
    return vowelSounds.indexOf(first.charAt(0)) >= 0 ? "an " : "a ";
  }

  /** A deterministic ~5% of paid released games run a sale of 10–75% that ends some days after import. */
  static Discount saleFor(long appid, PriceTiers.Tier tier, Instant releaseAt, Instant importedAt) {
    if (tier.free() || releaseAt.isAfter(importedAt)) {
      return null;
    }
    long h = mix(appid);
    if (Math.floorMod(h, 20) != 0) {
      return null;
    }
    int percent = SALE_PERCENTS[(int) Math.floorMod(h >>> 8, SALE_PERCENTS.length)];
    Instant day = importedAt.truncatedTo(ChronoUnit.DAYS);
    Instant starts = day.minus(Duration.ofDays(1 + Math.floorMod(h >>> 16, 3)));
    Instant ends = day.plus(Duration.ofDays(3 + Math.floorMod(h >>> 24, 12))).plus(Duration.ofHours(17));
    return new Discount(percent, Discount.Kind.SALE, starts, ends);
  }

  /** SplitMix64: a well-spread, stable hash of the app id. */
  static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private record Demo(String en, String ko, String ja, String zh, String description, List<String> genres,
                      List<String> tags, int ageRating, int releaseInDays, GameStatus status, Long tierUsd,
                      Integer preOrderPercent, List<String> serviceCountries, List<String> blocked) {
  }

  private static final List<Demo> DEMOS = List.of(
      new Demo("Starfall Odyssey", "스타폴 오디세이", "スターフォール・オデッセイ", "星陨奥德赛",
          "Chart a course through a collapsing star cluster in an open-galaxy action RPG.",
          List.of("Action", "RPG"), List.of("Open World", "Space", "Sci-fi", "RPG"), 12, 7, GameStatus.PRE_ORDER,
          5_999L, 10, null, List.of()),
      new Demo("Hanbit Chronicles: Moonlit Court", "한빛 연대기: 달빛 궁정", "ハンビット年代記：月光の宮廷", "韩光编年史：月光宫廷",
          "A court-intrigue RPG set in a moonlit kingdom; sold in Korea and Japan only under its launch contract.",
          List.of("RPG", "Adventure"), List.of("Story Rich", "Fantasy", "RPG"), 12, 14, GameStatus.PRE_ORDER,
          3_999L, 15, List.of("KR", "JP"), List.of()),
      new Demo("Neon Drift Racing", "네온 드리프트 레이싱", "ネオン・ドリフト・レーシング", "霓虹漂移竞速",
          "Arcade street racing through a rain-soaked neon city.",
          List.of("Racing", "Sports"), List.of("Racing", "Arcade", "Multiplayer"), 3, 3, GameStatus.PRE_ORDER,
          2_999L, null, null, List.of()),
      new Demo("Clockwork Garrison", "태엽 요새", "ぜんまい要塞", "发条要塞",
          "Build and wind up a clockwork fortress against endless siege waves.",
          List.of("Strategy"), List.of("Strategy", "Tower Defense", "Steampunk"), 7, 60, GameStatus.ANNOUNCED,
          null, null, null, List.of()),
      new Demo("Whisperwood Farm", "속삭임 숲 농장", "ささやきの森ファーム", "低语森林农场",
          "A cosy farming life sim in a forest that talks back.",
          List.of("Simulation", "Casual", "Indie"), List.of("Farming Sim", "Relaxing", "Casual"), 0, 21,
          GameStatus.PRE_ORDER, 1_999L, 20, null, List.of()),
      new Demo("Abyssal Lantern", "심연의 등불", "深淵のランタン", "深渊之灯",
          "Descend with a single lantern into a drowned cathedral. Survival horror.",
          List.of("Adventure", "Indie"), List.of("Horror", "Survival Horror", "Atmospheric"), 16, 90,
          GameStatus.ANNOUNCED, null, null, null, List.of()),
      new Demo("Skyline Couriers", "스카이라인 택배단", "スカイライン・クーリエ", "天际快递员",
          "Deliver parcels between floating towers in a physics co-op comedy.",
          List.of("Casual", "Indie"), List.of("Co-op", "Physics", "Funny"), 0, 10, GameStatus.PRE_ORDER,
          1_499L, null, null, List.of()),
      new Demo("Tidebreaker Saga", "타이드브레이커 사가", "タイドブレイカー・サーガ", "破浪传说",
          "A seafaring saga of rival fleets, storms and sea gods.",
          List.of("RPG", "Action", "Adventure"), List.of("Open World", "Pirates", "Action RPG"), 16, 28,
          GameStatus.PRE_ORDER, 6_999L, 10, null, List.of()),
      new Demo("Pocket Knights Party", "포켓 나이츠 파티", "ポケットナイツ・パーティー", "口袋骑士派对",
          "Tiny knights, big brawls: a local and online party game.",
          List.of("Casual", "Action"), List.of("Party Game", "Local Multiplayer", "Cute"), 3, 5,
          GameStatus.PRE_ORDER, 999L, 25, null, List.of()),
      new Demo("Quantum Orchard", "퀀텀 과수원", "量子の果樹園", "量子果园",
          "Grow trees that exist in several states at once in a puzzle garden.",
          List.of("Casual", "Indie"), List.of("Puzzle", "Relaxing"), 0, 120, GameStatus.ANNOUNCED,
          null, null, null, List.of()),
      new Demo("Frostline Rescue", "프로스트라인 구조대", "フロストライン・レスキュー", "霜线救援",
          "Lead a mountain rescue team through blizzards; its China licence is still pending.",
          List.of("Simulation", "Strategy"), List.of("Survival", "Management", "Snow"), 7, 35,
          GameStatus.PRE_ORDER, 2_499L, null, null, List.of("CN")),
      new Demo("Mirage Metro 2089", "미라지 메트로 2089", "ミラージュ・メトロ2089", "幻影地铁2089",
          "A cyberpunk detective story told one metro stop at a time.",
          List.of("Adventure", "RPG"), List.of("Cyberpunk", "Detective", "Story Rich"), 18, 75,
          GameStatus.ANNOUNCED, null, null, null, List.of()));

  /** The dozen fictional upcoming games, released days to weeks after {@code importedAt}. */
  static List<Game> upcoming(Instant importedAt) {
    Instant hour = importedAt.truncatedTo(ChronoUnit.HOURS);
    List<Game> out = new ArrayList<>();
    for (int i = 0; i < DEMOS.size(); i++) {
      Demo d = DEMOS.get(i);
      long id = DEMO_ID_BASE + i + 1;
      Instant releaseAt = hour.plus(Duration.ofDays(d.releaseInDays()));
      Map<String, Long> prices = Map.of();
      if (d.tierUsd() != null) {
        prices = PriceTiers.byNameOrIndex(d.tierUsd()).orElseThrow().prices();
      }
      Discount discount = d.preOrderPercent() == null ? null
          : new Discount(d.preOrderPercent(), Discount.Kind.PRE_ORDER, hour, releaseAt);
      out.add(new Game(id, Slugs.of(d.en()), Map.of("en", d.en(), "ko", d.ko(), "ja", d.ja(), "zh", d.zh()),
          d.description(), DEMO_PUBLISHER, DEMO_PUBLISHER, d.genres(), d.tags(), List.of("Single-player"),
          List.of("windows"), d.ageRating(), releaseAt, d.status(), d.tierUsd(), prices, discount,
          d.serviceCountries(), d.blocked(), 0, 0, 0, "0-20000", 1, importedAt));
    }
    return out;
  }
}

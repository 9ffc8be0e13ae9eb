package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kstore.contracts.ErrorCode;
import kstore.contracts.catalog.CatalogLimits;
import kstore.contracts.catalog.GameStatus;
import kstore.platform.Regions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Search on the real seed (27,075 Steam games, localized titles, demo games), without PostgreSQL. */
class CatalogSearchTest {
  private static final long WITCHER_3 = 292030;
  private static final long PUBG = 578080;
  private static final long CSGO = 730;
  private static final long GTA_V = 271590;

  private final CatalogIndex index = SeedFixture.index();
  private final Regions regions = SeedFixture.regions();

  private CatalogIndex.Hits search(JsonObject request) {
    SearchRequest r = SearchRequest.parse(request, regions);
    return index.search(r, regions.of(r.country()).currency());
  }

  private CatalogIndex.Hits q(String text, String country) {
    return search(new JsonObject().put("q", text).put("country", country));
  }

  private List<Game> games(CatalogIndex.Hits hits) {
    return hits.ids().stream().map(index::get).toList();
  }

  private List<String> titles(CatalogIndex.Hits hits) {
    return games(hits).stream().map(g -> g.title("en")).toList();
  }

  @Test
  @DisplayName("a misspelt query finds the game: \"wichter 3\" ranks The Witcher 3 first and offers \"witcher 3\"")
  void typoTolerance() {
    CatalogIndex.Hits hits = q("wichter 3", "US");
    assertThat(hits.ids().get(0)).isEqualTo(WITCHER_3);
    assertThat(hits.correctedQuery()).isEqualTo("witcher 3");
    assertThat(q("witcher", "US").ids().get(0)).as("the most popular Witcher first").isEqualTo(WITCHER_3);
  }

  @Test
  @DisplayName("Korean, Japanese and Chinese titles are searched with their own analyzers: 위쳐, ウィッチャー3, 巫师 find The Witcher 3")
  void cjkTitles() {
    assertThat(q("위쳐", "KR").ids().get(0)).isEqualTo(WITCHER_3);
    assertThat(q("위쳐 3", "KR").ids().get(0)).isEqualTo(WITCHER_3);
    assertThat(q("와일드 헌트", "KR").ids()).contains(WITCHER_3);
    assertThat(q("ウィッチャー3", "JP").ids().get(0)).isEqualTo(WITCHER_3);
    assertThat(q("ワイルドハント", "JP").ids()).contains(WITCHER_3);
    assertThat(q("巫师", "TW").ids().get(0)).isEqualTo(WITCHER_3);
    assertThat(q("狂猎", "TW").ids()).contains(WITCHER_3);
  }

  @Test
  @DisplayName("a Korean query one syllable off still finds the game (edit distance 1 for CJK words)")
  void koreanTypo() {
    assertThat(q("위처 3", "KR").ids().get(0)).isEqualTo(WITCHER_3);
    assertThat(q("위처", "KR").ids()).contains(WITCHER_3);
    assertThat(q("배그", "KR").ids()).as("two-syllable words keep their first syllable").doesNotContain(252950L);
  }

  @Test
  @DisplayName("synonyms from conf/synonyms.txt: cod, gta, csgo, pubg and 배그 find the games players mean")
  void synonyms() {
    assertThat(titles(q("cod", "US")).subList(0, 5)).allSatisfy(t -> assertThat(t).startsWith("Call of Duty"));
    assertThat(titles(q("gta", "US")).subList(0, 3)).allSatisfy(t -> assertThat(t).startsWith("Grand Theft Auto"));
    assertThat(q("gta 5", "US").ids().get(0)).isEqualTo(GTA_V);
    assertThat(q("csgo", "US").ids().get(0)).isEqualTo(CSGO);
    assertThat(q("csgo", "US").correctedQuery()).as("a synonym is not a typo").isNull();
    assertThat(q("pubg", "US").ids().get(0)).isEqualTo(PUBG);
    assertThat(q("배그", "KR").ids().get(0)).isEqualTo(PUBG);
    assertThat(q("吃鸡", "CN").ids().get(0)).isEqualTo(PUBG);
  }

  @Test
  @DisplayName("an exact title beats a more popular partial match; developers and publishers are searchable")
  void relevance() {
    assertThat(titles(q("portal", "US")).subList(0, 2)).containsExactly("Portal", "Portal 2");
    assertThat(titles(q("half life", "US")).get(0)).isEqualTo("Half-Life");
    assertThat(titles(q("fallout 4", "US")).get(0)).isEqualTo("Fallout 4");
    assertThat(games(q("valve", "US")).subList(0, 5)).allSatisfy(g -> assertThat(g.developer()).contains("Valve"));
    assertThat(q("starfall", "US").ids().get(0)).isEqualTo(SeedCatalog.DEMO_ID_BASE + 1);
    assertThat(q("zzzzqqqq", "US").total()).isZero();
  }

  @Test
  @DisplayName("facets count the filtered result: genre, tag, platform and price band")
  void facets() {
    CatalogIndex.Hits action = search(new JsonObject().put("country", "US").put("genre", new JsonArray().add("Action")));
    JsonObject facets = action.facets();
    assertThat(count(facets.getJsonArray("genre"), "Action")).isEqualTo(action.total());
    assertThat(facets.getJsonArray("tag")).isNotEmpty();
    assertThat(count(facets.getJsonArray("platform"), "windows")).isPositive().isLessThanOrEqualTo(action.total());
    long banded = facets.getJsonArray("priceBand").stream().mapToLong(o -> ((JsonObject) o).getLong("count")).sum();
    assertThat(banded).as("every listed Steam game has a price band").isLessThanOrEqualTo(action.total())
        .isGreaterThan(action.total() - 20);
    assertThat(facets.getJsonArray("priceBand").stream().map(o -> ((JsonObject) o).getString("value")).toList())
        .containsExactlyElementsOf(PriceTiers.BANDS);

    CatalogIndex.Hits linuxAction = search(new JsonObject().put("country", "US").put("genre", new JsonArray().add("Action"))
        .put("platform", new JsonArray().add("linux")));
    assertThat(linuxAction.total()).isEqualTo(count(facets.getJsonArray("platform"), "linux"));
  }

  private static long count(JsonArray facet, String value) {
    return facet.stream().map(o -> (JsonObject) o).filter(o -> o.getString("value").equals(value))
        .mapToLong(o -> o.getLong("count")).findFirst().orElse(0);
  }

  @Test
  @DisplayName("filters: genres and tags all match, platforms any, price range in the country's currency, on sale, status, release window")
  void filters() {
    CatalogIndex.Hits rpgOpenWorld = search(new JsonObject().put("country", "US").put("size", 100)
        .put("genre", new JsonArray().add("rpg")).put("tag", new JsonArray().add("Open World")));
    assertThat(games(rpgOpenWorld)).isNotEmpty().allSatisfy(g -> {
      assertThat(g.genres()).contains("RPG");
      assertThat(g.tags()).contains("Open World");
    });

    CatalogIndex.Hits cheapInKorea = search(new JsonObject().put("country", "KR").put("size", 100)
        .put("priceMin", 1_000).put("priceMax", 5_500).put("sort", "price_desc"));
    assertThat(games(cheapInKorea)).isNotEmpty().allSatisfy(g -> assertThat(
        Pricing.quote(g, "KRW", 0, 1, SeedFixture.NOW).amount()).isBetween(1_000L, 5_500L));

    CatalogIndex.Hits cheapBands = search(new JsonObject().put("country", "JP").put("size", 100)
        .put("priceBand", new JsonArray().add("free").add("under-5")));
    assertThat(cheapBands.total()).isGreaterThan(1_000);
    assertThat(games(cheapBands)).allSatisfy(g ->
        assertThat(PriceTiers.band(g.priceTierUsd())).isIn("free", "under-5"));

    CatalogIndex.Hits onSale = search(new JsonObject().put("country", "US").put("onSale", true).put("size", 100));
    assertThat(onSale.total()).isGreaterThan(500);
    assertThat(games(onSale)).allSatisfy(g -> assertThat(Lifecycle.activeDiscount(g, SeedFixture.NOW)).isNotNull());

    CatalogIndex.Hits preOrders = search(new JsonObject().put("country", "US").put("status", new JsonArray().add("pre-order")));
    assertThat(games(preOrders)).isNotEmpty().allSatisfy(g ->
        assertThat(Lifecycle.effectiveStatus(g, SeedFixture.NOW)).isEqualTo(GameStatus.PRE_ORDER));

    CatalogIndex.Hits december2018 = search(new JsonObject().put("country", "US").put("size", 100)
        .put("releasedFrom", "2018-12-01").put("releasedTo", "2018-12-31"));
    assertThat(december2018.total()).isPositive();
    assertThat(games(december2018)).allSatisfy(g -> assertThat(g.releaseAt().toString()).startsWith("2018-12"));
  }

  @Test
  @DisplayName("sorting by price, release, name and rating orders the whole result, in the country's currency")
  void sorting() {
    List<Game> byPrice = games(search(new JsonObject().put("country", "JP").put("genre", "Racing").put("sort", "price_asc")
        .put("size", 100)));
    List<Long> yen = byPrice.stream().map(g -> Pricing.quote(g, "JPY", 0, 1, SeedFixture.NOW))
        .map(qt -> qt == null ? Long.MAX_VALUE : qt.amount()).toList();
    assertThat(yen).isSorted();

    List<Game> newest = games(search(new JsonObject().put("country", "US").put("sort", "release_desc").put("size", 50)));
    assertThat(newest.stream().map(Game::releaseAt).toList()).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(newest.get(0).publisher()).as("upcoming demo games are the newest").isEqualTo(SeedCatalog.DEMO_PUBLISHER);

    List<Game> byName = games(search(new JsonObject().put("country", "US").put("q", "zombie").put("sort", "name_asc")
        .put("size", 50)));
    assertThat(byName.stream().map(g -> CatalogAnalyzers.titleKey(g.title("en"))).toList()).isSorted();

    List<Game> best = games(search(new JsonObject().put("country", "US").put("size", 50)));
    assertThat(best.stream().map(Game::ratingScore).toList()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  @DisplayName("pages follow each other without overlap; paging past the result window is refused")
  void pagination() {
    JsonObject base = new JsonObject().put("country", "US").put("q", "space").put("size", 10);
    CatalogIndex.Hits p1 = search(base.copy().put("page", 1));
    CatalogIndex.Hits p2 = search(base.copy().put("page", 2));
    CatalogIndex.Hits both = search(base.copy().put("page", 1).put("size", 20));
    List<Long> joined = new ArrayList<>(p1.ids());
    joined.addAll(p2.ids());
    assertThat(joined).isEqualTo(both.ids());
    assertThat(new HashSet<>(joined)).hasSize(20);
    assertThat(p1.total()).isEqualTo(both.total());

    CatalogIndex.Hits last = search(new JsonObject().put("country", "US").put("q", "starfall").put("page", 2));
    assertThat(last.ids()).isEmpty();
    assertThat(last.total()).isEqualTo(1);
    assertInvalid(new JsonObject().put("country", "US").put("page", 101).put("size", 100), "page * size");
  }

  @Test
  @DisplayName("requests are validated defensively, each error naming its field")
  void validation() {
    assertInvalid(new JsonObject(), "country");
    assertInvalid(new JsonObject().put("country", "Korea"), "country");
    assertInvalid(new JsonObject().put("country", "KR").put("lang", "fr"), "lang");
    assertInvalid(new JsonObject().put("country", "KR").put("size", 0), "size");
    assertInvalid(new JsonObject().put("country", "KR").put("size", CatalogLimits.MAX_PAGE_SIZE + 1), "size");
    assertInvalid(new JsonObject().put("country", "KR").put("sort", "cheapest"), "sort");
    assertInvalid(new JsonObject().put("country", "KR").put("q", "x".repeat(201)), "q");
    assertInvalid(new JsonObject().put("country", "KR").put("priceMin", 500).put("priceMax", 100), "priceMin");
    assertInvalid(new JsonObject().put("country", "KR").put("platform", "switch"), "platform");
    assertInvalid(new JsonObject().put("country", "KR").put("status", new JsonArray().add("soon")), "status");
    assertInvalid(new JsonObject().put("country", "KR").put("releasedFrom", "2019-13-01"), "releasedFrom");
    assertInvalid(new JsonObject().put("country", "KR").put("onSale", "maybe"), "onSale");
    assertInvalid(new JsonObject().put("country", "KR").put("page", "two"), "page");
  }

  private void assertInvalid(JsonObject request, String field) {
    assertThatThrownBy(() -> SearchRequest.parse(request, regions))
        .isInstanceOfSatisfying(InvalidRequest.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION))
        .hasMessageContaining(field);
  }

  @Test
  @DisplayName("the matched words of a title are marked and everything else is HTML-escaped")
  void highlight() {
    TitleHighlighter h = index.highlighter();
    QueryText text = QueryText.of("tom deluxe", index.analyzers());
    assertThat(h.highlight("Tom & Jerry <Deluxe> \"Edition\"", text, false))
        .isEqualTo("<mark>Tom</mark> &amp; Jerry &lt;<mark>Deluxe</mark>&gt; &quot;Edition&quot;");
    assertThat(h.highlight("The Witcher® 3: Wild Hunt", QueryText.of("wichter 3", index.analyzers()), false))
        .isEqualTo("The <mark>Witcher</mark>® <mark>3</mark>: Wild Hunt");
    assertThat(h.highlight("巫师 3：狂猎", QueryText.of("巫师", index.analyzers()), false))
        .isEqualTo("<mark>巫师</mark> 3：狂猎");
    assertThat(h.highlight("<script>", QueryText.of("zzz", index.analyzers()), false)).isNull();

    CatalogIndex.Hits hits = q("command conquer", "US");
    Game first = index.get(hits.ids().get(0));
    String marked = h.highlight(first.title("en"), hits.query(), false);
    assertThat(marked).contains("<mark>").doesNotContain("<script");
    if (first.title("en").contains("&")) {
      assertThat(marked).contains("&amp;");
    }
  }

  @Test
  @DisplayName("games not sold in the caller's country are not listed (R12): contract countries and blocks")
  void regionFiltering() {
    long hanbit = SeedCatalog.DEMO_ID_BASE + 2;
    assertThat(q("hanbit chronicles", "KR").ids()).contains(hanbit);
    assertThat(q("hanbit chronicles", "JP").ids()).contains(hanbit);
    assertThat(q("hanbit chronicles", "US").ids()).doesNotContain(hanbit);
    assertThat(q("counter strike global offensive", "CN").ids()).doesNotContain(CSGO);
    assertThat(q("counter strike global offensive", "US").ids()).contains(CSGO);
    assertThat(q("path of exile", "KR").ids()).doesNotContain(238960L);
    assertThat(q("portal", "KP").total()).as("the store does not operate there").isZero();
    Set<Long> worldwide = new HashSet<>(search(new JsonObject().put("country", "US").put("size", 100)
        .put("sort", "release_desc")).ids());
    assertThat(worldwide).doesNotContain(hanbit);
  }

  @Test
  @DisplayName("autocomplete suggests the most popular titles whose words start with what was typed, typos as a fallback")
  void suggest() {
    assertThat(index.suggest("wit", "US", 3)).containsExactly(WITCHER_3, 20920L, 20900L);
    assertThat(index.suggest("call of", "US", 5).stream().map(id -> index.get(id).title("en")))
        .allSatisfy(t -> assertThat(t).startsWith("Call of Duty"));
    assertThat(index.suggest("위", "KR", 10)).contains(WITCHER_3);
    assertThat(index.suggest("witchr", "US", 5)).contains(WITCHER_3);
    assertThat(index.suggest("counter", "CN", 10)).doesNotContain(CSGO).isNotEmpty();
    assertThat(index.suggest("counter", "US", 10)).contains(CSGO);
    assertThat(index.suggest("   ", "US", 10)).isEmpty();
  }

  @Test
  @DisplayName("home rails: upcoming soonest first, on sale only with a running discount, new and trending already released")
  void homeRails() {
    HomeRails rails = index.rails(SeedFixture.NOW);
    List<Game> upcoming = HomeRails.take(rails.upcoming(), g -> true, 12);
    assertThat(upcoming).hasSize(12).allSatisfy(g -> assertThat(g.releaseAt()).isAfter(SeedFixture.NOW));
    assertThat(upcoming.stream().map(Game::releaseAt).toList()).isSorted();
    assertThat(HomeRails.take(rails.onSale(), g -> true, 12)).hasSize(12)
        .allSatisfy(g -> assertThat(Lifecycle.activeDiscount(g, SeedFixture.NOW)).isNotNull());
    List<Game> trending = HomeRails.take(rails.newAndTrending(), g -> true, 12);
    assertThat(trending).hasSize(12).allSatisfy(g ->
        assertThat(Lifecycle.effectiveStatus(g, SeedFixture.NOW)).isEqualTo(GameStatus.RELEASED));
    assertThat(trending.stream().mapToLong(Game::positiveRatings).max().orElse(0)).isGreaterThan(1_000);
  }

  @Test
  @DisplayName("GameSummary JSON carries the title in the caller's language and the price in the country's currency")
  void summaryJson() {
    Game w3 = index.get(WITCHER_3);
    JsonObject kr = GameJson.summary(w3, "ko", regions.of("KR"), SeedFixture.NOW, null);
    assertThat(kr.getString("title")).isEqualTo("위쳐 3: 와일드 헌트");
    assertThat(kr.getJsonObject("titles").getString("en")).isEqualTo("The Witcher® 3: Wild Hunt");
    JsonObject price = kr.getJsonObject("price");
    assertThat(price.getString("currency")).isEqualTo("KRW");
    assertThat(price.getInteger("digits")).isZero();
    assertThat(price.getLong("list")).isEqualTo(w3.prices().get("KRW"));
    assertThat(price.getBoolean("free")).isFalse();
    assertThat(kr.getString("status")).isEqualTo("released");
    assertThat(kr.getJsonObject("rating").getInteger("percent")).isBetween(90, 100);
    JsonObject announced = GameJson.summary(index.get(SeedCatalog.DEMO_ID_BASE + 4), "en", regions.of("US"),
        SeedFixture.NOW, null);
    assertThat(announced.getString("status")).isEqualTo("announced");
    assertThat(announced.getValue("price")).isNull();
  }
}

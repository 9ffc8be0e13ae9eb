package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The catalog through the public HTTP API of a whole store, on the real seed of 27,075 games. */
@DisplayName("The catalog API of a running store")
class CatalogApiTest {
  private static String base;

  @BeforeAll
  static void startStore() {
    base = TestStore.baseUrl();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("lists all 27,075 seeded games for a worldwide browse, 24 per page by default")
  void browsesTheWholeCatalog() {
    Http.Response r = Http.get(base + "/api/v1/games?country=US&status=released");
    assertThat(r.status()).isEqualTo(200);
    JsonObject page = r.json();
    assertThat(page.getLong("total")).isGreaterThanOrEqualTo(26_000L);
    assertThat(page.getJsonArray("items")).hasSize(24);
    assertThat(page.getJsonObject("facets").getJsonArray("genre")).isNotEmpty();

    JsonObject free = Http.get(base + "/api/v1/games?country=US&priceBand=free&size=100").json();
    assertThat(free.getLong("total")).isGreaterThan(2_000L);
    assertThat(free.getJsonArray("items").stream().map(o -> ((JsonObject) o).getJsonObject("price")))
        .allSatisfy(price -> assertThat(price.getBoolean("free")).isTrue());
  }

  @Test
  @DisplayName("finds The Witcher 3 first for the misspelled query 'wichter 3', with the match highlighted")
  void typoTolerantSearch() {
    JsonObject page = Http.get(base + "/api/v1/games?country=US&q=" + q("wichter 3")).json();
    JsonObject first = page.getJsonArray("items").getJsonObject(0);
    assertThat(first.getLong("id")).isEqualTo(292030L);
    assertThat(first.getJsonObject("highlight").getString("title")).contains("<mark>");
  }

  @Test
  @DisplayName("finds games by their official Korean title, and by a synonym like 'gta'")
  void koreanTitlesAndSynonyms() {
    JsonObject ko = Http.get(base + "/api/v1/games?country=KR&lang=ko&q=" + q("위쳐 3")).json();
    assertThat(ko.getJsonArray("items").getJsonObject(0).getLong("id")).isEqualTo(292030L);
    assertThat(ko.getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("위쳐 3: 와일드 헌트");

    JsonObject gta = Http.get(base + "/api/v1/games?country=US&q=gta").json();
    assertThat(gta.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("title")))
        .anyMatch(t -> t.startsWith("Grand Theft Auto"));
  }

  @Test
  @DisplayName("shows a game's price in the caller's country currency: won without minor units in Korea")
  void regionalPrices() {
    JsonObject kr = Http.get(base + "/api/v1/games/292030?country=KR").json();
    JsonObject us = Http.get(base + "/api/v1/games/292030?country=US").json();
    assertThat(kr.getJsonObject("price").getString("currency")).isEqualTo("KRW");
    assertThat(kr.getJsonObject("price").getInteger("digits")).isZero();
    assertThat(kr.getJsonObject("price").getLong("list") % 100).as("won prices are round").isZero();
    assertThat(us.getJsonObject("price").getString("currency")).isEqualTo("USD");
    assertThat(us.getJsonObject("price").getInteger("digits")).isEqualTo(2);
    JsonObject bySlug = Http.get(base + "/api/v1/games/" + us.getString("slug") + "?country=US").json();
    assertThat(bySlug.getLong("id")).isEqualTo(292030L);
  }

  @Test
  @DisplayName("suggests titles while typing")
  void suggestions() {
    JsonObject s = Http.get(base + "/api/v1/search/suggest?country=US&q=witc").json();
    assertThat(s.getJsonArray("suggestions").stream().map(o -> ((JsonObject) o).getLong("id"))).contains(292030L);
  }

  @Test
  @DisplayName("answers bad input with a 4xx and a machine-readable code, never a 500")
  void badInput() {
    assertError(Http.get(base + "/api/v1/games?size=101"), 400, "VALIDATION");
    assertError(Http.get(base + "/api/v1/games?sort=cheapest"), 400, "VALIDATION");
    assertError(Http.get(base + "/api/v1/games?page=abc"), 400, "VALIDATION");
    assertError(Http.get(base + "/api/v1/games?priceBand=cheap"), 400, "VALIDATION");
    assertError(Http.get(base + "/api/v1/games/999999999?country=US"), 404, "NOT_FOUND");
    assertError(admin("POST", "/api/v1/admin/games", "{not json"), 400, "VALIDATION");
    assertError(Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/games"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 401, "UNAUTHENTICATED");
  }

  @Test
  @DisplayName("registers a game (S1.1) that search finds within a second, then applies the discount registered for it")
  void adminRegistersAndDiscountsAGame() throws InterruptedException {
    String title = "Aurora Test Frontier " + System.nanoTime();
    Instant release = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonObject input = new JsonObject()
        .put("titles", new JsonObject().put("en", title).put("ko", "오로라 테스트 프런티어"))
        .put("description", "A game registered by the test.")
        .put("developer", "K Test Studio").put("publisher", "K Test Publishing")
        .put("genres", new JsonArray().add("Adventure")).put("tags", new JsonArray().add("Exploration"))
        .put("platforms", new JsonArray().add("windows"))
        .put("ageRating", 12).put("releaseAt", release.toString()).put("status", "pre-order")
        .put("prices", new JsonObject().put("USD", 2999).put("KRW", 33000).put("EUR", 2999).put("GBP", 2499)
            .put("JPY", 3300).put("CNY", 13800).put("BRL", 9999).put("INR", 149900).put("TWD", 880))
        .put("serviceCountries", new JsonArray().add("KR").add("US"));
    Http.Response created = admin("POST", "/api/v1/admin/games", input.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().getLong("id");

    JsonObject found = awaitSearch(title, id);
    assertThat(found.getString("status")).isEqualTo("pre-order");
    assertThat(found.getJsonObject("price").getString("currency")).isEqualTo("KRW");
    assertThat(found.getJsonObject("price").getLong("amount")).isEqualTo(33000L);

    JsonObject discount = new JsonObject().put("discount", new JsonObject().put("percent", 20).put("kind", "pre-order")
        .put("startsAt", Instant.now().minusSeconds(60).toString()).put("endsAt", release.toString()));
    Http.Response updated = admin("PUT", "/api/v1/admin/games/" + id, discount.encode());
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    JsonObject kr = Http.get(base + "/api/v1/games/" + id + "?country=KR").json();
    assertThat(kr.getJsonObject("price").getLong("amount")).isEqualTo(26400L);
    assertThat(kr.getJsonObject("price").getInteger("discountPercent")).isEqualTo(20);

    // R12: not sold in Germany: not listed, and its page says why
    JsonObject de = Http.get(base + "/api/v1/games/" + id + "?country=DE").json();
    assertThat(de.getJsonObject("availability").getBoolean("purchasable")).isFalse();
    assertThat(de.getJsonObject("availability").getString("reason")).isEqualTo("NOT_IN_SERVICE_COUNTRIES");
    assertThat(de.getValue("price")).isNull();
    assertThat(Http.get(base + "/api/v1/games?country=DE&q=" + q(title)).json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getLong("id"))).doesNotContain(id);

    JsonObject audit = admin("GET", "/api/v1/admin/games/" + id + "/audit", null).json();
    assertThat(audit.getJsonArray("items")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(audit.getJsonArray("items").getJsonObject(0).getString("actor")).isNotBlank();
  }

  private JsonObject awaitSearch(String title, long id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (true) {
      JsonObject page = Http.get(base + "/api/v1/games?country=KR&q=" + q(title)).json();
      for (Object o : page.getJsonArray("items")) {
        if (((JsonObject) o).getLong("id") == id) {
          return (JsonObject) o;
        }
      }
      assertThat(System.nanoTime()).as("indexed within 1 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static Http.Response admin(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("authorization", "Bearer " + TestStore.adminToken());
    if (body != null) {
      b.header("content-type", "application/json");
    }
    return Http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static void assertError(Http.Response r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonObject body = r.json();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }
}

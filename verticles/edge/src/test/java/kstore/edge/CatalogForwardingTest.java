package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Catalog calls are forwarded over the event bus")
class CatalogForwardingTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  @Test
  @DisplayName("a plain game list asks the catalog for page 1 of 24, best rated first, in the default country")
  void listDefaults() {
    HttpResponse<Buffer> res = stack.get("/api/v1/games");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(res.bodyAsJsonObject().getInteger("total")).isEqualTo(1);
    assertThat(stack.catalog.only(CatalogAddresses.SEARCH).body()).isEqualTo(new JsonObject()
        .put("lang", "en").put("country", "US").put("page", 1).put("size", 24).put("sort", "rating_desc"));
  }

  @Test
  @DisplayName("every search parameter arrives typed: lists as arrays, numbers as numbers, booleans as booleans")
  void typedSearch() {
    HttpResponse<Buffer> res = stack.get("/api/v1/games?q=witcher&genre=RPG&genre=Point%20%26%20Click&tag=Open+World"
        + "&platform=windows&platform=linux&status=released&status=pre-order&onSale=true&priceMin=0&priceMax=5000"
        + "&releasedFrom=2015-01-01&releasedTo=2020-12-31&page=3&size=50&sort=price_asc&country=kr&lang=en"
        + "&utm_source=newsletter");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(stack.catalog.only(CatalogAddresses.SEARCH).body()).isEqualTo(new JsonObject()
        .put("lang", "en").put("country", "KR").put("page", 3).put("size", 50).put("sort", "price_asc")
        .put("q", "witcher")
        .put("genre", new JsonArray().add("RPG").add("Point & Click"))
        .put("tag", new JsonArray().add("Open World"))
        .put("platform", new JsonArray().add("windows").add("linux"))
        .put("status", new JsonArray().add("released").add("pre-order"))
        .put("onSale", true).put("priceMin", 0L).put("priceMax", 5000L)
        .put("releasedFrom", "2015-01-01").put("releasedTo", "2020-12-31"));
  }

  @Test
  @DisplayName("a search sorts by relevance by default and keeps the words exactly as typed")
  void queryKeptExactly() {
    String[][] cases = {
        {"100%25", "100%"}, {"c%2B%2B", "c++"}, {"1.5", "1.5"}, {"%5Bx%5D", "[x]"}, {"%22witcher%22", "\"witcher\""},
        {"true", "true"}, {"2077", "2077"}, {"%EC%9C%84%EC%B3%90", "위쳐"}, {"%20%20elden%20ring%20", "elden ring"}};
    for (String[] c : cases) {
      stack.catalog.reset();
      HttpResponse<Buffer> res = stack.get("/api/v1/games?q=" + c[0]);
      assertThat(res.statusCode()).as("q=%s", c[0]).isEqualTo(200);
      JsonObject sent = stack.catalog.only(CatalogAddresses.SEARCH).body();
      assertThat(sent.getString("q")).as("q=%s", c[0]).isEqualTo(c[1]);
      assertThat(sent.getString("sort")).isEqualTo("relevance");
    }
  }

  @Test
  @DisplayName("an empty q is no search at all")
  void emptyQuery() {
    assertThat(stack.get("/api/v1/games?q=&sort=").statusCode()).isEqualTo(200);
    JsonObject sent = stack.catalog.only(CatalogAddresses.SEARCH).body();
    assertThat(sent.containsKey("q")).isFalse();
    assertThat(sent.getString("sort")).isEqualTo("rating_desc");
  }

  @Test
  @DisplayName("a game page asks by id or slug with the caller's country and language")
  void gamePage() {
    HttpResponse<Buffer> res = stack.get("/api/v1/games/the-witcher-3-wild-hunt?country=KR");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.bodyAsJsonObject().getString("title")).isEqualTo("위쳐 3: 와일드 헌트");
    assertThat(stack.catalog.only(CatalogAddresses.GET).body()).isEqualTo(new JsonObject()
        .put("idOrSlug", "the-witcher-3-wild-hunt").put("lang", "ko").put("country", "KR"));
  }

  @Test
  @DisplayName("a percent-encoded slug is decoded once")
  void encodedSlug() {
    assertThat(stack.get("/api/v1/games/%EC%9C%84%EC%B3%90-3").statusCode()).isEqualTo(200);
    assertThat(stack.catalog.only(CatalogAddresses.GET).body().getString("idOrSlug")).isEqualTo("위쳐-3");
  }

  @Test
  @DisplayName("suggestions ask for at most 10 by default, or the size given")
  void suggest() {
    assertThat(stack.get("/api/v1/search/suggest?q=witc").statusCode()).isEqualTo(200);
    assertThat(stack.get("/api/v1/search/suggest?q=elden&size=5&country=JP").statusCode()).isEqualTo(200);

    var sent = stack.catalog.received(CatalogAddresses.SUGGEST);
    assertThat(sent.get(0).body()).isEqualTo(new JsonObject()
        .put("q", "witc").put("lang", "en").put("country", "US").put("size", 10));
    assertThat(sent.get(1).body()).isEqualTo(new JsonObject()
        .put("q", "elden").put("lang", "ja").put("country", "JP").put("size", 5));
  }

  @Test
  @DisplayName("the home page asks for the rails in the caller's country and language")
  void home() {
    HttpResponse<Buffer> res = TestStack.send(stack.client.get("/api/v1/home").putHeader("X-Country", "JP"));

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.bodyAsJsonObject().containsKey("upcoming")).isTrue();
    assertThat(stack.catalog.only(CatalogAddresses.HOME).body())
        .isEqualTo(new JsonObject().put("lang", "ja").put("country", "JP"));
  }

  @Test
  @DisplayName("every forwarded request carries the request id and an anonymous actor")
  void headers() {
    TestStack.send(stack.client.get("/api/v1/games").putHeader("X-Request-Id", "trace-42"));

    FakeCatalog.Received sent = stack.catalog.only(CatalogAddresses.SEARCH);
    assertThat(sent.requestId()).isEqualTo("trace-42");
    assertThat(sent.actor()).isEqualTo("anonymous");
    assertThat(sent.roles()).isEmpty();
  }

  @Test
  @DisplayName("the storefront context is answered by the edge: country, currency, digits, language and choices")
  void context() {
    HttpResponse<Buffer> res = TestStack.send(stack.client.get("/api/v1/context").putHeader("X-Country", "kr"));

    assertThat(res.statusCode()).isEqualTo(200);
    JsonObject body = res.bodyAsJsonObject();
    assertThat(body.getString("country")).isEqualTo("KR");
    assertThat(body.getString("currency")).isEqualTo("KRW");
    assertThat(body.getInteger("digits")).isEqualTo(0);
    assertThat(body.getString("lang")).isEqualTo("ko");
    assertThat(body.getJsonArray("languages")).containsExactly("en", "ko", "ja", "zh");
    assertThat(body.getJsonArray("countries")).contains(new JsonObject().put("code", "JP").put("currency", "JPY"));
    assertThat(stack.catalog.received()).isEmpty();
  }
}

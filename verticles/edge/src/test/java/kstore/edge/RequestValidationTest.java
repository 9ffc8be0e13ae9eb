package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Bad query parameters get a clear 400 and never reach the catalog")
class RequestValidationTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("each malformed, mistyped or out-of-range parameter is a VALIDATION error")
  @ValueSource(strings = {
      "/api/v1/games?size=101",
      "/api/v1/games?size=500",
      "/api/v1/games?size=0",
      "/api/v1/games?size=ten",
      "/api/v1/games?size=1.5",
      "/api/v1/games?page=0",
      "/api/v1/games?page=-1",
      "/api/v1/games?page=two",
      "/api/v1/games?page=99999999999999999999",
      "/api/v1/games?page=101&size=100",
      "/api/v1/games?page=201&size=50",
      "/api/v1/games?size=10&size=20",
      "/api/v1/games?sort=cheapest",
      "/api/v1/games?sort=PRICE_ASC",
      "/api/v1/games?onSale=maybe",
      "/api/v1/games?priceMin=-1",
      "/api/v1/games?priceMax=lots",
      "/api/v1/games?priceMin=5000&priceMax=100",
      "/api/v1/games?releasedFrom=yesterday",
      "/api/v1/games?releasedFrom=2024-13-45",
      "/api/v1/games?releasedTo=2023-02-29",
      "/api/v1/games?releasedFrom=2024-01-02&releasedTo=2024-01-01",
      "/api/v1/games?platform=amiga",
      "/api/v1/games?status=sold-out",
      "/api/v1/games?country=ZZ",
      "/api/v1/games?country=USA",
      "/api/v1/games?country=1",
      "/api/v1/games?lang=fr",
      "/api/v1/games?q=%FF%FE",
      "/api/v1/games?q=%C3%28",
      "/api/v1/games?q=%zz",
      "/api/v1/games?q=abc%",
      "/api/v1/games?%FF=1",
      "/api/v1/games/%FF",
      "/api/v1/search/suggest",
      "/api/v1/search/suggest?q=",
      "/api/v1/search/suggest?q=%20%20",
      "/api/v1/search/suggest?q=witc&size=11",
      "/api/v1/home?country=XX",
      "/api/v1/context?lang=de",
      "/api/v1/admin/games/abc/audit",
      "/api/v1/admin/games/0/audit",
  })
  void rejected(String uri) {
    HttpResponse<Buffer> res = TestStack.send(stack.client.get(uri)
        .putHeader("Authorization", "Bearer " + TestStack.ADMIN_TOKEN));

    assertThat(res.statusCode()).as(uri).isEqualTo(400);
    JsonObject body = res.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo("VALIDATION");
    assertThat(body.getString("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(res.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(stack.catalog.received()).isEmpty();
  }

  @Test
  @DisplayName("the largest allowed page still passes: page * size = 10000")
  void resultWindowEdge() {
    assertThat(stack.get("/api/v1/games?page=100&size=100").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a query of 200 characters passes and one of 201 is refused")
  void queryLength() {
    assertThat(stack.get("/api/v1/games?q=" + "a".repeat(200)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> tooLong = stack.get("/api/v1/games?q=" + "a".repeat(201));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.bodyAsJsonObject().getString("message")).contains("q");
  }

  @Test
  @DisplayName("the message of a page-window error says what the limit is")
  void windowMessage() {
    assertThat(stack.get("/api/v1/games?page=101&size=100").bodyAsJsonObject().getString("message"))
        .contains("10000");
  }

  @Test
  @DisplayName("unknown query parameters are ignored")
  void unknownParameters() {
    assertThat(stack.get("/api/v1/games?utm_campaign=spring&fbclid=x&_=123").statusCode()).isEqualTo(200);
  }
}

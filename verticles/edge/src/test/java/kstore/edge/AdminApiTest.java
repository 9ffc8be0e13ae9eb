package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The admin API needs a signed-in admin and a valid JSON body")
class AdminApiTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  static JsonObject newGame() {
    return new JsonObject()
        .put("slug", "starfall-odyssey")
        .put("titles", new JsonObject().put("en", "Starfall Odyssey").put("ko", "스타폴 오디세이"))
        .put("developer", "Nova Forge").put("publisher", "K Software")
        .put("genres", new JsonArray().add("RPG")).put("tags", new JsonArray().add("Space"))
        .put("platforms", new JsonArray().add("windows")).put("ageRating", 12)
        .put("releaseAt", "2026-03-01T00:00:00Z").put("status", "pre-order")
        .put("prices", new JsonObject().put("USD", 5999).put("KRW", 66000))
        .put("discount", new JsonObject().put("percent", 10).put("kind", "pre-order")
            .put("startsAt", "2025-12-01T00:00:00Z").put("endsAt", "2026-03-01T00:00:00Z"))
        .put("serviceCountries", (Object) null)
        .put("blockedCountries", new JsonArray().add("CN"));
  }

  private HttpRequest<Buffer> admin(HttpMethod method, String uri) {
    return stack.client.request(method, uri).putHeader("Authorization", "Bearer " + TestStack.ADMIN_TOKEN);
  }

  private static HttpResponse<Buffer> json(HttpRequest<Buffer> request, Object body) {
    return TestStack.send(request.putHeader("Content-Type", "application/json"), Buffer.buffer(
        body instanceof JsonObject o ? o.encode() : body.toString()));
  }

  @Test
  @DisplayName("without a token the admin API answers 401 UNAUTHENTICATED with a bearer challenge")
  void noToken() {
    HttpResponse<Buffer> res = json(stack.client.post("/api/v1/admin/games"), newGame());

    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHENTICATED");
    assertThat(res.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(stack.catalog.received()).isEmpty();
  }

  @ParameterizedTest(name = "Authorization: {0}")
  @DisplayName("a wrong token or scheme is a 401 UNAUTHENTICATED too")
  @ValueSource(strings = {"Bearer wrong-token", "Bearer test-admin-token-012345678", "Bearer ",
      "Basic dGVzdDp0ZXN0", "test-admin-token-0123456789"})
  void wrongToken(String authorization) {
    HttpResponse<Buffer> res = TestStack.send(stack.client.get("/api/v1/admin/games/1/audit")
        .putHeader("Authorization", authorization));

    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHENTICATED");
    assertThat(stack.catalog.received()).isEmpty();
  }

  @Test
  @DisplayName("registering a game forwards the body as the signed-in admin and answers 201 with its location")
  void create() {
    HttpResponse<Buffer> res = json(admin(HttpMethod.POST, "/api/v1/admin/games"), newGame());

    assertThat(res.statusCode()).isEqualTo(201);
    assertThat(res.getHeader("Location")).isEqualTo("/api/v1/games/1001");
    assertThat(res.getHeader("Cache-Control")).isEqualTo("no-store");
    FakeCatalog.Received sent = stack.catalog.only(CatalogAddresses.ADMIN_CREATE);
    assertThat(sent.body()).isEqualTo(newGame());
    assertThat(sent.actor()).isEqualTo("00000000-0000-0000-0000-00000000000a");
    assertThat(sent.roles()).isEqualTo("player,admin");
  }

  @Test
  @DisplayName("a signed-in player without the admin role gets 403 FORBIDDEN and nothing is forwarded")
  void playerIsForbidden() {
    HttpResponse<Buffer> res = json(stack.client.post("/api/v1/admin/games")
        .putHeader("Authorization", "Bearer " + FakeIdentity.PLAYER_TOKEN), newGame());

    assertThat(res.statusCode()).isEqualTo(403);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
    assertThat(stack.catalog.received()).isEmpty();
  }

  @Test
  @DisplayName("a cookie session must echo its CSRF token on writes (403 CSRF_FAILED), then roles apply")
  void cookieWritesNeedCsrf() {
    HttpResponse<Buffer> noCsrf = json(stack.client.post("/api/v1/admin/games")
        .putHeader("Cookie", "kstore_session=" + FakeIdentity.PLAYER_SESSION), newGame());
    HttpResponse<Buffer> wrongCsrf = json(stack.client.post("/api/v1/admin/games")
        .putHeader("Cookie", "kstore_session=" + FakeIdentity.PLAYER_SESSION)
        .putHeader("X-CSRF-Token", "guess"), newGame());
    HttpResponse<Buffer> withCsrf = json(stack.client.post("/api/v1/admin/games")
        .putHeader("Cookie", "kstore_session=" + FakeIdentity.PLAYER_SESSION)
        .putHeader("X-CSRF-Token", FakeIdentity.PLAYER_CSRF), newGame());

    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(noCsrf.bodyAsJsonObject().getString("error")).isEqualTo("CSRF_FAILED");
    assertThat(wrongCsrf.bodyAsJsonObject().getString("error")).isEqualTo("CSRF_FAILED");
    assertThat(withCsrf.statusCode()).isEqualTo(403);
    assertThat(withCsrf.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
    assertThat(stack.catalog.received()).isEmpty();
  }

  @Test
  @DisplayName("an ended session is a 401 and the stale cookie is cleared")
  void endedSession() {
    HttpResponse<Buffer> res = TestStack.send(stack.client.get("/api/v1/admin/games/1/audit")
        .putHeader("Cookie", "kstore_session=ended-session"));

    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(res.getHeader("Set-Cookie")).contains("kstore_session=").contains("Max-Age=0").containsIgnoringCase("HttpOnly");
  }

  @Test
  @DisplayName("the scheme name is case-insensitive and the charset parameter may be given")
  void lenientHeaders() {
    HttpResponse<Buffer> res = TestStack.send(stack.client.post("/api/v1/admin/games")
        .putHeader("Authorization", "bearer " + TestStack.ADMIN_TOKEN)
        .putHeader("Content-Type", "application/json; charset=UTF-8"), newGame().toBuffer());

    assertThat(res.statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("a change merges: the path id and only the fields sent are forwarded, null included")
  void update() {
    JsonObject change = new JsonObject().put("discount", (Object) null)
        .put("titles", new JsonObject().put("ja", "スターフォール"));

    HttpResponse<Buffer> res = json(admin(HttpMethod.PUT, "/api/v1/admin/games/42"), change);

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(stack.catalog.only(CatalogAddresses.ADMIN_UPDATE).body())
        .isEqualTo(change.copy().put("id", 42L));
  }

  @Test
  @DisplayName("the audit trail is asked by id and is never cached")
  void audit() {
    HttpResponse<Buffer> res = TestStack.send(admin(HttpMethod.GET, "/api/v1/admin/games/42/audit"));

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(res.getHeader("ETag")).isNull();
    assertThat(stack.catalog.only(CatalogAddresses.ADMIN_AUDIT).body()).isEqualTo(new JsonObject().put("id", 42L));
    assertThat(stack.catalog.only(CatalogAddresses.ADMIN_AUDIT).actor()).isEqualTo("00000000-0000-0000-0000-00000000000a");
  }

  @Test
  @DisplayName("a body that is not JSON is a 415 UNSUPPORTED_MEDIA_TYPE, before it is read")
  void wrongContentType() {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml",
        "application/json; charset=ISO-8859-1"}) {
      HttpResponse<Buffer> res = TestStack.send(admin(HttpMethod.POST, "/api/v1/admin/games")
          .putHeader("Content-Type", type), newGame().toBuffer());
      assertThat(res.statusCode()).as(type).isEqualTo(415);
      assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }
    HttpResponse<Buffer> untyped = TestStack.send(admin(HttpMethod.PUT, "/api/v1/admin/games/1"),
        Buffer.buffer("{\"ageRating\":3}"));
    assertThat(untyped.statusCode()).isEqualTo(415);
    assertThat(stack.catalog.received()).isEmpty();
  }

  @Test
  @DisplayName("a body over http.maxBodyBytes is a 413 PAYLOAD_TOO_LARGE")
  void tooLarge() {
    JsonObject huge = newGame().put("description", "x".repeat((int) TestStack.MAX_BODY_BYTES + 1));

    HttpResponse<Buffer> res = json(admin(HttpMethod.POST, "/api/v1/admin/games"), huge);

    assertThat(res.statusCode()).isEqualTo(413);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(stack.catalog.received()).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @DisplayName("malformed JSON, a non-object, or a body that breaks the GameInput schema is a 400 VALIDATION")
  @ValueSource(strings = {
      "",
      "{",
      "{\"titles\": }",
      "[]",
      "\"a game\"",
      "null",
      "{}",
      "{\"titles\":{\"ko\":\"스타폴\"},\"developer\":\"a\",\"publisher\":\"b\",\"genres\":[],\"tags\":[],"
          + "\"platforms\":[],\"ageRating\":0,\"releaseAt\":\"2026-03-01T00:00:00Z\",\"status\":\"announced\"}",
      "AGE=twelve",
      "STATUS=sold",
      "PLATFORM=amiga",
      "PERCENT=99",
      "PRICES=usd",
      "COUNTRY=Korea",
      "UNKNOWN_FIELD",
      "RELEASE=soon",
  })
  void invalidCreate(String body) {
    HttpResponse<Buffer> res = TestStack.send(admin(HttpMethod.POST, "/api/v1/admin/games")
        .putHeader("Content-Type", "application/json"), Buffer.buffer(variant(body)));

    assertThat(res.statusCode()).as(body).isEqualTo(400);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("VALIDATION");
    assertThat(stack.catalog.received()).isEmpty();
  }

  private static String variant(String name) {
    JsonObject g = newGame();
    return switch (name) {
      case "AGE=twelve" -> g.put("ageRating", "twelve").encode();
      case "STATUS=sold" -> g.put("status", "sold").encode();
      case "PLATFORM=amiga" -> g.put("platforms", new JsonArray().add("amiga")).encode();
      case "PERCENT=99" -> g.put("discount", g.getJsonObject("discount").put("percent", 99)).encode();
      case "PRICES=usd" -> g.put("prices", new JsonObject().put("usd", 100)).encode();
      case "COUNTRY=Korea" -> g.put("blockedCountries", new JsonArray().add("Korea")).encode();
      case "UNKNOWN_FIELD" -> g.put("pricee", 1).encode();
      case "RELEASE=soon" -> g.put("releaseAt", "soon").encode();
      default -> name;
    };
  }

  @Test
  @DisplayName("a schema error names the field and the rule it breaks")
  void schemaMessages() {
    JsonObject tooDeep = newGame().put("discount", newGame().getJsonObject("discount").put("percent", 99));
    assertThat(json(admin(HttpMethod.POST, "/api/v1/admin/games"), tooDeep).bodyAsJsonObject().getString("message"))
        .endsWith("99 is greater than 95 at discount.percent");
    assertThat(json(admin(HttpMethod.POST, "/api/v1/admin/games"), newGame().put("ageRating", "x"))
        .bodyAsJsonObject().getString("message")).endsWith("Expected integer at ageRating");
    assertThat(json(admin(HttpMethod.POST, "/api/v1/admin/games"), newGame().put("pricee", 1))
        .bodyAsJsonObject().getString("message")).endsWith("unknown property pricee");
    assertThat(json(admin(HttpMethod.POST, "/api/v1/admin/games"), newGame().put("releaseAt", "soon"))
        .bodyAsJsonObject().getString("message")).endsWith("String does not match format \"date-time\" at releaseAt");
  }

  @Test
  @DisplayName("a body that is not UTF-8 is a 400 VALIDATION")
  void notUtf8() {
    Buffer latin1 = Buffer.buffer("{\"developer\":\"").appendBytes(new byte[] {(byte) 0xE9, (byte) 0xFF})
        .appendString("\"}");

    HttpResponse<Buffer> res = TestStack.send(admin(HttpMethod.PUT, "/api/v1/admin/games/7")
        .putHeader("Content-Type", "application/json"), latin1);

    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.bodyAsJsonObject().getString("message")).contains("UTF-8");
  }

  @Test
  @DisplayName("a change must change something, may not carry an id of its own and needs a numeric path id")
  void invalidUpdate() {
    assertThat(json(admin(HttpMethod.PUT, "/api/v1/admin/games/7"), new JsonObject()).statusCode()).isEqualTo(400);
    assertThat(json(admin(HttpMethod.PUT, "/api/v1/admin/games/7"), new JsonObject().put("id", 8)).statusCode())
        .isEqualTo(400);
    assertThat(json(admin(HttpMethod.PUT, "/api/v1/admin/games/seven"), new JsonObject().put("ageRating", 3))
        .statusCode()).isEqualTo(400);
    assertThat(json(admin(HttpMethod.PUT, "/api/v1/admin/games/7"), new JsonObject().put("titles", (Object) null))
        .statusCode()).isEqualTo(400);
    assertThat(stack.catalog.received()).isEmpty();
  }

  @Test
  @DisplayName("a wrong method on an admin path is a 405 with the allowed methods, but only once authenticated")
  void wrongMethod() {
    HttpResponse<Buffer> res = TestStack.send(admin(HttpMethod.DELETE, "/api/v1/admin/games/7"));
    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.getHeader("Allow")).isEqualTo("PUT");
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("VALIDATION");

    // no such operation, so nothing to authenticate: the same 405 without credentials
    assertThat(TestStack.send(stack.client.delete("/api/v1/admin/games/7")).statusCode()).isEqualTo(405);
  }
}

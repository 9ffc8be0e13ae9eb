package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Every HTTP answer is cache-friendly, compressed, traceable and hardened")
class HttpBehaviourTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  @Test
  @DisplayName("a catalog read has a strong ETag and a short public max-age, and If-None-Match gives a 304")
  void etag() {
    HttpResponse<Buffer> first = stack.get("/api/v1/games/the-witcher-3-wild-hunt");
    String etag = first.getHeader("ETag");
    assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(first.getHeader("Cache-Control")).isEqualTo("public, max-age=15");
    assertThat(first.getHeader("Vary")).contains("Accept-Language").contains("X-Country");

    HttpResponse<Buffer> again = TestStack.send(stack.client.get("/api/v1/games/the-witcher-3-wild-hunt")
        .putHeader("If-None-Match", "\"other\", " + etag));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isNull();
    assertThat(again.getHeader("ETag")).isEqualTo(etag);

    HttpResponse<Buffer> weak = TestStack.send(stack.client.get("/api/v1/games/the-witcher-3-wild-hunt")
        .putHeader("If-None-Match", "W/" + etag));
    assertThat(weak.statusCode()).isEqualTo(304);

    HttpResponse<Buffer> otherLanguage = TestStack.send(stack.client.get("/api/v1/games/the-witcher-3-wild-hunt?lang=ko")
        .putHeader("If-None-Match", etag));
    assertThat(otherLanguage.statusCode()).isEqualTo(200);
    assertThat(otherLanguage.getHeader("ETag")).isNotEqualTo(etag);
  }

  @Test
  @DisplayName("every answer carries the security headers, errors and files included; no HSTS without TLS")
  void securityHeaders() {
    for (String uri : new String[] {"/api/v1/games", "/api/v1/nothing", "/app.css", "/", "/health/live"}) {
      HttpResponse<Buffer> res = TestStack.send(stack.client.get(uri).putHeader("Accept", "text/html"));
      assertThat(res.getHeader("Content-Security-Policy")).as(uri).isEqualTo("default-src 'self'; img-src 'self' "
          + "data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
          + "base-uri 'self'; form-action 'self'");
      assertThat(res.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(res.getHeader("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
      assertThat(res.getHeader("X-Frame-Options")).isEqualTo("DENY");
      assertThat(res.getHeader("Permissions-Policy")).contains("camera=()");
      assertThat(res.getHeader("Strict-Transport-Security")).isNull();
    }
  }

  @Test
  @DisplayName("a sane X-Request-Id is echoed and forwarded; a missing or odd one is replaced by a fresh UUID")
  void requestIds() {
    HttpResponse<Buffer> given = TestStack.send(stack.client.get("/api/v1/home").putHeader("X-Request-Id", "abc-123.x"));
    assertThat(given.getHeader("X-Request-Id")).isEqualTo("abc-123.x");
    assertThat(stack.catalog.only(CatalogAddresses.HOME).requestId()).isEqualTo("abc-123.x");

    HttpResponse<Buffer> odd = TestStack.send(stack.client.get("/api/v1/home")
        .putHeader("X-Request-Id", "id with spaces\"and{json}"));
    assertThat(odd.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");

    HttpResponse<Buffer> none = stack.get("/nothing-here.png");
    assertThat(none.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
    assertThat(stack.get("/api/v1/home").getHeader("X-Request-Id")).isNotEqualTo(none.getHeader("X-Request-Id"));
  }

  @Test
  @DisplayName("answers are gzip-compressed for clients that accept it")
  void gzip() throws IOException {
    HttpClient http = stack.vertx.createHttpClient();
    try {
      Response asset = gzipGet(http, "/js/app.js");
      assertThat(asset.headers().get("Content-Encoding")).isEqualTo("gzip");
      String text = new String(new GZIPInputStream(new ByteArrayInputStream(asset.body().getBytes())).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(text).startsWith("export const app = 'k-store';");
      assertThat(asset.body().length()).isLessThan(text.length());

      assertThat(gzipGet(http, "/api/v1/games").headers().get("Content-Encoding")).isEqualTo("gzip");
    } finally {
      TestStack.await(http.close());
    }
  }

  private record Response(MultiMap headers, Buffer body) {
  }

  private Response gzipGet(HttpClient http, String uri) {
    return TestStack.await(http.request(new RequestOptions().setHost("127.0.0.1").setPort(stack.port).setURI(uri)
            .putHeader("Accept-Encoding", "gzip"))
        .compose(req -> req.send().compose(res -> res.body().map(body -> new Response(res.headers(), body)))));
  }

  @Test
  @DisplayName("an unknown API path is a 404 NOT_FOUND in JSON and a wrong method a 405 listing the allowed ones")
  void notFoundAndMethod() {
    for (String uri : new String[] {"/api/v1/nothing", "/api/v1/games/a/b", "/api/v2/games", "/api/"}) {
      HttpResponse<Buffer> res = stack.get(uri);
      assertThat(res.statusCode()).as(uri).isEqualTo(404);
      assertThat(res.getHeader("Content-Type")).startsWith("application/json");
      assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("NOT_FOUND");
    }
    HttpResponse<Buffer> post = TestStack.send(stack.client.post("/api/v1/games"), Buffer.buffer("{}"));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.getHeader("Allow")).isEqualTo("GET");
    assertThat(post.bodyAsJsonObject().getString("error")).isEqualTo("VALIDATION");
    assertThat(TestStack.send(stack.client.delete("/api/v1/games/x")).statusCode()).isEqualTo(405);
  }

  @Test
  @DisplayName("a request line too long is a 414 and headers too large a 431, both in JSON")
  void limits() {
    HttpResponse<Buffer> longLine = stack.get("/api/v1/games?q=" + "a".repeat(5_000));
    assertThat(longLine.statusCode()).isEqualTo(414);
    assertThat(longLine.bodyAsJsonObject().getString("error")).isEqualTo("VALIDATION");

    HttpResponse<Buffer> bigHeaders = TestStack.send(stack.client.get("/api/v1/games")
        .putHeader("X-Big", "b".repeat(9_000)));
    assertThat(bigHeaders.statusCode()).isEqualTo(431);
    assertThat(bigHeaders.bodyAsJsonObject().getString("error")).isEqualTo("VALIDATION");
    assertThat(bigHeaders.getHeader("X-Frame-Options")).isEqualTo("DENY");
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("client-side routes and other pages a browser asks for get index.html, never cached unrevalidated")
  @ValueSource(strings = {"/", "/search", "/search?q=witcher", "/games/the-witcher-3-wild-hunt", "/wishlist/",
      "/index.html", "/apix"})
  void singlePage(String uri) {
    HttpResponse<Buffer> res = TestStack.send(stack.client.get(uri)
        .putHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.bodyAsString()).isEqualTo(TestStack.INDEX_HTML);
    assertThat(res.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(res.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(res.getHeader("ETag")).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the storefront's own routes answer index.html to any client (curl's */* too); other unknown paths a 404")
  @ValueSource(strings = {"/", "/search", "/games/the-witcher-3-wild-hunt"})
  void appRoutesForAnyClient(String uri) {
    HttpResponse<Buffer> res = TestStack.send(stack.client.get(uri).putHeader("Accept", "*/*"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.bodyAsString()).isEqualTo(TestStack.INDEX_HTML);

    HttpResponse<Buffer> other = TestStack.send(stack.client.get("/wishlist/").putHeader("Accept", "*/*"));
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsJsonObject().getString("error")).isEqualTo("NOT_FOUND");
  }

  @Test
  @DisplayName("storefront files get an ETag and are revalidated on every use, with a 304 when unchanged")
  void assets() {
    HttpResponse<Buffer> css = stack.get("/app.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.bodyAsString()).isEqualTo(TestStack.APP_CSS);
    assertThat(css.getHeader("Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(css.getHeader("Cache-Control")).isEqualTo("no-cache");

    HttpResponse<Buffer> again = TestStack.send(stack.client.get("/app.css")
        .putHeader("If-None-Match", css.getHeader("ETag")));
    assertThat(again.statusCode()).isEqualTo(304);

    HttpResponse<Buffer> head = TestStack.send(stack.client.head("/js/app.js"));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Length")).isEqualTo(String.valueOf("export const app = 'k-store';\n".length() * 100));
  }

  @Test
  @DisplayName("a missing file, a hidden file or a path escape is a 404, not the page and not the file")
  void missingFiles() {
    for (String uri : new String[] {"/missing.js", "/.secret", "/js/../.secret", "/%2e%2e/%2e%2e/etc/passwd"}) {
      HttpResponse<Buffer> res = stack.get(uri);
      assertThat(res.statusCode()).as(uri).isEqualTo(404);
      assertThat(res.bodyAsString()).doesNotContain("not for browsers").doesNotContain("root:");
    }
  }

  @Test
  @DisplayName("the OpenAPI document is served as YAML with an ETag")
  void openApiDocument() {
    HttpResponse<Buffer> res = stack.get("/api/v1/openapi.yaml");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.getHeader("Content-Type")).startsWith("application/yaml");
    assertThat(res.bodyAsString()).startsWith("openapi: 3.1.0").contains("/games/{idOrSlug}:")
        .contains("GameSummary:").contains("GameDetail:").contains("SearchResult:").contains("GameInput:")
        .contains("Error:");
    assertThat(TestStack.send(stack.client.get("/api/v1/openapi.yaml").putHeader("If-None-Match",
        res.getHeader("ETag"))).statusCode()).isEqualTo(304);
  }

  @Test
  @DisplayName("a HEAD on an API read is a 405, and a body-less error still says JSON")
  void headOnApi() {
    HttpResponse<Buffer> res = TestStack.send(stack.client.head("/api/v1/games"));
    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.getHeader("Content-Type")).startsWith("application/json");
  }
}

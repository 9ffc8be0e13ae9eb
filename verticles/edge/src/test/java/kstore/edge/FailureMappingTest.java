package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import kstore.contracts.ErrorCode;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Service failures become the HTTP status of their error code")
class FailureMappingTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("each error code a service replies with has its own status, and its message is shown")
  @CsvSource({
      "VALIDATION, 400", "UNAUTHENTICATED, 401", "PAYMENT_DECLINED, 402", "FORBIDDEN, 403", "NOT_FOUND, 404",
      "CONFLICT, 409", "PAYLOAD_TOO_LARGE, 413", "UNSUPPORTED_MEDIA_TYPE, 415", "RATE_LIMITED, 429",
      "REGION_BLOCKED, 451", "UNAVAILABLE, 503", "TIMEOUT, 504"})
  void mapped(ErrorCode code, int status) {
    stack.catalog.fail(CatalogAddresses.GET, code, "because of " + code);

    HttpResponse<Buffer> res = stack.get("/api/v1/games/some-game");

    assertThat(res.statusCode()).isEqualTo(status);
    assertThat(res.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", code.name())
        .put("message", "because of " + code));
    assertThat(res.getHeader("ETag")).isNull();
    assertThat(res.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  @DisplayName("a game that is not there is a 404 NOT_FOUND and one blocked in the country a 451 REGION_BLOCKED")
  void notFoundAndBlocked() {
    stack.catalog.fail(CatalogAddresses.GET, ErrorCode.NOT_FOUND, "No game the-witcher-4");
    assertThat(stack.get("/api/v1/games/the-witcher-4").statusCode()).isEqualTo(404);

    stack.catalog.fail(CatalogAddresses.SEARCH, ErrorCode.REGION_BLOCKED, "The store is not available in IR");
    HttpResponse<Buffer> blocked = stack.get("/api/v1/games?country=IR");
    assertThat(blocked.statusCode()).isEqualTo(451);
    assertThat(blocked.bodyAsJsonObject().getString("error")).isEqualTo("REGION_BLOCKED");
  }

  @Test
  @DisplayName("a catalog that does not answer in time is a 504 TIMEOUT naming the request id")
  void timeout() {
    stack.catalog.silence(CatalogAddresses.SEARCH);

    HttpResponse<Buffer> res = TestStack.send(stack.client.get("/api/v1/games").putHeader("X-Request-Id", "slow-1"));

    assertThat(res.statusCode()).isEqualTo(504);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("TIMEOUT");
    assertThat(res.bodyAsJsonObject().getString("message")).contains("slow-1");
  }

  @Test
  @DisplayName("no catalog on the bus is a 503 UNAVAILABLE")
  void noConsumer() {
    stack.catalog.remove(CatalogAddresses.SUGGEST);

    HttpResponse<Buffer> res = stack.get("/api/v1/search/suggest?q=witc");

    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("UNAVAILABLE");
  }

  @Test
  @DisplayName("an unknown failure code or an INTERNAL failure is a generic 500 that hides the service's words")
  void unknownFailure() {
    stack.catalog.failWithRawCode(CatalogAddresses.HOME, 42, "NullPointerException at CatalogRepository.java:17");

    HttpResponse<Buffer> res = TestStack.send(stack.client.get("/api/v1/home").putHeader("X-Request-Id", "oops-1"));

    assertThat(res.statusCode()).isEqualTo(500);
    JsonObject body = res.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo("INTERNAL");
    assertThat(body.getString("message")).contains("oops-1").doesNotContain("NullPointer");
  }

  @Test
  @DisplayName("a reply that is not a JSON object is a 500 INTERNAL with the request id and no stack trace")
  void wrongReplyShape() {
    stack.catalog.replyWith(CatalogAddresses.SEARCH, new JsonArray().add(1));

    HttpResponse<Buffer> res = TestStack.send(stack.client.get("/api/v1/games").putHeader("X-Request-Id", "shape-1"));

    assertThat(res.statusCode()).isEqualTo(500);
    assertThat(res.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(res.bodyAsJsonObject().getString("message")).contains("shape-1").doesNotContain("Exception");
  }
}

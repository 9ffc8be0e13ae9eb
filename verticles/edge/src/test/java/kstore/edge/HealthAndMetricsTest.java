package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Health and metrics tell operators what they need")
class HealthAndMetricsTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  @Test
  @DisplayName("/health is 200 when PostgreSQL, Redis, Kafka, the cluster and the catalog all answer")
  void healthy() {
    HttpResponse<Buffer> res = stack.get("/health");

    assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
    JsonObject body = res.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getBoolean("live")).isTrue();
    assertThat(body.getBoolean("ready")).isTrue();
    JsonObject checks = body.getJsonObject("checks");
    assertThat(checks.fieldNames()).containsExactlyInAnyOrder("postgres", "redis", "kafka", "cluster", "catalog",
        "identity", "checkout");
    checks.forEach(e -> assertThat(((JsonObject) e.getValue()).getString("status")).as(e.getKey()).isEqualTo("UP"));
    assertThat(checks.getJsonObject("kafka").getInteger("brokers")).isEqualTo(1);
    assertThat(checks.getJsonObject("redis").getString("reply")).isEqualTo("PONG");
    assertThat(checks.getJsonObject("cluster").getInteger("members")).isEqualTo(1);
    assertThat(checks.getJsonObject("catalog").getJsonObject("reply")).isEqualTo(new JsonObject().put("ready", true));
    assertThat(res.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  @DisplayName("/health is 503 with the failing check's detail when no catalog answers its ping")
  void catalogGone() {
    stack.catalog.remove(CatalogAddresses.PING);

    HttpResponse<Buffer> res = stack.get("/health");

    assertThat(res.statusCode()).isEqualTo(503);
    JsonObject body = res.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("DOWN");
    assertThat(body.getBoolean("live")).isTrue();
    assertThat(body.getBoolean("ready")).isFalse();
    JsonObject catalog = body.getJsonObject("checks").getJsonObject("catalog");
    assertThat(catalog.getString("status")).isEqualTo("DOWN");
    assertThat(catalog.getString("error")).startsWith("UNAVAILABLE");
    assertThat(body.getJsonObject("checks").getJsonObject("postgres").getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("/health is 503 when the catalog takes the ping but never answers")
  void catalogSilent() {
    stack.catalog.silence(CatalogAddresses.PING);

    HttpResponse<Buffer> res = stack.get("/health");

    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.bodyAsJsonObject().getJsonObject("checks").getJsonObject("catalog").getString("error"))
        .startsWith("TIMEOUT");
  }

  @Test
  @DisplayName("/health/live is 200 whenever the process serves, even when not ready")
  void live() {
    stack.catalog.remove(CatalogAddresses.PING);

    HttpResponse<Buffer> res = stack.get("/health/live");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("/metrics has Vert.x HTTP server metrics and the edge's per-route timer in Prometheus format")
  void metrics() {
    stack.get("/api/v1/games");
    stack.get("/api/v1/games?size=999");

    HttpResponse<Buffer> res = stack.get("/metrics");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.getHeader("Content-Type")).startsWith("text/plain");
    String text = res.bodyAsString();
    assertThat(text).contains("vertx_http_server_requests_total").contains("vertx_http_server_response_time_seconds");
    assertThat(text).containsPattern("kstore_edge_requests_seconds_count\\{[^}]*route=\"searchGames\"[^}]*status=\"200\"");
    assertThat(text).containsPattern("kstore_edge_requests_seconds_count\\{[^}]*route=\"searchGames\"[^}]*status=\"400\"");
    assertThat(text).doesNotContain("size=999");
  }
}

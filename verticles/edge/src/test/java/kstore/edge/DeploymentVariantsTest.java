package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Configuration changes how the edge answers")
class DeploymentVariantsTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  @Test
  @DisplayName("with http.tls on, every answer also carries HSTS")
  void hsts() throws IOException {
    TestStack.ExtraEdge edge = stack.deployExtra(new JsonObject().put("http", new JsonObject().put("tls", true)),
        TestDirs.create("kstore-edge-tls"));
    try {
      for (String uri : new String[] {"/api/v1/context", "/nothing", "/app.css"}) {
        HttpResponse<Buffer> res = TestStack.send(edge.client().get(uri));
        assertThat(res.getHeader("Strict-Transport-Security")).as(uri).isEqualTo("max-age=31536000; includeSubDomains");
      }
    } finally {
      stack.undeploy(edge);
    }
  }

  @Test
  @DisplayName("without http.webroot the storefront comes from <home>/webroot")
  void homeWebroot() throws IOException {
    TestStack.ExtraEdge edge = stack.deployExtra(new JsonObject().put("http", new JsonObject()
        .putNull("webroot")), TestDirs.create("kstore-edge-home"));
    try {
      HttpResponse<Buffer> res = TestStack.send(edge.client().get("/games/any").putHeader("Accept", "text/html"));
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.bodyAsString()).isEqualTo(Files.readString(StoreConfig.home().resolve("webroot/index.html")));
    } finally {
      stack.undeploy(edge);
    }
  }

  @Test
  @DisplayName("without a trusted country header, X-Country is ignored and answers do not vary on it")
  void untrustedHeader() throws IOException {
    TestStack.ExtraEdge edge = stack.deployExtra(new JsonObject().put("edge", new JsonObject()
        .put("trustCountryHeader", false)), TestDirs.create("kstore-edge-untrusted"));
    try {
      HttpResponse<Buffer> res = TestStack.send(edge.client().get("/api/v1/context").putHeader("X-Country", "KR"));
      assertThat(res.bodyAsJsonObject().getString("country")).isEqualTo("US");
      assertThat(res.getHeader("Vary")).doesNotContain("X-Country");
    } finally {
      stack.undeploy(edge);
    }
  }

  @Test
  @DisplayName("with a GeoIP database, the client's address picks the country (behind a trusted proxy: X-Forwarded-For), privately cached")
  void geoIp() throws Exception {
    java.nio.file.Path db = TestDirs.create("kstore-edge-geoip").resolve("GeoIP2-Country-Test.mmdb");
    try (java.io.InputStream in = getClass().getResourceAsStream("/geoip/GeoIP2-Country-Test.mmdb")) {
      Files.copy(in, db);
    }
    TestStack.ExtraEdge edge = stack.deployExtra(new JsonObject()
        .put("geoip", new JsonObject().put("database", db.toString()))
        .put("edge", new JsonObject().put("trustCountryHeader", false).put("trustForwardedFor", true)),
        TestDirs.create("kstore-edge-geoip-home"));
    try {
      java.util.Map<String, String> expected = java.util.Map.of("2001:220::1", "KR", "2001:218::1", "JP",
          "2a02:d180::1", "DE", "214.78.120.1", "US", "2a02:d2c0::1", "IR");
      for (java.util.Map.Entry<String, String> e : expected.entrySet()) {
        HttpResponse<Buffer> res = TestStack.send(edge.client().get("/api/v1/context")
            .putHeader("X-Forwarded-For", e.getKey() + ", 10.0.0.1"));
        assertThat(res.bodyAsJsonObject().getString("country")).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(res.getHeader("Cache-Control")).as("a CDN must not share " + e.getKey()).startsWith("private");
      }
      HttpResponse<Buffer> korea = TestStack.send(edge.client().get("/api/v1/context")
          .putHeader("X-Forwarded-For", "2001:220::1"));
      assertThat(korea.bodyAsJsonObject().getString("currency")).isEqualTo("KRW");
      HttpResponse<Buffer> unknown = TestStack.send(edge.client().get("/api/v1/context")
          .putHeader("X-Forwarded-For", "10.1.2.3"));
      assertThat(unknown.bodyAsJsonObject().getString("country")).as("not in the database: the default").isEqualTo("US");
      assertThat(unknown.getHeader("Cache-Control")).startsWith("public");
      HttpResponse<Buffer> explicit = TestStack.send(edge.client().get("/api/v1/context?country=FR")
          .putHeader("X-Forwarded-For", "2001:220::1"));
      assertThat(explicit.bodyAsJsonObject().getString("country")).isEqualTo("FR");
    } finally {
      stack.undeploy(edge);
    }
  }

  @Test
  @DisplayName("a geoip.database that is missing fails the start, naming the key")
  void missingGeoIp() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeoIp.open(java.nio.file.Path.of("/nonexistent.mmdb")))
        .hasMessageContaining("geoip.database");
  }
}

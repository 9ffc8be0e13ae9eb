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
}

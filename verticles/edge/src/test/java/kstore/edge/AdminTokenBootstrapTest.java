package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Without a configured admin token")
class AdminTokenBootstrapTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  private TestStack.ExtraEdge deploy(JsonObject edgeConfig, Path dataDir) {
    return stack.deployExtra(new JsonObject().put("edge", edgeConfig), dataDir);
  }

  @Test
  @DisplayName("a dev run generates a token, writes it to <dataDir>/admin-token (owner-only) and accepts it")
  void generated() throws IOException {
    Path dataDir = TestDirs.create("kstore-edge-token").resolve("nested");
    TestStack.ExtraEdge edge = deploy(new JsonObject().put("devAdminToken", true), dataDir);
    try {
      Path file = dataDir.resolve("admin-token");
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      assertThat(token).hasSizeGreaterThanOrEqualTo(40);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

      HttpResponse<Buffer> ok = TestStack.send(edge.client().get("/api/v1/admin/games/5/audit")
          .putHeader("Authorization", "Bearer " + token));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(stack.catalog.only(CatalogAddresses.ADMIN_AUDIT).actor()).isEqualTo("bootstrap-admin");

      HttpResponse<Buffer> wrong = TestStack.send(edge.client().get("/api/v1/admin/games/5/audit")
          .putHeader("Authorization", "Bearer " + TestStack.ADMIN_TOKEN));
      assertThat(wrong.statusCode()).isEqualTo(401);

      // A second instance (same Vert.x, or any node of the cluster) uses the same token rather than its own.
      TestStack.ExtraEdge second = deploy(new JsonObject().put("devAdminToken", true), dataDir.resolveSibling("other"));
      try {
        assertThat(TestStack.send(second.client().get("/api/v1/admin/games/5/audit")
            .putHeader("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);
        assertThat(Files.exists(dataDir.resolveSibling("other").resolve("admin-token"))).isFalse();
      } finally {
        stack.undeploy(second);
      }
    } finally {
      stack.undeploy(edge);
    }
  }

  @Test
  @DisplayName("with devAdminToken off the admin API refuses every call with 401")
  void disabled() throws IOException {
    TestStack.ExtraEdge edge = deploy(new JsonObject().put("devAdminToken", false), TestDirs.create("kstore-edge-off"));
    try {
      HttpResponse<Buffer> res = TestStack.send(edge.client().get("/api/v1/admin/games/5/audit")
          .putHeader("Authorization", "Bearer anything"));
      assertThat(res.statusCode()).isEqualTo(401);
      assertThat(res.bodyAsJsonObject().getString("message")).contains("disabled");
      assertThat(stack.catalog.received()).isEmpty();
    } finally {
      stack.undeploy(edge);
    }
  }
}

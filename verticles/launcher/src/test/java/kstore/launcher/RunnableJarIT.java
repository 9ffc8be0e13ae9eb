package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, checked on the built artifact: {@code java -jar kstore.jar} in an empty directory
 * starts a whole store on its own embedded servers, and the dev admin signs in. (The other tests run on the test
 * classpath, which can hide a class the shaded jar lacks.)
 */
@DisplayName("The runnable jar starts a whole store from an empty directory")
class RunnableJarIT {

  @Test
  @DisplayName("java -jar kstore.jar: ready, catalog searchable, dev admin signs in, dev sign-in offered")
  void startsFromAnEmptyDirectory() throws Exception {
    Path jar = Path.of(System.getProperty("kstore.jar", "target/kstore.jar")).toAbsolutePath();
    assertThat(jar).exists();
    Path home = Files.createTempDirectory("kstore-jar-run");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = home.resolve("node.log");
    Process node = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar.toString(), "--http-port", String.valueOf(port),
        "--exit-with-parent", String.valueOf(ProcessHandle.current().pid())))
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String base = "http://127.0.0.1:" + port;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      Http.Response health = null;
      while (System.nanoTime() < deadline && node.isAlive()) {
        health = Http.get(base + "/health");
        if (health.status() == 200) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
      assertThat(health).as(tail(log)).isNotNull();
      assertThat(health.status()).as(tail(log)).isEqualTo(200);

      assertThat(Http.get(base + "/api/v1/games?q=witcher").json().getLong("total")).isPositive();
      Http.Response admin = Http.postJson(base + "/api/v1/auth/login", new JsonObject()
          .put("email", Main.DEV_ADMIN_EMAIL).put("password", Main.DEV_ADMIN_PASSWORD).put("client", "mobile"));
      assertThat(admin.status()).as(admin.body()).isEqualTo(200);
      assertThat(admin.json().getJsonObject("user").getJsonArray("roles").getList()).contains("admin");
      assertThat(Http.get(base + "/api/v1/auth/providers?country=KR").body()).contains("\"dev\"");
      assertThat(Http.get(base + "/signin").status()).isEqualTo(200);
    } finally {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        node.waitFor(10, TimeUnit.SECONDS);
      }
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}

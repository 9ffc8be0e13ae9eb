package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import kstore.devstack.DevStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two real JVM processes on one clustered event bus. Node 1 runs only the edge; node 2 runs only the
 * catalog (HA). Both use the external servers of this test JVM's dev stack, so neither starts its own.
 */
@DisplayName("A two-node cluster")
class TwoNodeClusterTest {
  private final List<Process> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(Process::destroyForcibly);
  }

  @Test
  @DisplayName("serves a request entering node 1 from the catalog on node 2, and fails the catalog over to node 1 after kill -9 of node 2")
  void edgeOnOneNodeCatalogOnTheOtherWithFailover() throws Exception {
    int http = TestStore.freePort();
    int hz1 = TestStore.freePort();
    int hz2 = TestStore.freePort();
    String members = "127.0.0.1:" + hz1 + ",127.0.0.1:" + hz2;
    String game = "/api/v1/games/292030?country=US"; // The Witcher 3: Wild Hunt
    String url = "http://127.0.0.1:" + http + game;

    Process node1 = startNode("node1", "edge=1", http, hz1, members);
    awaitStatus(url, s -> s == 503 || s == 504, 120, "node 1 up, no catalog anywhere yet");

    Process node2 = startNode("node2", "catalog=1", TestStore.freePort(), hz2, members);
    Http.Response served = awaitStatus(url, s -> s == 200, 180, "catalog on node 2 serving node 1's edge");
    assertThat(served.json().getString("title")).isEqualTo("The Witcher® 3: Wild Hunt");
    assertThat(served.json().getJsonObject("price").getString("currency")).isEqualTo("USD");

    long killedAt = System.nanoTime();
    node2.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(node2.isAlive()).isFalse();
    Http.Response failedOver = awaitStatus(url, s -> s == 200, 120, "catalog redeployed on node 1");
    long gapMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    System.out.println("FAILOVER_GAP_MS=" + gapMs);
    Files.writeString(Path.of("target", "failover-gap-ms.txt"), gapMs + "\n");
    assertThat(failedOver.json().getLong("id")).isEqualTo(292030L);
    assertThat(node1.isAlive()).as("node 1 survived").isTrue();
    // both nodes were given external servers by config: neither may have started embedded ones
    for (String name : List.of("node1", "node2")) {
      assertThat(Files.readString(Path.of("target", "cluster-" + name + ".log")))
          .contains("K Store node ready").doesNotContain("using embedded ones");
    }
  }

  private Process startNode(String name, String verticles, int http, int hz, String members) throws IOException {
    JsonObject external = DevStack.shared().config();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(List.of(System.getProperty("kstore.jvm.flags", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
    cmd.add("-Dkstore.home=" + System.getProperty("kstore.home", "../.."));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("--verticles", verticles, "--http-port", String.valueOf(http),
        "--cluster-port", String.valueOf(hz), "--members", members,
        "--set", "cluster.portAutoIncrement=false", "--set", "cluster.heartbeatSeconds=5",
        "--exit-with-parent", String.valueOf(ProcessHandle.current().pid())));
    Path log = Path.of("target", "cluster-" + name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KSTORE_CONFIG_JSON", external.encode());
    Process p = pb.start();
    nodes.add(p);
    return p;
  }

  private Http.Response awaitStatus(String url, Predicate<Integer> ok, int seconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Http.Response last = null;
    while (System.nanoTime() < deadline) {
      last = Http.get(url);
      if (ok.test(last.status())) {
        return last;
      }
      for (Process p : nodes) {
        if (!p.isAlive() && p.exitValue() != 137 && p.exitValue() != 0) {
          throw new AssertionError("a node died (exit " + p.exitValue() + ") while waiting for: " + what
              + "; see target/cluster-*.log");
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("timed out waiting for: " + what + "; last answer " + (last == null ? "none"
        : last.status() + " " + last.body()) + " (logs in target" + File.separator + "cluster-*.log)");
  }
}

package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kstore.devstack.DevStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The store's process is killed after the payment provider charged and before the store recorded it: a second
 * process (another port, so the provider's webhooks still go to the dead one) settles the order through the
 * reconciliation job alone — never charged without the game, never the game without the charge.
 */
@DisplayName("Checkout survives kill -9 between the provider's charge and our commit")
class CheckoutCrashTest {
  private final List<Process> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(Process::destroyForcibly);
  }

  @Test
  @DisplayName("kill -9 while the provider holds the answer; the restarted store reconciles the order to paid with one entitlement")
  void reconciledAfterKill() throws Exception {
    int port1 = TestStore.freePort();
    Process first = start("crash-node1", port1);
    String base1 = "http://127.0.0.1:" + port1;
    await(base1, 150);

    Client buyer = new Client(base1);
    Http.Response signedUp = buyer.register(Client.email("crash"), "correct-horse-battery", "Crash Buyer", "US", "en");
    assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
    JsonObject quote = buyer.post("/api/v1/orders/quote", new JsonObject()
        .put("items", new JsonArray().add(CheckoutApiTest.STARFALL))).json();
    String key = UUID.randomUUID().toString();
    JsonObject order = new JsonObject().put("quoteToken", quote.getString("quoteToken")).put("method", "card")
        .put("instrument", "pm_card_timeout");
    // the sandbox charges at once but holds its answer 30 s: kill the store while it waits
    CompletableFuture<Http.Response> inFlight = CompletableFuture.supplyAsync(() -> post(buyer, base1, order, key));
    TimeUnit.MILLISECONDS.sleep(1500);
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(inFlight.get(30, TimeUnit.SECONDS).status()).as("the first store died mid-request").isEqualTo(-1);

    int port2 = TestStore.freePort();
    start("crash-node2", port2);
    String base2 = "http://127.0.0.1:" + port2;
    await(base2, 150);
    Client same = new Client(base2);
    same.session = buyer.session;
    same.csrf = buyer.csrf;
    Http.Response retried = post(same, base2, order, key);
    assertThat(retried.status()).as(retried.body()).isBetween(200, 299);
    String orderId = retried.json().getString("id");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String status = retried.json().getString("status");
    while (!"paid".equals(status) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(300);
      status = same.get("/api/v1/orders/" + orderId).json().getString("status");
    }
    assertThat(status).isEqualTo("paid");
    JsonArray library = same.get("/api/v1/library").json().getJsonArray("items");
    assertThat(library).hasSize(1);
    assertThat(library.getJsonObject(0).getString("orderId")).isEqualTo(orderId);
  }

  private static Http.Response post(Client c, String base, JsonObject body, String key) {
    return Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/orders")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").header("Cookie", "kstore_session=" + c.session)
        .header("X-CSRF-Token", c.csrf).header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private Process start(String name, int http) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(List.of(System.getProperty("kstore.jvm.flags", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
    cmd.add("-Dkstore.home=" + System.getProperty("kstore.home", "../.."));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("--verticles", "edge=1,catalog=1,identity=1,checkout=1", "--http-port", String.valueOf(http),
        "--set", "cluster.enabled=false", "--set", "http.publicUrl=http://127.0.0.1:" + http,
        "--set", "checkout.reconcileAfterSeconds=2", "--set", "checkout.jobsPollMs=200",
        "--exit-with-parent", String.valueOf(ProcessHandle.current().pid())));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(Path.of("target", name + ".log").toFile());
    pb.environment().put("KSTORE_CONFIG_JSON", DevStack.shared().config().encode());
    Process p = pb.start();
    nodes.add(p);
    return p;
  }

  private void await(String base, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Http.get(base + "/health").status() == 200) {
        return;
      }
      for (Process p : nodes) {
        if (!p.isAlive() && p.exitValue() != 137) {
          throw new AssertionError("a store process died (exit " + p.exitValue() + "); see target/crash-node*.log");
        }
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("the store at " + base + " was not ready in " + seconds + " s");
  }
}

package kstore.devstack;

import static kstore.devstack.Clients.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@DisplayName("kill -9 of the JVM that owns a stack")
class KillTest {

    private static final Logger LOG = LoggerFactory.getLogger(KillTest.class);

    @Test
    @DisplayName("stops its PostgreSQL, Redis and Kafka within 15 s, and the next start on the dir owns it and sees the data")
    void killNine(Vertx vertx, @TempDir Path dir) throws Exception {
        Process child = startChild(dir);
        JsonObject ready;
        try {
            ready = awaitReady(child, Duration.ofSeconds(120));
        } catch (AssertionError | RuntimeException e) {
            child.destroyForcibly();
            throw e;
        }
        JsonObject pids = ready.getJsonObject("pids");
        assertThat(pids.fieldNames()).containsExactlyInAnyOrder("postgres", "redis", "kafka");
        List<Long> processes = new ArrayList<>();
        pids.forEach(e -> processes.add(((Number) e.getValue()).longValue()));
        processes.add(ready.getLong("watchdog"));
        assertThat(processes).allMatch(Procs::alive);

        // another process on the same dir attaches to the child's servers, and writes through them
        try (DevStack attached = DevStack.start(DevStack.Options.persistent(dir))) {
            assertThat(attached.owner()).isFalse();
            assertThat(attached.config()).isEqualTo(ready.getJsonObject("config"));
            Pool pool = Clients.pg(vertx, attached.config());
            try {
                await(pool.query("CREATE TABLE survivor (name text)").execute());
                await(pool.preparedQuery("INSERT INTO survivor VALUES ($1)").execute(Tuple.of("written before kill -9")));
            } finally {
                await(pool.close());
            }
        }

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        assertThat(Clients.eventually(Duration.ofSeconds(15), () -> processes.stream().noneMatch(Procs::alive)))
            .as("servers and watchdog gone 15 s after the kill; still alive: %s",
                processes.stream().filter(Procs::alive).toList())
            .isTrue();
        LOG.info("servers gone {} ms after kill -9; watchdog log:\n{}", (System.nanoTime() - killedAt) / 1_000_000,
            Files.readString(dir.resolve("logs/watchdog.log")));

        try (DevStack next = DevStack.start(DevStack.Options.persistent(dir))) {
            assertThat(next.owner()).isTrue();
            Pool pool = Clients.pg(vertx, next.config());
            try {
                assertThat(await(pool.query("SELECT name FROM survivor").execute()).iterator().next().getString("name"))
                    .isEqualTo("written before kill -9");
            } finally {
                await(pool.close());
            }
        }
    }

    private static Process startChild(Path dir) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("child-stderr.log");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-cp", cp, StackMain.class.getName(), dir.toString())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return pb.start();
    }

    /** Reads the child's stdout on a helper thread until its READY line (no sleeps: a blocking queue poll). */
    private static JsonObject awaitReady(Process child, Duration timeout) throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the child was killed
            }
            lines.add("EOF");
        }, "stack-child-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("EOF")) {
                break;
            }
            if (line.startsWith("READY ")) {
                return new JsonObject(line.substring(6));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child JVM never printed READY; its output:\n" + seen);
    }
}

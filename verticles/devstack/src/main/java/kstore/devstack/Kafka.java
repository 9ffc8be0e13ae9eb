package kstore.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Single-node KRaft Kafka 4.1 (broker + controller) in a CHILD JVM running the shaded kstore-kafka-broker jar:
 * kafka-clients 4.x must never share a classpath with vertx-kafka-client 5.0.7 (built on kafka-clients 3.7.1).
 * The child watches this JVM's pid and stops itself when it ends; SIGTERM stops it gracefully (&lt;1 s).
 * Readiness: the child writes {@code kafka/broker.ready} after {@code KafkaRaftServer.startup()} returned, i.e.
 * once the broker is unfenced and serves requests (an open port alone is not enough).
 */
final class Kafka {

    static final List<String> JVM_FLAGS = List.of(
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
        "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    private Kafka() {
    }

    static Server start(Layout layout, int port, int controllerPort) throws IOException {
        Path jar = Binaries.kafkaJar();
        Path dir = layout.kafkaDir();
        Files.createDirectories(dir);
        Path ready = dir.resolve("broker.ready");
        Files.deleteIfExists(ready);
        Path log = layout.log("kafka");
        StackFiles.rotate(log);
        long logStart = Files.exists(log) ? Files.size(log) : 0;

        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        Path cds = Binaries.kafkaCds(jar);
        Path cdsDump = null;
        if (cds != null && !Boolean.getBoolean("kstore.devstack.noCds")) {
            if (Files.isRegularFile(cds)) {
                cmd.add("-XX:SharedArchiveFile=" + cds);
            } else {
                // first run on this machine: dump the loaded classes at exit; promoted by stop() below
                cdsDump = cds.resolveSibling(cds.getFileName() + ".tmp-" + UUID.randomUUID());
                cmd.add("-XX:ArchiveClassesAtExit=" + cdsDump);
            }
        }
        cmd.addAll(List.of("-cp", jar.toString(), "kstore.kafkabroker.BrokerMain",
            dir.toString(), Integer.toString(port), Integer.toString(controllerPort), Long.toString(Procs.SELF_PID)));
        Process p = Procs.spawn(cmd, log, false, dir);
        Path pidFile = Server.register(layout, "kafka", p.pid(), "TERM");

        Path dump = cdsDump;
        Runnable promoteCds = dump == null ? null : () -> {
            try {
                if (Files.isRegularFile(dump) && Files.size(dump) > 0 && !Files.exists(cds)) {
                    Binaries.moveIntoPlace(dump, cds);
                }
                Files.deleteIfExists(dump);
            } catch (IOException e) {
                // a later run dumps again
            }
        };

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            if (Files.isRegularFile(ready)) {
                if (cdsDump == null && cds != null && logSince(log, logStart).contains("Unable to use shared archive")) {
                    Files.deleteIfExists(cds); // stale (other JDK build, or jar changed): the next run dumps a new one
                }
                return new Server("kafka", p.pid(), port, "TERM", Duration.ofSeconds(25), pidFile, promoteCds);
            }
            if (!p.isAlive()) {
                String tail = Procs.tail(log, 20);
                Files.deleteIfExists(pidFile);
                if (dump != null) {
                    Files.deleteIfExists(dump);
                }
                if (tail.contains("Address already in use") || tail.contains("BindException")) {
                    throw new Server.PortTaken("kafka: port " + port + " or " + controllerPort + " taken" + tail);
                }
                throw new IOException("kafka broker JVM exited with code " + p.exitValue() + " (log " + log + "):" + tail);
            }
            if (System.nanoTime() > deadline) {
                Procs.stop(p.pid(), 0, "KILL", Duration.ofSeconds(5));
                throw new IOException("kafka not ready after 120 s (log " + log + "):" + Procs.tail(log, 20));
            }
            Procs.pause(20);
        }
    }

    private static String logSince(Path log, long offset) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long len = Math.min(f.length() - offset, 64 * 1024);
            if (len <= 0) {
                return "";
            }
            byte[] b = new byte[(int) len];
            f.seek(offset);
            f.readFully(b);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package kstore.kafkabroker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka (broker + controller in one process), run by kstore-devstack in a child JVM.
 *
 * <pre>java -cp kafka-broker.jar kstore.kafkabroker.BrokerMain DIR BROKER_PORT CONTROLLER_PORT PARENT_PID</pre>
 *
 * <ul>
 *   <li>DIR holds {@code server.properties}, {@code cluster.id}, the log segments ({@code DIR/data}) and, once the
 *       broker serves requests, the marker {@code DIR/broker.ready} (containing this process id).</li>
 *   <li>Storage is formatted on every start with {@code --ignore-formatted}: a no-op for an existing directory.</li>
 *   <li>Watchdog: when the process PARENT_PID ends (even by {@code kill -9}), this JVM exits through its shutdown
 *       hook, which stops the broker gracefully. SIGTERM does the same.</li>
 * </ul>
 * Logging: slf4j-simple; the parent sets {@code -Dorg.slf4j.simpleLogger.logFile=...} so nothing reaches a console.
 */
public final class BrokerMain {

    static final String READY_FILE = "broker.ready";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: BrokerMain DIR BROKER_PORT CONTROLLER_PORT PARENT_PID");
            System.exit(2);
        }
        Path dir = Paths.get(args[0]).toAbsolutePath();
        int brokerPort = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        long parentPid = Long.parseLong(args[3]);

        watchParent(parentPid);

        Files.createDirectories(dir);
        Path ready = dir.resolve(READY_FILE);
        Files.deleteIfExists(ready);

        Properties props = serverProperties(dir, brokerPort, controllerPort);
        Path propsFile = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
            props.store(w, "written by kstore.kafkabroker.BrokerMain on every start");
        }

        String clusterId = clusterId(dir);
        int rc = StorageTool.execute(new String[] {
            "format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"
        }, new PrintStream(OutputStream.nullOutputStream()));
        if (rc != 0) {
            System.err.println("kafka storage format failed with exit code " + rc);
            System.exit(3);
        }

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Never hang the exit: halt if a graceful shutdown takes too long.
            Thread halter = new Thread(() -> {
                try {
                    TimeUnit.SECONDS.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                Runtime.getRuntime().halt(1);
            }, "kafka-shutdown-halter");
            halter.setDaemon(true);
            halter.start();
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-shutdown-hook"));

        server.startup();
        writeAtomically(ready, Long.toString(ProcessHandle.current().pid()));
        System.out.println("KSTORE-KAFKA-READY 127.0.0.1:" + brokerPort);
        server.awaitShutdown();
    }

    static Properties serverProperties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        // Single node: every internal topic with replication factor 1.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Small machine (2 cores): fewer threads than the defaults.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("num.replica.fetchers", "1");
        // The default 128 MiB dedupe buffer is allocated (and zeroed) at start: slow and most of the heap.
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    private static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Uuid.randomUuid().toString();
        writeAtomically(file, id);
        return id;
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void watchParent(long parentPid) {
        var parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("parent process " + parentPid + " is gone, not starting");
            System.exit(4);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("parent process " + parentPid + " ended, stopping the broker");
            System.exit(0);
        });
    }
}

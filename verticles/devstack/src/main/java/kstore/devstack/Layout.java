package kstore.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of one stack directory (a persistent data dir, or a temp dir {@code kstore-devstack-PID-*}).
 * <pre>
 * stack.lock              fcntl lock held by the owning JVM for its whole life (released by the kernel on death)
 * stack.json              state, owner pid, ports and the config JSON (rw-------: it holds the password)
 * pg-kstore.password      the kstore role's password (rw-------)
 * oidc-client.secret      the dev OIDC client's secret (rw-------)
 * payment-sandbox.secret  the payment sandbox's API key, sk_test_… (rw-------)
 * postgres/               PGDATA
 * redis/                  Redis working dir (appendonly.aof in persistent mode)
 * kafka/                  server.properties, cluster.id, data/ (log segments), broker.ready
 * logs/                   postgres.log, redis.log, kafka.log, initdb.log, watchdog.log
 * run/PID-START/          one dir per owning JVM: NAME.pid files ("pid signal starttime") read by its watchdog
 * </pre>
 */
final class Layout {

    final Path dir;
    final boolean temporary;

    Layout(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    Path lockFile() {
        return dir.resolve("stack.lock");
    }

    Path stackJson() {
        return dir.resolve("stack.json");
    }

    Path pgData() {
        return dir.resolve("postgres");
    }

    Path pgPassword() {
        return dir.resolve("pg-kstore.password");
    }

    Path oidcClientSecret() {
        return dir.resolve("oidc-client.secret");
    }

    Path paymentSandboxSecret() {
        return dir.resolve("payment-sandbox.secret");
    }

    Path redisDir() {
        return dir.resolve("redis");
    }

    Path kafkaDir() {
        return dir.resolve("kafka");
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path log(String name) {
        return logs().resolve(name + ".log");
    }

    Path runRoot() {
        return dir.resolve("run");
    }

    Path ownRunDir() {
        return runRoot().resolve(Procs.SELF_PID + "-" + Procs.SELF_START);
    }

    void createDirs() throws IOException {
        Files.createDirectories(logs());
        Files.createDirectories(ownRunDir());
    }
}

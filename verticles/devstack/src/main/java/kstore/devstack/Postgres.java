package kstore.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL 18 from zonky's binary bundle, driven directly (initdb, single-user bootstrap, postmaster) rather
 * than through zonky's {@code EmbeddedPostgres}, whose lifecycle always passes {@code -F} (fsync off), uses
 * {@code trust} authentication and has no notion of a data directory reused across restarts.
 *
 * <ul>
 *   <li>As root, every PostgreSQL binary runs under {@code unshare -U} (a user namespace in which root is
 *       "nobody"); PostgreSQL refuses to run as root.</li>
 *   <li>initdb: UTF8, builtin C.UTF-8 locale provider, {@code scram-sha-256} on TCP, no unix socket at all.</li>
 *   <li>Bootstrap in single-user mode (no server, no socket needed): role {@code kstore} LOGIN CREATEDB with a
 *       generated password, database {@code kstore} owned by it. The cluster dir is built as
 *       {@code postgres.init-PID} and renamed to {@code postgres} only when complete.</li>
 *   <li>Durable (persistent) mode: fsync, synchronous_commit and full_page_writes on. Temp mode: all three off.</li>
 *   <li>Stop: SIGINT = "fast" shutdown (rolls back open transactions, writes a checkpoint, exits).</li>
 * </ul>
 */
final class Postgres {

    static final String DATABASE = "kstore";
    static final String USER = "kstore";

    private Postgres() {
    }

    static Server start(Layout layout, boolean durable, int port) throws IOException {
        Path home = Binaries.postgres();
        Path bin = home.resolve("bin");
        Path pgdata = layout.pgData();
        Path log = layout.log("postgres");
        StackFiles.rotate(log);

        if (!Files.isRegularFile(pgdata.resolve("PG_VERSION"))) {
            initCluster(layout, bin, durable);
        } else if (!Files.isRegularFile(layout.pgPassword())) {
            resetPassword(layout, bin, durable);
        }
        clearStalePostmaster(pgdata);

        List<String> cmd = new ArrayList<>(List.of(
            bin.resolve("postgres").toString(),
            "-D", pgdata.toString(),
            "-p", Integer.toString(port),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=200",
            "-c", "fsync=" + (durable ? "on" : "off"),
            "-c", "synchronous_commit=" + (durable ? "on" : "off"),
            "-c", "full_page_writes=" + (durable ? "on" : "off"),
            "-c", "logging_collector=off",
            "-c", "log_destination=stderr"));
        Process p = Procs.spawn(cmd, log, Procs.ROOT, pgdata);
        Path pidFile = Server.register(layout, "postgres", p.pid(), "INT");

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Path postmasterPid = pgdata.resolve("postmaster.pid");
        while (true) {
            // postmaster.pid line 8 (PM_STATUS) says "ready" once connections are accepted (PostgreSQL 10+)
            String content = StackFiles.readOrNull(postmasterPid);
            if (content != null) {
                String[] lines = content.split("\n");
                if (lines.length >= 8 && lines[7].trim().equals("ready")) {
                    long pid = Long.parseLong(lines[0].trim());
                    if (pid != p.pid()) {
                        pidFile = Server.register(layout, "postgres", pid, "INT");
                    }
                    return new Server("postgres", pid, port, "INT", Duration.ofSeconds(15), pidFile, null);
                }
            }
            if (!p.isAlive()) {
                String tail = Procs.tail(log, 15);
                Files.deleteIfExists(pidFile);
                if (tail.contains("could not bind") || tail.contains("Address already in use")) {
                    throw new Server.PortTaken("postgres: port " + port + " taken" + tail);
                }
                throw new IOException("postgres exited with code " + p.exitValue() + " (log " + log + "):" + tail);
            }
            if (System.nanoTime() > deadline) {
                Procs.stop(p.pid(), 0, "QUIT", Duration.ofSeconds(5));
                throw new IOException("postgres not ready after 60 s (log " + log + "):" + Procs.tail(log, 15));
            }
            Procs.pause(15);
        }
    }

    static String password(Layout layout) throws IOException {
        return Files.readString(layout.pgPassword(), StandardCharsets.UTF_8).trim();
    }

    private static void initCluster(Layout layout, Path bin, boolean durable) throws IOException {
        // leftovers of runs killed while initialising (their initdb may even still be writing: own name per JVM)
        try (var old = Files.newDirectoryStream(layout.dir, "postgres.init*")) {
            for (Path p : old) {
                StackFiles.deleteTree(p);
            }
        }
        Path init = layout.dir.resolve("postgres.init-" + Procs.SELF_PID);
        Path log = layout.log("initdb");
        List<String> initdb = new ArrayList<>(List.of(
            bin.resolve("initdb").toString(),
            "-D", init.toString(),
            "-U", "postgres",
            "--auth-local=trust",          // unused: unix sockets are off
            "--auth-host=scram-sha-256",
            "-E", "UTF8",
            "--locale=C",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8"));
        // Always --no-sync: initdb's own pass fsyncs file by file (~3 s on these VM disks); in durable mode one
        // syncfs below makes the finished cluster durable before it is renamed into place.
        initdb.add("--no-sync");
        int rc = Procs.run(initdb, log, Procs.ROOT, null, Duration.ofMinutes(2));
        if (rc != 0) {
            throw new IOException("initdb failed with code " + rc + " (log " + log + "):" + Procs.tail(log, 15));
        }
        String password = newPassword();
        singleUser(bin, init, false, log, // a cluster still being built: made durable by syncFs below
            "CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + password + "';\n"
                + "CREATE DATABASE " + DATABASE + " OWNER " + USER + ";\n");
        StackFiles.writeAtomically(layout.pgPassword(), password + "\n", true);
        if (durable) {
            syncFs(init);
        }
        StackFiles.deleteTree(layout.pgData()); // a half-made dir without PG_VERSION
        Files.move(init, layout.pgData());
        if (durable) {
            syncFs(layout.dir);
        }
    }

    private static void resetPassword(Layout layout, Path bin, boolean durable) throws IOException {
        clearStalePostmaster(layout.pgData());
        String password = newPassword();
        singleUser(bin, layout.pgData(), durable, layout.log("initdb"),
            "ALTER ROLE " + USER + " PASSWORD '" + password + "';\n");
        StackFiles.writeAtomically(layout.pgPassword(), password + "\n", true);
    }

    /** Runs SQL (one statement per line) in single-user mode; fails on any ERROR/FATAL in its output. */
    private static void singleUser(Path bin, Path pgdata, boolean fsync, Path log, String sql) throws IOException {
        Path out = pgdata.resolveSibling("pg-single-user.out");
        Files.deleteIfExists(out);
        List<String> cmd = List.of(bin.resolve("postgres").toString(), "--single", "-D", pgdata.toString(),
            "-c", "fsync=" + (fsync ? "on" : "off"), "postgres");
        int rc;
        try {
            rc = Procs.run(cmd, out, Procs.ROOT, sql, Duration.ofMinutes(1));
        } finally {
            String text = StackFiles.readOrNull(out);
            Files.deleteIfExists(out);
            if (text != null) {
                Files.writeString(log, text.replaceAll("PASSWORD '[^']*'", "PASSWORD '***'"), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                if (text.contains("ERROR:") || text.contains("FATAL:")) {
                    throw new IOException("PostgreSQL bootstrap failed (log " + log + "):" + Procs.tail(log, 15));
                }
            }
        }
        if (rc != 0) {
            throw new IOException("PostgreSQL single-user bootstrap exited with " + rc + " (log " + log + ")");
        }
    }

    /**
     * A postmaster.pid left by a killed run: if its process still runs on this data dir (its owner JVM died and
     * the watchdog has not finished yet), stop it; otherwise delete the file (PostgreSQL would otherwise refuse
     * to start when the recorded pid is a zombie or was recycled by another root process).
     */
    static void clearStalePostmaster(Path pgdata) throws IOException {
        Path f = pgdata.resolve("postmaster.pid");
        String content = StackFiles.readOrNull(f);
        if (content == null) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(content.split("\n")[0].trim());
        } catch (RuntimeException e) {
            Files.deleteIfExists(f);
            return;
        }
        if (Procs.alive(pid) && Procs.cmdline(pid).contains(pgdata.toString())) {
            Procs.stop(pid, 0, "INT", Duration.ofSeconds(15));
        }
        Files.deleteIfExists(f);
    }

    /** syncfs(2) of the file system holding {@code path} (coreutils {@code sync -f}); plain sync as fallback. */
    private static void syncFs(Path path) throws IOException {
        Path log = path.resolveSibling("sync.out");
        int rc = Procs.run(List.of("sync", "-f", path.toString()), log, false, null, Duration.ofMinutes(2));
        if (rc != 0) {
            rc = Procs.run(List.of("sync"), log, false, null, Duration.ofMinutes(2));
        }
        Files.deleteIfExists(log);
        if (rc != 0) {
            throw new IOException("sync failed for " + path);
        }
    }

    private static String newPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}

package kstore.devstack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Linux process helpers. Liveness is read from {@code /proc/PID/stat}: a zombie counts as dead (PID 1 on these
 * machines reaps orphans late, so a stopped orphan server stays a zombie for a while), and a process is identified by
 * its pid AND its start time (field 22), so a recycled pid is never mistaken for one of ours.
 */
final class Procs {

    static final long SELF_PID = ProcessHandle.current().pid();
    static final long SELF_START = startTime(SELF_PID).orElse(0);
    static final boolean ROOT = uid() == 0;
    private static final File DEV_NULL = new File("/dev/null");

    private Procs() {
    }

    /** Start time (clock ticks since boot) of a live, non-zombie process; empty when gone or a zombie. */
    static OptionalLong startTime(long pid) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        String stat;
        try {
            stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        int close = stat.lastIndexOf(") ");
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state), so field 22 (starttime) is f[19]
        if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(f[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static boolean alive(long pid) {
        return startTime(pid).isPresent();
    }

    /** Alive and the same process (start time matches; {@code startTime <= 0} means "any"). */
    static boolean alive(long pid, long startTime) {
        OptionalLong st = startTime(pid);
        return st.isPresent() && (startTime <= 0 || st.getAsLong() == startTime);
    }

    static String cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends a signal by name (INT, TERM, QUIT, KILL) with kill(1): Java itself can only send TERM and KILL. */
    static void signal(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            p.waitFor();
        } catch (IOException e) {
            // kill(1) missing: fall back to what Java can send
            ProcessHandle.of(pid).ifPresent(h -> {
                if (signal.equals("KILL")) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls until the process is gone; true if it is. */
    static boolean awaitGone(long pid, long startTime, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid, startTime)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(20);
        }
        return true;
    }

    /** Stop with escalation: {@code signal}, then KILL after the timeout. True when it ended without KILL. */
    static boolean stop(long pid, long startTime, String signal, Duration timeout) {
        if (!alive(pid, startTime)) {
            return true;
        }
        signal(pid, signal);
        if (awaitGone(pid, startTime, timeout)) {
            return true;
        }
        signal(pid, "KILL");
        awaitGone(pid, startTime, Duration.ofSeconds(5));
        return false;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Starts a server process detached from the terminal's process group ({@code setsid}: a Ctrl-C in the terminal
     * reaches only the JVM, whose shutdown hook stops the servers in order), optionally inside a user namespace
     * ({@code unshare -U}: PostgreSQL refuses to run as root, and inside the namespace root is "nobody").
     * stdin is /dev/null and output is appended to {@code log}: no pipes, so nothing breaks when the JVM dies.
     */
    static Process spawn(List<String> command, Path log, boolean userNamespace, Path workDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Paths.get("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        if (userNamespace) {
            cmd.add(unshare());
            cmd.add("-U");
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        cleanEnv(pb.environment());
        return pb.start();
    }

    /** Runs a short command to completion; output goes to {@code log}. Returns the exit code. */
    static int run(List<String> command, Path log, boolean userNamespace, String stdin, Duration timeout)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (userNamespace) {
            cmd.add(unshare());
            cmd.add("-U");
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        }
        cleanEnv(pb.environment());
        Process p = pb.start();
        if (stdin != null) {
            try (var out = p.getOutputStream()) {
                out.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeout + ": " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        return p.exitValue();
    }

    private static String unshare() {
        for (String s : new String[] {"/usr/bin/unshare", "/bin/unshare"}) {
            if (Files.isExecutable(Paths.get(s))) {
                return s;
            }
        }
        return "unshare";
    }

    private static void cleanEnv(Map<String, String> env) {
        // Options meant for the application JVM must not leak into the broker JVM (or anything else).
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.remove("CLASSPATH");
        env.remove("MAVEN_OPTS");
    }

    /** The last {@code lines} lines of a (possibly large) log file, for error messages. */
    static String tail(Path log, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 8192);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            String[] all = new String(b, StandardCharsets.UTF_8).split("\n");
            StringBuilder sb = new StringBuilder();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                sb.append("\n    | ").append(all[i]);
            }
            return sb.toString();
        } catch (IOException e) {
            return "\n    | (no log: " + e.getMessage() + ")";
        }
    }

    private static long uid() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "root".equals(System.getProperty("user.name")) ? 0 : 1000;
    }
}

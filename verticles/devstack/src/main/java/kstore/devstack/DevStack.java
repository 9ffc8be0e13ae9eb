package kstore.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.DecodeException;
import kstore.paymentsandbox.PaymentSandbox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL 18, Redis 6.2 and Kafka 4.1 (KRaft) servers on 127.0.0.1 for the dev run and the test suite,
 * when no external servers are configured, plus a mail catcher (SMTP + a web page) and a dev OpenID Connect
 * provider ("K Store Dev ID") and the payment sandbox inside the owning JVM. See verticles/devstack/README.md.
 *
 * <ul>
 *   <li>{@link #start(Options)} with a {@code dataDir}: durable servers whose data lives under that dir and survives
 *       restarts; the first JVM on a dir owns the servers (file lock {@code stack.lock}), later ones attach to them
 *       ({@link #owner()} false) through {@code stack.json}.</li>
 *   <li>{@link #shared()}: one throw-away stack per test JVM on free ports, stopped by a shutdown hook.</li>
 *   <li>A {@code kill -9} of the owning JVM is handled by a watchdog process that stops the servers.</li>
 * </ul>
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(60);
    private static final Pattern TEMP_DIR = Pattern.compile("kstore-devstack-(\\d+)-.+");
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final String MAIL_FROM = "K Store <no-reply@kstore.local>";

    private static DevStack shared;
    private static RuntimeException sharedFailure;

    /**
     * What to start and where.
     *
     * @param dataDir null → a fresh temp dir deleted on close (fsync off); non-null → persistent, durable
     *                (fsync=on, synchronous_commit=on), reused across restarts
     * @param mail    the mail catcher: config {@code smtp} and {@code devstack.mailUi}
     * @param oidc     the dev OpenID Connect provider: config {@code identity.providers} with "K Store Dev ID"
     * @param payments the payment sandbox (kstore-payment-sandbox): config {@code payments.sandbox}
     */
    public record Options(Path dataDir, boolean postgres, boolean redis, boolean kafka, boolean mail, boolean oidc,
                          boolean payments) {

        /** PostgreSQL, Redis and Kafka as chosen, without the mail catcher, the dev OIDC provider and the payment sandbox. */
        public Options(Path dataDir, boolean postgres, boolean redis, boolean kafka) {
            this(dataDir, postgres, redis, kafka, false, false, false);
        }

        /** As chosen, without the payment sandbox. */
        public Options(Path dataDir, boolean postgres, boolean redis, boolean kafka, boolean mail, boolean oidc) {
            this(dataDir, postgres, redis, kafka, mail, oidc, false);
        }

        /** Everything in a fresh temp dir on free ports. */
        public static Options ephemeral() {
            return new Options(null, true, true, true, true, true, true);
        }

        /** Everything, durable, data under {@code dataDir}. */
        public static Options persistent(Path dataDir) {
            return new Options(Objects.requireNonNull(dataDir, "dataDir"), true, true, true, true, true, true);
        }
    }

    private final Layout layout;
    private final boolean owner;
    private final JsonObject config;
    private final List<Server> servers;
    private final List<AutoCloseable> inJvm;
    private final Process watchdog;
    private final FileChannel lockChannel;
    private volatile boolean sharedInstance;
    private Thread hook;
    private boolean closed;

    private DevStack(Layout layout, boolean owner, JsonObject config, List<Server> servers, List<AutoCloseable> inJvm,
                     Process watchdog, FileChannel lockChannel) {
        this.layout = layout;
        this.owner = owner;
        this.config = config;
        this.servers = servers;
        this.inJvm = inJvm;
        this.watchdog = watchdog;
        this.lockChannel = lockChannel;
    }

    /**
     * Starts the servers (owner), or attaches to the ones another JVM — or this one — already runs on the same
     * {@code dataDir}, waiting up to 60 s for them to be ready.
     */
    public static DevStack start(Options options) throws Exception {
        Objects.requireNonNull(options, "options");
        Binaries.sweep();
        if (options.dataDir() == null) {
            sweepStaleTempDirs();
            Path dir = Files.createTempDirectory("kstore-devstack-" + Procs.SELF_PID + "-");
            Layout layout = new Layout(dir, true);
            FileChannel lock = tryLock(layout.lockFile());
            if (lock == null) {
                throw new IllegalStateException("cannot lock the fresh temp dir " + dir);
            }
            return own(layout, options, lock);
        }
        Path dir = options.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Layout layout = new Layout(dir, false);
        long deadline = System.nanoTime() + ATTACH_WAIT.toNanos();
        while (true) {
            FileChannel lock = tryLock(layout.lockFile());
            if (lock != null) {
                return own(layout, options, lock);
            }
            JsonObject state = readState(layout);
            if (state != null && "ready".equals(state.getString("state"))
                && Procs.alive(state.getLong("ownerPid", 0L), state.getLong("ownerStart", 0L))) {
                return attach(layout, options, state);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the dev stack in " + dir + " is locked by another process but did not "
                    + "become ready within " + ATTACH_WAIT.toSeconds() + " s (see " + layout.stackJson() + " and "
                    + layout.logs() + ")");
            }
            Procs.pause(100);
        }
    }

    /**
     * The one stack of this JVM for tests: all servers in a temp dir on free ports, started on first use and
     * stopped by a shutdown hook. {@link #close()} on it is ignored, so a test class cannot stop it for the others.
     */
    public static synchronized DevStack shared() {
        if (shared == null) {
            if (sharedFailure != null) {
                throw sharedFailure;
            }
            try {
                DevStack s = start(Options.ephemeral());
                s.sharedInstance = true;
                shared = s;
            } catch (Exception e) {
                sharedFailure = new IllegalStateException("the shared dev stack did not start: " + e.getMessage(), e);
                throw sharedFailure;
            }
        }
        return shared;
    }

    /**
     * Endpoints of what runs, to merge into the store config —
     * only the keys of the servers started or attached:
     * <pre>
     * "pg":       {"host","port","database","user","password"}
     * "redis":    {"uri"}
     * "kafka":    {"bootstrap"}
     * "smtp":     {"host":"127.0.0.1","port":N,"from":"K Store &lt;no-reply@kstore.local&gt;"}
     * "devstack": {"mailUi":"http://127.0.0.1:M/"}
     * "identity": {"providers":[{"id":"dev","name":"K Store Dev ID","kind":"oidc","issuer":"http://127.0.0.1:P/dev",
     *              "clientId":"kstore-dev","clientSecret":"…","scopes":["openid","email","profile"],"countries":[]}]}
     * "payments": {"sandbox":{"url":"http://127.0.0.1:S","secretKey":"sk_test_…"}}
     * </pre>
     */
    public JsonObject config() {
        return config.copy();
    }

    /** False when attached to a stack that another process (or another instance in this JVM) runs. */
    public boolean owner() {
        return owner;
    }

    /** Stops what this instance owns (graceful, parallel; idempotent). No-op when attached and on {@link #shared()}. */
    @Override
    public void close() {
        if (sharedInstance) {
            return;
        }
        closeNow();
    }

    /** The stack directory (temp or persistent). */
    Path dir() {
        return layout.dir;
    }

    /** Server name → pid of what this instance owns (tests). */
    Map<String, Long> pids() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Server s : servers) {
            m.put(s.name, s.pid);
        }
        return m;
    }

    long watchdogPid() {
        return watchdog == null ? -1 : watchdog.pid();
    }

    // ------------------------------------------------------------------------------------------------ owner

    private static DevStack own(Layout layout, Options options, FileChannel lock) throws Exception {
        long t0 = System.nanoTime();
        boolean durable = !layout.temporary;
        Process watchdog = null;
        List<Server> started = Collections.synchronizedList(new ArrayList<>());
        List<AutoCloseable> inJvm = Collections.synchronizedList(new ArrayList<>());
        JsonObject previous = durable ? readState(layout) : null;
        JsonObject oldPorts = previous == null ? new JsonObject() : previous.getJsonObject("ports", new JsonObject());
        try {
            layout.createDirs();
            stopOrphans(layout.runRoot(), layout.ownRunDir());
            writeState(layout, new JsonObject().put("state", "starting").put("ownerPid", Procs.SELF_PID)
                .put("ownerStart", Procs.SELF_START).put("dataDir", layout.dir.toString()).put("ports", oldPorts));
            watchdog = Watchdog.start(layout);

            // the three servers start in parallel; Kafka (~3 s, a JVM) is the long pole
            Map<String, int[]> ports = Collections.synchronizedMap(new LinkedHashMap<>());
            List<CompletableFuture<Void>> tasks = new ArrayList<>();
            if (options.postgres()) {
                tasks.add(async("postgres", () -> {
                    Server s = startWithRetry(new int[] {oldPorts.getInteger("postgres", 0)}, durable,
                        p -> Postgres.start(layout, durable, p[0]), ports, "postgres");
                    started.add(s);
                }));
            }
            if (options.redis()) {
                tasks.add(async("redis", () -> {
                    Server s = startWithRetry(new int[] {oldPorts.getInteger("redis", 0)}, durable,
                        p -> Redis.start(layout, durable, p[0]), ports, "redis");
                    started.add(s);
                }));
            }
            if (options.kafka()) {
                tasks.add(async("kafka", () -> {
                    Server s = startWithRetry(new int[] {oldPorts.getInteger("kafka", 0),
                            oldPorts.getInteger("kafkaController", 0)}, durable,
                        p -> Kafka.start(layout, p[0], p[1]), ports, "kafka");
                    started.add(s);
                }));
            }
            MailCatcher[] mail = new MailCatcher[1];
            DevIdentityProvider[] oidc = new DevIdentityProvider[1];
            PaymentSandbox[] payments = new PaymentSandbox[1];
            if (options.mail()) {
                tasks.add(async("mail", () -> {
                    mail[0] = startWithRetry(new int[] {oldPorts.getInteger("smtp", 0),
                            oldPorts.getInteger("mailUi", 0)}, durable,
                        p -> MailCatcher.start(p[0], p[1]), ports, "mail");
                    inJvm.add(mail[0]);
                }));
            }
            if (options.oidc()) {
                tasks.add(async("oidc", () -> {
                    oidc[0] = startWithRetry(new int[] {oldPorts.getInteger("oidc", 0)}, durable,
                        p -> DevIdentityProvider.start(p[0]), ports, "oidc");
                    inJvm.add(oidc[0]);
                }));
            }
            if (options.payments()) {
                String secretKey = paymentSandboxSecretKey(layout);
                tasks.add(async("payments", () -> {
                    payments[0] = startWithRetry(new int[] {oldPorts.getInteger("payments", 0)}, durable,
                        p -> startPaymentSandbox(p[0], secretKey), ports, "payments");
                    inJvm.add(payments[0]);
                }));
            }
            Exception failure = null;
            for (CompletableFuture<Void> t : tasks) {
                try {
                    t.get();
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }

            JsonObject config = new JsonObject();
            JsonObject portsJson = oldPorts.copy();
            JsonObject pids = new JsonObject();
            for (Server s : started) {
                pids.put(s.name, s.pid);
            }
            if (ports.containsKey("postgres")) {
                int p = ports.get("postgres")[0];
                portsJson.put("postgres", p);
                config.put("pg", new JsonObject().put("host", "127.0.0.1").put("port", p)
                    .put("database", Postgres.DATABASE).put("user", Postgres.USER)
                    .put("password", Postgres.password(layout)));
            }
            if (ports.containsKey("redis")) {
                int p = ports.get("redis")[0];
                portsJson.put("redis", p);
                config.put("redis", new JsonObject().put("uri", "redis://127.0.0.1:" + p));
            }
            if (ports.containsKey("kafka")) {
                int[] p = ports.get("kafka");
                portsJson.put("kafka", p[0]).put("kafkaController", p[1]);
                config.put("kafka", new JsonObject().put("bootstrap", "127.0.0.1:" + p[0]));
            }
            if (mail[0] != null) {
                portsJson.put("smtp", mail[0].smtpPort()).put("mailUi", mail[0].webPort());
                config.put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", mail[0].smtpPort())
                    .put("from", MAIL_FROM));
                config.put("devstack", new JsonObject().put("mailUi", mail[0].pageUrl()));
            }
            if (oidc[0] != null) {
                portsJson.put("oidc", oidc[0].port());
                config.put("identity", new JsonObject().put("providers", new JsonArray().add(new JsonObject()
                    .put("id", DevIdentityProvider.ISSUER_ID).put("name", "K Store Dev ID").put("kind", "oidc")
                    .put("issuer", oidc[0].issuer()).put("clientId", "kstore-dev")
                    .put("clientSecret", oidcClientSecret(layout))
                    .put("scopes", new JsonArray().add("openid").add("email").add("profile"))
                    .put("countries", new JsonArray()))));
            }
            if (payments[0] != null) {
                portsJson.put("payments", payments[0].port());
                config.put("payments", new JsonObject().put("sandbox", new JsonObject()
                    .put("url", payments[0].baseUrl()).put("secretKey", payments[0].secretKey())));
            }
            writeState(layout, new JsonObject().put("state", "ready").put("ownerPid", Procs.SELF_PID)
                .put("ownerStart", Procs.SELF_START).put("dataDir", layout.dir.toString())
                .put("startedAt", Instant.now().toString()).put("ports", portsJson).put("pids", pids)
                .put("config", config));

            List<Server> ordered = new ArrayList<>(started);
            DevStack stack = new DevStack(layout, true, config, ordered, new ArrayList<>(inJvm), watchdog, lock);
            stack.hook = new Thread(stack::closeNow, "kstore-devstack-shutdown");
            Runtime.getRuntime().addShutdownHook(stack.hook);
            LOG.info("dev stack up in {} ms: {} {} [{}{}]", (System.nanoTime() - t0) / 1_000_000, ordered, inJvm,
                layout.temporary ? "temp " : "", layout.dir);
            if (mail[0] != null) {
                LOG.info("mails sent by the store: {}", mail[0].pageUrl());
            }
            if (payments[0] != null) {
                LOG.info("payment sandbox (no real money): {}/", payments[0].baseUrl());
            }
            return stack;
        } catch (Exception e) {
            closeAll(new ArrayList<>(inJvm));
            stopAll(new ArrayList<>(started));
            Watchdog.stop(watchdog, layout.ownRunDir());
            if (layout.temporary) {
                StackFiles.deleteTree(layout.dir);
            } else {
                try {
                    writeState(layout, new JsonObject().put("state", "failed").put("ownerPid", Procs.SELF_PID)
                        .put("ports", oldPorts).put("error", String.valueOf(e.getMessage())));
                } catch (IOException ignored) {
                    // the error below matters more
                }
            }
            closeQuietly(lock);
            throw e;
        }
    }

    private interface Starter<T> {
        T start(int[] ports) throws IOException;
    }

    private interface Task {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> async(String name, Task task) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                task.run();
                f.complete(null);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "kstore-devstack-start-" + name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Recorded ports are reused when free; a port taken at bind time is replaced (up to 3 attempts). */
    private static <T> T startWithRetry(int[] recorded, boolean durable, Starter<T> starter, Map<String, int[]> out,
                                        String name) throws IOException {
        long t0 = System.nanoTime();
        int[] ports = new int[recorded.length];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = durable ? Ports.reuseOrPick(recorded[i]) : Ports.pick();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                T s = starter.start(ports);
                if (s instanceof Server server) {
                    server.startMillis = (System.nanoTime() - t0) / 1_000_000;
                }
                out.put(name, ports);
                return s;
            } catch (Server.PortTaken e) {
                if (attempt >= 3) {
                    throw e;
                }
                LOG.debug("{}; retrying on other ports", e.getMessage());
                for (int i = 0; i < ports.length; i++) {
                    ports[i] = Ports.pick();
                }
            }
        }
    }

    private synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        if (!owner) {
            return;
        }
        long t0 = System.nanoTime();
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
        if (!layout.temporary) {
            try {
                JsonObject st = readState(layout);
                if (st != null) {
                    writeState(layout, st.put("state", "stopping"));
                }
            } catch (IOException e) {
                // keep stopping
            }
        }
        closeAll(inJvm);
        stopAll(servers);
        Watchdog.stop(watchdog, layout.ownRunDir());
        if (layout.temporary) {
            StackFiles.deleteTree(layout.dir);
        } else {
            try {
                JsonObject st = readState(layout);
                if (st != null) {
                    st.remove("pids");
                    writeState(layout, st.put("state", "stopped").put("stoppedAt", Instant.now().toString()));
                }
            } catch (IOException e) {
                // the ports stay recorded anyway
            }
        }
        closeQuietly(lockChannel);
        LOG.info("dev stack stopped in {} ms ({})", (System.nanoTime() - t0) / 1_000_000, layout.dir);
    }

    /** Stops the servers that run inside this JVM (mail catcher, dev OIDC provider); they stop in milliseconds. */
    private static void closeAll(List<AutoCloseable> services) {
        for (AutoCloseable s : services) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", s, e.toString());
            }
        }
    }

    /** The dev OIDC client's secret: random per stack, kept in the stack dir (rw-------) so restarts reuse it. */
    private static String oidcClientSecret(Layout layout) throws IOException {
        String kept = StackFiles.readOrNull(layout.oidcClientSecret());
        if (kept != null && !kept.isBlank()) {
            return kept.trim();
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String secret = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        StackFiles.writeAtomically(layout.oidcClientSecret(), secret + "\n", true);
        return secret;
    }

    /** The payment sandbox's API key: random per stack, kept in the stack dir (rw-------) so restarts reuse it. */
    private static String paymentSandboxSecretKey(Layout layout) throws IOException {
        String kept = StackFiles.readOrNull(layout.paymentSandboxSecret());
        if (kept != null && !kept.isBlank()) {
            return kept.trim();
        }
        String key = "sk_test_" + randomToken();
        StackFiles.writeAtomically(layout.paymentSandboxSecret(), key + "\n", true);
        return key;
    }

    private static String randomToken() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The payment sandbox on {@code port} (127.0.0.1, documented timings); a port in use → {@link Server.PortTaken}. */
    private static PaymentSandbox startPaymentSandbox(int port, String secretKey) throws IOException {
        try {
            return PaymentSandbox.start(PaymentSandbox.Options.defaults().withPort(port).withSecretKey(secretKey));
        } catch (IOException e) {
            throw Server.bindFailure(e, "payment sandbox: port " + port + " taken");
        }
    }

    /** Stops servers in parallel: Kafka's graceful stop and PostgreSQL's checkpoint overlap. */
    private static void stopAll(List<Server> servers) {
        List<Thread> threads = new ArrayList<>();
        for (Server s : servers) {
            Thread t = new Thread(s::stop, "kstore-devstack-stop-" + s.name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(40).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ attach

    private static DevStack attach(Layout layout, Options options, JsonObject state) {
        JsonObject running = state.getJsonObject("config", new JsonObject());
        JsonObject config = new JsonObject();
        List<String> missing = new ArrayList<>();
        pick(options.postgres(), "pg", running, config, missing);
        pick(options.redis(), "redis", running, config, missing);
        pick(options.kafka(), "kafka", running, config, missing);
        pick(options.mail(), "smtp", running, config, missing);
        pick(options.mail(), "devstack", running, config, missing);
        pick(options.oidc(), "identity", running, config, missing);
        pick(options.payments(), "payments", running, config, missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the dev stack in " + layout.dir + " (owner pid " + state.getLong("ownerPid")
                + ") runs without " + missing + "; the first process on a data dir decides what runs");
        }
        LOG.info("attached to the dev stack of pid {} in {}", state.getLong("ownerPid"), layout.dir);
        return new DevStack(layout, false, config, List.of(), List.of(), null, null);
    }

    private static void pick(boolean wanted, String key, JsonObject running, JsonObject into, List<String> missing) {
        if (!wanted) {
            return;
        }
        JsonObject v = running.getJsonObject(key);
        if (v == null) {
            missing.add(key);
        } else {
            into.put(key, v.copy());
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    /** The lock, or null when another process (or this JVM) holds it. */
    private static FileChannel tryLock(Path file) throws IOException {
        return tryLock(file, true);
    }

    private static FileChannel tryLock(Path file, boolean create) throws IOException {
        FileChannel ch = create ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
            : FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return ch;
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM
        }
        ch.close();
        return null;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close(); // releases the lock
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private static JsonObject readState(Layout layout) {
        String s = StackFiles.readOrNull(layout.stackJson());
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(s);
        } catch (DecodeException e) {
            return null;
        }
    }

    private static void writeState(Layout layout, JsonObject state) throws IOException {
        StackFiles.writeAtomically(layout.stackJson(), state.encodePrettily() + "\n", true);
    }

    // ------------------------------------------------------------------------------------------------ stale state

    /** Servers registered by earlier owners of this dir that died (we hold the lock, so they are orphans). */
    private static void stopOrphans(Path runRoot, Path ownRunDir) {
        if (!Files.isDirectory(runRoot)) {
            return;
        }
        List<Thread> stops = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(runRoot)) {
            for (Path run : runs) {
                if (run.equals(ownRunDir) || !Files.isDirectory(run)) {
                    continue;
                }
                try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(run, "*.pid")) {
                    for (Path f : pidFiles) {
                        String[] parts = String.valueOf(StackFiles.readOrNull(f)).trim().split("\\s+");
                        if (parts.length < 3) {
                            continue;
                        }
                        long pid = Long.parseLong(parts[0]);
                        long st = Long.parseLong(parts[2]);
                        if (Procs.alive(pid, st)) {
                            LOG.info("stopping orphaned {} (pid {}) left by a killed run", f.getFileName().toString().replace(".pid", ""), pid);
                            Thread t = new Thread(() -> Procs.stop(pid, st, parts[1], Duration.ofSeconds(15)));
                            t.setDaemon(true);
                            t.start();
                            stops.add(t);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // unreadable leftovers are just deleted
                }
            }
        } catch (IOException e) {
            return;
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(runRoot)) {
            for (Path run : runs) {
                if (!run.equals(ownRunDir)) {
                    StackFiles.deleteTree(run);
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    /**
     * Temp stacks of killed JVMs: {@code java.io.tmpdir/kstore-devstack-PID-*} whose lock is free (its owner is
     * dead). Their watchdog normally deletes them; this catches the rest. Runs once per JVM, in the background.
     */
    private static void sweepStaleTempDirs() {
        if (!SWEPT.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, "kstore-devstack-*")) {
                for (Path dir : ds) {
                    Matcher m = TEMP_DIR.matcher(dir.getFileName().toString());
                    if (!m.matches() || Long.parseLong(m.group(1)) == Procs.SELF_PID || !Files.isDirectory(dir)) {
                        continue;
                    }
                    sweepOne(dir);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("temp dir sweep: {}", e.toString());
            }
        }, "kstore-devstack-sweep");
        t.setDaemon(true);
        t.start();
    }

    private static void sweepOne(Path dir) {
        try {
            Path lockFile = dir.resolve("stack.lock");
            Instant modified = Files.getLastModifiedTime(dir).toInstant();
            if (!Files.exists(lockFile)) {
                // being created right now, or a JVM died before locking
                if (modified.isBefore(Instant.now().minus(Duration.ofMinutes(2)))) {
                    StackFiles.deleteTree(dir);
                }
                return;
            }
            FileChannel ch = tryLock(lockFile, false);
            if (ch == null) {
                return; // a live owner
            }
            try {
                stopOrphans(dir.resolve("run"), null);
                StackFiles.deleteTree(dir);
                LOG.debug("deleted stale dev stack dir {}", dir);
            } finally {
                closeQuietly(ch);
            }
        } catch (IOException | RuntimeException e) {
            // another JVM is sweeping it
        }
    }

    @Override
    public String toString() {
        return "DevStack[" + (owner ? "owner" : "attached") + ", " + layout.dir + ", " + config.fieldNames() + "]";
    }
}

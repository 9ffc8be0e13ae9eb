package kstore.paymentsandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The payment sandbox: an HTTP server speaking the shapes of the card (PaymentIntent), redirect wallet
 * (ready → approve) and voucher providers, with 3-D Secure and wallet approval pages and signed webhooks, as
 * described in {@code verticles/payment-sandbox/PROTOCOL.md}. Everything lives in memory; no real money moves.
 * Its threads are daemons; {@link #close()} stops it.
 */
public final class PaymentSandbox implements AutoCloseable {

    /**
     * Where it listens and how long its timing instruments wait.
     *
     * @param host                bind address (127.0.0.1)
     * @param port                0 = a free port
     * @param secretKey           the API's bearer key; null = a new random {@code sk_test_…}
     * @param timeoutHang         how long {@code pm_card_timeout} and {@code wallet_timeout} hold the reply (30 s)
     * @param timeoutWebhookDelay when their webhook goes out, counted from the call (5 s)
     * @param lateWebhookDelay    how late {@code pm_card_lateWebhook}'s webhook comes (10 s)
     * @param webhookRetryDelays  waits before each retry of a failed delivery (1 s, 5 s, 30 s)
     */
    public record Options(String host, int port, String secretKey, Duration timeoutHang, Duration timeoutWebhookDelay,
                          Duration lateWebhookDelay, List<Duration> webhookRetryDelays) {

        /** Checks the values and copies the retry list. */
        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            if (secretKey != null && secretKey.isBlank()) {
                throw new IllegalArgumentException("secretKey must not be blank");
            }
            Objects.requireNonNull(timeoutHang, "timeoutHang");
            Objects.requireNonNull(timeoutWebhookDelay, "timeoutWebhookDelay");
            Objects.requireNonNull(lateWebhookDelay, "lateWebhookDelay");
            webhookRetryDelays = List.copyOf(webhookRetryDelays);
        }

        /** 127.0.0.1, a free port, a random key and the documented timings. */
        public static Options defaults() {
            return new Options("127.0.0.1", 0, null, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(10), List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        }

        public Options withHost(String h) {
            return new Options(h, port, secretKey, timeoutHang, timeoutWebhookDelay, lateWebhookDelay, webhookRetryDelays);
        }

        public Options withPort(int p) {
            return new Options(host, p, secretKey, timeoutHang, timeoutWebhookDelay, lateWebhookDelay, webhookRetryDelays);
        }

        public Options withSecretKey(String k) {
            return new Options(host, port, k, timeoutHang, timeoutWebhookDelay, lateWebhookDelay, webhookRetryDelays);
        }

        /** Shrinks (or stretches) the timing instruments, e.g. for tests. */
        public Options withTimings(Duration hang, Duration timeoutWebhook, Duration lateWebhook, List<Duration> retries) {
            return new Options(host, port, secretKey, hang, timeoutWebhook, lateWebhook, retries);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final ScheduledExecutorService scheduler;
    private final String secretKey;
    private final String baseUrl;
    private final SandboxRoutes routes;
    private boolean closed;

    private PaymentSandbox(HttpServer server, ExecutorService threads, ScheduledExecutorService scheduler,
                           String secretKey, String baseUrl, SandboxRoutes routes) {
        this.server = server;
        this.routes = routes;
        this.threads = threads;
        this.scheduler = scheduler;
        this.secretKey = secretKey;
        this.baseUrl = baseUrl;
    }

    /** Starts a sandbox; a port in use is a {@link java.net.BindException}. */
    public static PaymentSandbox start(Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        HttpServer server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        String secretKey = options.secretKey() != null ? options.secretKey() : Ids.secret("sk_test_");
        int port = server.getAddress().getPort();
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        String baseUrl = "http://" + host + ":" + port;
        ExecutorService threads = Executors.newFixedThreadPool(8, daemons("kstore-payment-sandbox"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemons("kstore-payment-sandbox-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        Webhooks webhooks = new Webhooks(scheduler, threads, options.webhookRetryDelays());
        SandboxRoutes routes = new SandboxRoutes(secretKey, new Cards(webhooks, options, baseUrl),
            new Wallets(webhooks, options, baseUrl), new Vouchers(webhooks, scheduler, baseUrl), webhooks, scheduler, threads);
        server.createContext("/", routes);
        server.setExecutor(threads);
        server.start();
        return new PaymentSandbox(server, threads, scheduler, secretKey, baseUrl, routes);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash); the API is under {@code /v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The bearer key every {@code /v1} call needs. */
    public String secretKey() {
        return secretKey;
    }

    /**
     * How many API calls came for exactly {@code method} and {@code path} (e.g. {@code "POST", "/v1/payment_intents"}),
     * answered or refused. A test hook, not part of the providers' protocol: it lets a store's tests prove a call was
     * never made (a refused card created no intent) or made once (a cached lookup).
     */
    public long apiCalls(String method, String path) {
        return routes.apiCalls(method, path);
    }

    /** Stops listening and drops every pending timer (held-back replies, webhook retries, voucher expiries). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "payment sandbox :" + port();
    }

    /** Standalone: {@code [--host H] [--port P] [--secret-key sk_test_…]}; prints the URL and key, runs until killed. */
    public static void main(String[] args) throws Exception {
        Options options = Options.defaults().withPort(8090);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> options = options.withHost(args[i + 1]);
                case "--port" -> options = options.withPort(Integer.parseInt(args[i + 1]));
                case "--secret-key" -> options = options.withSecretKey(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (use --host, --port, --secret-key)");
            }
        }
        PaymentSandbox sandbox = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "kstore-payment-sandbox-stop"));
        System.out.println(Pages.BANNER);
        System.out.println("payment sandbox: " + sandbox.baseUrl() + "/");
        System.out.println("secret key:      " + sandbox.secretKey());
        Thread.currentThread().join();
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package kstore.paymentsandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook endpoints and event delivery: every event goes to every registered endpoint as
 * {@code POST url} with {@code Sandbox-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}; a non-2xx
 * answer or a connection failure is retried after each of the configured delays (1 s, 5 s, 30 s), then given up.
 */
final class Webhooks {

    /** A registered receiver and the secret its signatures use. */
    record Endpoint(String id, String url, String secret) {
        JsonObject toJson() {
            return new JsonObject().put("id", id).put("object", "webhook_endpoint").put("url", url).put("secret", secret);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Endpoint> byUrl = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    private final HttpClient client;
    private final List<Duration> retryDelays;

    Webhooks(ScheduledExecutorService scheduler, ExecutorService senders, List<Duration> retryDelays) {
        this.scheduler = scheduler;
        this.senders = senders;
        this.retryDelays = List.copyOf(retryDelays);
        this.client = HttpClient.newBuilder().executor(senders).connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The endpoint of {@code url}: registering a url again answers the same endpoint and secret. */
    Endpoint register(String url) {
        return byUrl.computeIfAbsent(url, u -> new Endpoint(Ids.next("we_"), u, Ids.secret("whsec_")));
    }

    boolean remove(String id) {
        return byUrl.values().removeIf(e -> e.id().equals(id));
    }

    static JsonObject event(String type, JsonObject object) {
        return new JsonObject().put("id", Ids.next("evt_")).put("object", "event").put("type", type)
            .put("created", Instant.now().getEpochSecond())
            .put("data", new JsonObject().put("object", object.copy()));
    }

    /** Delivers {@code event} to every endpoint after {@code delay}, with retries; returns at once. */
    void send(JsonObject event, Duration delay) {
        String body = event.encode();
        for (Endpoint e : byUrl.values()) {
            schedule(() -> attempt(e, body, 0), delay);
        }
    }

    /** Delivers {@code event} and waits (up to 10 s) for each endpoint's first attempt; retries go on afterwards. */
    void sendAndWait(JsonObject event) {
        String body = event.encode();
        List<CompletableFuture<?>> firsts = new ArrayList<>();
        for (Endpoint e : byUrl.values()) {
            firsts.add(attempt(e, body, 0));
        }
        try {
            CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new))
                .get(ATTEMPT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a slow receiver: the buyer is redirected anyway
        }
    }

    /** The documented signature header value for {@code body} signed at {@code t} (unix seconds). */
    static String signature(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private CompletableFuture<Void> attempt(Endpoint e, String body, int attempt) {
        long t = Instant.now().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(e.url())).timeout(ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "kstore-payment-sandbox")
                .header("Sandbox-Signature", signature(e.secret(), t, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException bad) {
            LOG.warn("webhook endpoint {} has an unusable url {}", e.id(), e.url());
            return CompletableFuture.completedFuture(null);
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            int status = response == null ? -1 : response.statusCode();
            if (status >= 200 && status < 300) {
                return null;
            }
            String why = failure != null ? failure.toString() : "HTTP " + status;
            if (attempt < retryDelays.size()) {
                Duration next = retryDelays.get(attempt);
                LOG.debug("webhook to {} failed ({}); retry {} in {}", e.url(), why, attempt + 1, next);
                schedule(() -> attempt(e, body, attempt + 1), next);
            } else {
                LOG.info("webhook to {} given up after {} attempts ({})", e.url(), attempt + 1, why);
            }
            return null;
        });
    }

    private void schedule(Runnable r, Duration delay) {
        try {
            scheduler.schedule(() -> senders.execute(r), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }
}

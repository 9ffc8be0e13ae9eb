package kstore.paymentsandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonObject;

/** Test side of the sandbox: real HTTP calls as the store's adapters and a buyer's browser would make them. */
final class SandboxClient {

    static final Duration FAST = Duration.ofMillis(300);

    /** A sandbox with the timing instruments shrunk: hang 2 s, timeout webhook 0.3 s, late 1 s, retries 0.2/0.4/0.6 s. */
    static PaymentSandbox startFast() throws IOException {
        return PaymentSandbox.start(PaymentSandbox.Options.defaults().withTimings(Duration.ofSeconds(2), FAST,
            Duration.ofSeconds(1), List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(600))));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();

    private final PaymentSandbox sandbox;

    SandboxClient(PaymentSandbox sandbox) {
        this.sandbox = sandbox;
    }

    HttpResponse<String> post(String path, JsonObject body) {
        return post(path, body, null);
    }

    HttpResponse<String> post(String path, JsonObject body, String idempotencyKey) {
        HttpRequest.Builder b = api(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b);
    }

    HttpResponse<String> get(String path) {
        return send(api(path).GET());
    }

    /** The body of a 200 answer as JSON (fails on anything else). */
    JsonObject ok(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    static JsonObject error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getJsonObject("error");
    }

    /** A browser's GET of a sandbox page (absolute URL). */
    static HttpResponse<String> browse(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** A browser's form POST (a button press). */
    static HttpResponse<String> press(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String location(HttpResponse<String> r) {
        if (r.statusCode() != 303) {
            throw new AssertionError("expected a 303 redirect, got " + r.statusCode() + ": " + r.body());
        }
        return r.headers().firstValue("Location").orElseThrow();
    }

    static Map<String, String> query(String url) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        for (String pair : q.split("&")) {
            String[] kv = pair.split("=", 2);
            m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return m;
    }

    HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + sandbox.secretKey());
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

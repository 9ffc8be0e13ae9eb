package kstore.paymentsandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import io.vertx.core.json.JsonObject;

/** One request as the handlers see it: method, path, path parameters, query, headers and the whole body. */
final class SandboxRequest {

    private static final int MAX_BODY = 1 << 20;

    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final HttpExchange exchange;
    private final String body;
    private final List<Runnable> afterReply = new ArrayList<>();
    private List<String> pathParams = List.of();

    private SandboxRequest(String method, String path, Map<String, String> query, HttpExchange exchange, String body) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.exchange = exchange;
        this.body = body;
    }

    static SandboxRequest read(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiError(413, "invalid_request_error", "body_too_large", null, "request body over 1 MiB");
        }
        return new SandboxRequest(ex.getRequestMethod().toUpperCase(), ex.getRequestURI().getRawPath(),
            decodeForm(ex.getRequestURI().getRawQuery()), ex, new String(bytes, StandardCharsets.UTF_8));
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String query(String name) {
        return query.get(name);
    }

    String pathParam(int i) {
        return pathParams.get(i);
    }

    void pathParams(List<String> params) {
        this.pathParams = List.copyOf(params);
    }

    /** The body as a JSON object ({} when empty); anything else is a 400. */
    JsonObject json() {
        if (body.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(body);
        } catch (RuntimeException e) {
            throw ApiError.invalid("invalid_json", null, "the body must be a JSON object");
        }
    }

    /** The body as an HTML form ({@code application/x-www-form-urlencoded}). */
    Map<String, String> form() {
        return decodeForm(body);
    }

    /** What makes two requests with one Idempotency-Key "the same": method, path and body (JSON compared as JSON). */
    Object fingerprint() {
        Object content;
        try {
            content = body.isBlank() ? new JsonObject() : new JsonObject(body);
        } catch (RuntimeException e) {
            content = body;
        }
        return List.of(method, path, content);
    }

    /** Runs after the reply has been written (e.g. a webhook that must not overtake the browser's redirect). */
    void afterReply(Runnable r) {
        afterReply.add(r);
    }

    List<Runnable> afterReplyActions() {
        return afterReply;
    }

    private static Map<String, String> decodeForm(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("parameter_invalid", null, "malformed form or query encoding");
            }
        }
        return m;
    }
}

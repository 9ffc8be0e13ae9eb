package kstore.paymentsandbox;

import java.time.Duration;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/** One HTTP answer: status, body, extra headers, and how long to hold it back (the "timeout" instruments). */
record Reply(int status, String contentType, String body, Map<String, String> headers, Duration delay) {

    static Reply json(int status, JsonObject body) {
        return new Reply(status, "application/json", body.encode(), Map.of(), Duration.ZERO);
    }

    static Reply ok(JsonObject body) {
        return json(200, body);
    }

    static Reply html(String page) {
        return new Reply(200, "text/html; charset=utf-8", page, Map.of("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'"), Duration.ZERO);
    }

    /** 303 See Other: the browser follows with a GET (after a form POST, too). */
    static Reply redirect(String url) {
        return new Reply(303, "text/plain; charset=utf-8", "", Map.of("Location", url), Duration.ZERO);
    }

    Reply delayedBy(Duration d) {
        return new Reply(status, contentType, body, headers, d);
    }

    /** The stored first answer, sent again at once with {@code Idempotent-Replayed: true}. */
    Reply replayed() {
        return new Reply(status, contentType, body, Map.of("Idempotent-Replayed", "true"), Duration.ZERO);
    }
}

package kstore.paymentsandbox;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Idempotency keys: the first answer given for a key is kept; the same key with the same request answers it again
 * (at once, marked {@code Idempotent-Replayed}), with another request it is 409 {@code idempotency_error}. A second
 * request arriving while the first still runs waits for the first's answer.
 */
final class Idempotency {

    private record Entry(Object fingerprint, CompletableFuture<Reply> reply) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Reply run(String key, Object fingerprint, Supplier<Reply> action) {
        Entry mine = new Entry(fingerprint, new CompletableFuture<>());
        Entry first = entries.putIfAbsent(key, mine);
        if (first != null) {
            if (!first.fingerprint().equals(fingerprint)) {
                throw new ApiError(409, "idempotency_error", null, null,
                    "Idempotency-Key " + key + " was already used with another request");
            }
            try {
                return first.reply().get(60, TimeUnit.SECONDS).replayed();
            } catch (ExecutionException | TimeoutException e) {
                throw new ApiError(500, "api_error", null, null, "the first request with this Idempotency-Key failed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(500, "api_error", null, null, "interrupted");
            }
        }
        try {
            Reply r;
            try {
                r = action.get();
            } catch (ApiError e) {
                r = e.reply();
            }
            mine.reply().complete(r);
            return r;
        } catch (RuntimeException e) {
            entries.remove(key, mine); // an unexpected failure is not an answer: a retry runs again
            mine.reply().completeExceptionally(e);
            throw e;
        }
    }
}

package kstore.paymentsandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.json.JsonObject;

/**
 * Test control: the refunds of one payment (a PaymentIntent {@code pi_…} or a wallet payment {@code T…}) fail until
 * mended — as a provider outage (503 {@code refunds_unavailable}, the store should try again later) or as a refusal for
 * good (400 {@code charge_disputed}, repeating it cannot help). Checked before the Idempotency-Key layer, so nothing is
 * stored under the key: the same request after {@code mend} refunds.
 */
final class RefundFailures {

    /** Payment id → "outage" or "disputed". */
    private final Map<String, String> broken = new ConcurrentHashMap<>();
    /** Payment id → how many of its refunds were refused here. */
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    /** {@code POST /sandbox/payments/{id}/refunds/{outage|dispute|mend}} → {@code {payment, refunds, refused}}. */
    Reply control(String paymentId, String action) {
        switch (action) {
            case "outage" -> broken.put(paymentId, "outage");
            case "dispute" -> broken.put(paymentId, "disputed");
            case "mend" -> broken.remove(paymentId);
            default -> throw ApiError.invalid("parameter_invalid", "action", "action must be outage, dispute or mend");
        }
        return Reply.ok(new JsonObject().put("payment", paymentId).put("refunds", broken.getOrDefault(paymentId, "normal"))
            .put("refused", counter(paymentId).get()));
    }

    /** A refund of {@code paymentId} is about to run: refused when its refunds are broken. */
    void check(String paymentId) {
        String mode = paymentId == null ? null : broken.get(paymentId);
        if (mode == null) {
            return;
        }
        counter(paymentId).incrementAndGet();
        if ("outage".equals(mode)) {
            throw new ApiError(503, "api_error", "refunds_unavailable", null,
                "refunds are unavailable right now (sandbox outage for " + paymentId + "); try again later");
        }
        throw ApiError.invalid("charge_disputed", null, "the payment " + paymentId + " is disputed and cannot be "
            + "refunded");
    }

    private AtomicLong counter(String paymentId) {
        return refused.computeIfAbsent(paymentId, k -> new AtomicLong());
    }
}

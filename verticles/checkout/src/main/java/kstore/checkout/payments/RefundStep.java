package kstore.checkout.payments;

import io.vertx.core.json.JsonObject;

/**
 * Where a refund stands.
 *
 * @param outcome    see {@link Outcome}
 * @param refundRef  the provider's refund id ({@code re_…}) or the payment reference when the provider has none
 * @param amount     the amount refunded (requested, for MANUAL and UNKNOWN), minor units
 * @param code       UNKNOWN: {@link PaymentStep#TIMEOUT}, {@link PaymentStep#PROVIDER_ERROR}, …
 * @param message    a human explanation
 */
public record RefundStep(Outcome outcome, String refundRef, long amount, String code, String message) {

  /** What the caller does next. */
  public enum Outcome {
    /** The money is on its way back to the buyer. */
    REFUNDED,
    /** The provider accepted the refund and will finish it later ({@code charge.refunded} webhook). */
    PENDING,
    /** The method cannot refund through the provider (vouchers): record a bank transfer for staff to make. */
    MANUAL,
    /** We cannot tell whether it was refunded: repeat with the same idempotency key, or check {@code status}. */
    UNKNOWN
  }

  public static RefundStep refunded(String ref, long amount) {
    return new RefundStep(Outcome.REFUNDED, ref, amount, null, null);
  }

  public static RefundStep pending(String ref, long amount) {
    return new RefundStep(Outcome.PENDING, ref, amount, null, null);
  }

  public static RefundStep manual(String paymentRef, long amount) {
    return new RefundStep(Outcome.MANUAL, paymentRef, amount, null,
        "refund by bank transfer: this method cannot refund through its provider");
  }

  public static RefundStep unknown(String ref, long amount, String code, String message) {
    return new RefundStep(Outcome.UNKNOWN, ref, amount, code, message);
  }

  /** The step as JSON: {@code {outcome, refundRef?, amount, code?, message?}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("outcome", outcome.name()).put("amount", amount);
    if (refundRef != null) {
      json.put("refundRef", refundRef);
    }
    if (code != null) {
      json.put("code", code);
    }
    if (message != null) {
      json.put("message", message);
    }
    return json;
  }
}

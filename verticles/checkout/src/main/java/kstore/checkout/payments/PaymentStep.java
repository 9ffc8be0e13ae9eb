package kstore.checkout.payments;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Where a payment stands after a provider call, provider-neutral.
 *
 * @param outcome          see {@link Outcome}
 * @param providerRef      the provider's id of the payment ({@code pi_…}, wallet {@code tid}, {@code vo_…}); null
 *                         only when the provider never told us (e.g. a timeout on the very first call)
 * @param redirectUrl      REQUIRES_ACTION: where to send the buyer's browser
 * @param voucherReference PENDING vouchers: the number the buyer pays with at the shop / bank
 * @param instructionsUrl  PENDING vouchers: the provider's page with payment instructions
 * @param expiresAt        PENDING vouchers: when the voucher stops being payable
 * @param code             DECLINED, CANCELLED and UNKNOWN: a neutral reason (constants below)
 * @param providerCode     the provider's own code when it gave one ({@code generic_decline}, {@code api_error}, …)
 * @param message          a human explanation for logs and support, never for deciding
 * @param paymentCountry   cards: the ISO 3166-1 alpha-2 country of the card's issuer, when the provider told us
 *                         (recorded on the order, R12); null otherwise
 */
public record PaymentStep(Outcome outcome, String providerRef, String redirectUrl, String voucherReference,
                          String instructionsUrl, Instant expiresAt, String code, String providerCode,
                          String message, String paymentCountry) {

  /** What the caller does next. */
  public enum Outcome {
    /** Money is taken: complete the order. */
    SUCCEEDED,
    /** Cards with manual capture: the amount is held; capture or cancel it later. */
    AUTHORIZED,
    /** Send the buyer to {@code redirectUrl} (3-D Secure challenge, wallet approval page), then confirm. */
    REQUIRES_ACTION,
    /** Nothing to do now: the buyer pays later (voucher) or the provider is processing; a webhook will tell. */
    PENDING,
    /** The payment did not happen and will not: show {@code code} to the buyer, let them pick again. */
    DECLINED,
    /** A payment that was made or held has been reversed (voided, cancelled, refunded). */
    CANCELLED,
    /** We cannot tell whether money moved (timeout, provider 5xx): do not complete or fail the order; reconcile. */
    UNKNOWN
  }

  /** The buyer's account had not enough money. */
  public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
  /** The issuer or wallet refused without a more precise reason. */
  public static final String DECLINED = "declined";
  /** 3-D Secure or the wallet approval failed. */
  public static final String AUTHENTICATION_FAILED = "authentication_failed";
  /** The buyer cancelled on the provider's page. */
  public static final String CANCELLED_BY_BUYER = "cancelled_by_buyer";
  /** A voucher was not paid in time. */
  public static final String EXPIRED = "expired";
  /** The approval token was wrong or already used and the payment is not approved. */
  public static final String INVALID_APPROVAL = "invalid_approval";
  /** The provider did not answer in time. */
  public static final String TIMEOUT = "timeout";
  /** The provider answered 5xx or nonsense. */
  public static final String PROVIDER_ERROR = "provider_error";
  /** The provider could not be reached at all. */
  public static final String UNREACHABLE = "unreachable";
  /** The provider asks us to slow down (429). */
  public static final String RATE_LIMITED = "rate_limited";
  /** The payment was voided or refunded. */
  public static final String REFUNDED = "refunded";
  /** The card was issued in a country where sale is impossible (R12: {@code unavailable} in conf/regions.json). */
  public static final String CARD_COUNTRY_UNAVAILABLE = "card_country_unavailable";

  public static PaymentStep succeeded(String ref) {
    return new PaymentStep(Outcome.SUCCEEDED, ref, null, null, null, null, null, null, null, null);
  }

  public static PaymentStep authorized(String ref) {
    return new PaymentStep(Outcome.AUTHORIZED, ref, null, null, null, null, null, null, null, null);
  }

  public static PaymentStep requiresAction(String ref, String redirectUrl) {
    return new PaymentStep(Outcome.REQUIRES_ACTION, ref, redirectUrl, null, null, null, null, null, null, null);
  }

  public static PaymentStep pending(String ref, String reference, String instructionsUrl, Instant expiresAt) {
    return new PaymentStep(Outcome.PENDING, ref, null, reference, instructionsUrl, expiresAt, null, null, null, null);
  }

  public static PaymentStep declined(String ref, String code, String providerCode, String message) {
    return new PaymentStep(Outcome.DECLINED, ref, null, null, null, null, code, providerCode, message, null);
  }

  public static PaymentStep cancelled(String ref, String code, String message) {
    return new PaymentStep(Outcome.CANCELLED, ref, null, null, null, null, code, null, message, null);
  }

  public static PaymentStep unknown(String ref, String code, String providerCode, String message) {
    return new PaymentStep(Outcome.UNKNOWN, ref, null, null, null, null, code, providerCode, message, null);
  }

  /** The same step, with the card's issuing country. */
  public PaymentStep withPaymentCountry(String country) {
    return new PaymentStep(outcome, providerRef, redirectUrl, voucherReference, instructionsUrl, expiresAt, code,
        providerCode, message, country);
  }

  /** The step as JSON for event-bus replies: {@code {outcome, providerRef?, redirectUrl?, voucher?, code?, message?, paymentCountry?}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("outcome", outcome.name());
    putIf(json, "providerRef", providerRef);
    putIf(json, "redirectUrl", redirectUrl);
    if (voucherReference != null || instructionsUrl != null || expiresAt != null) {
      JsonObject v = new JsonObject();
      putIf(v, "reference", voucherReference);
      putIf(v, "instructionsUrl", instructionsUrl);
      putIf(v, "expiresAt", expiresAt == null ? null : expiresAt.toString());
      json.put("voucher", v);
    }
    putIf(json, "code", code);
    putIf(json, "providerCode", providerCode);
    putIf(json, "message", message);
    putIf(json, "paymentCountry", paymentCountry);
    return json;
  }

  private static void putIf(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}

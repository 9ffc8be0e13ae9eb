package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What the order flow needs from payment providers, whatever the method: start a charge (idempotent per order),
 * finish it after the buyer's redirect, ask how it stands, refund it. Implemented over the provider adapters.
 */
public interface PaymentGateway {

  /** Where a payment stands after a call. {@code UNKNOWN}: no answer (timeout, provider error): reconcile later. */
  enum State { SUCCEEDED, REQUIRES_ACTION, PENDING, DECLINED, UNKNOWN }

  /**
   * What a provider call came to.
   *
   * @param paymentCountry cards: the ISO 3166-1 alpha-2 country of the card's issuer when the provider told us (R12:
   *                       to be recorded on the order), else null
   */
  record Outcome(State state, String provider, String providerRef, String redirectUrl, String code, String message,
                 String paymentCountry) {
    /** An outcome that says nothing of the payment's country (wallets, vouchers, re-reads). */
    public Outcome(State state, String provider, String providerRef, String redirectUrl, String code, String message) {
      this(state, provider, providerRef, redirectUrl, code, message, null);
    }

    public static Outcome unknown(String provider, String message) {
      return new Outcome(State.UNKNOWN, provider, null, null, "UNKNOWN", message);
    }
  }

  record Charge(String orderId, String idempotencyKey, String method, long amount, String currency, int digits,
                String instrument, String returnUrl, String buyerId) {
  }

  Future<Outcome> charge(Charge charge);

  /** After the buyer came back from the provider's page ({@code params}: e.g. the wallet's pg_token). */
  Future<Outcome> confirm(String method, String orderId, String providerRef, JsonObject params);

  Future<Outcome> status(String method, String orderId, String providerRef);

  /**
   * Refunds {@code amount}; answers the provider's refund reference, or fails: with {@link RefundRefused} when the
   * provider refused it for good (repeating it cannot succeed), with anything else when it may succeed later.
   */
  Future<String> refund(String method, String providerRef, long amount, String currency, String idempotencyKey);

  /**
   * The provider refused a refund for good: the charge is refunded already ({@code alreadyRefunded}: the money went
   * back, through another request or the provider's dashboard), or it can never be refunded this way (disputed,
   * unknown to the provider, ...).
   */
  final class RefundRefused extends RuntimeException {
    private final boolean alreadyRefunded;
    private final String code;

    public RefundRefused(boolean alreadyRefunded, String code, String message) {
      super(message, null, false, false);
      this.alreadyRefunded = alreadyRefunded;
      this.code = code;
    }

    public boolean alreadyRefunded() {
      return alreadyRefunded;
    }

    /** The provider's error code, or null. */
    public String code() {
      return code;
    }
  }

  /** False for methods whose money goes back by a bank transfer that staff make (vouchers), not through the provider. */
  default boolean refundsThroughProvider(String method) {
    return true;
  }
}

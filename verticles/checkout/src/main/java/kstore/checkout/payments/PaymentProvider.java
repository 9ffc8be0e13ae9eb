package kstore.checkout.payments;

import io.vertx.core.Future;

/**
 * One payment method's provider, bound to its endpoint (and wallet or voucher kind). Every operation answers a
 * provider-neutral step; timeouts and provider 5xx are {@code UNKNOWN} steps, not failures. A failed Future carries a
 * {@link kstore.contracts.ServiceError}: the provider refused the request itself and nothing moved
 * (UNAVAILABLE: our key is refused; CONFLICT: idempotency key reused with another body; VALIDATION: e.g. refunding
 * more than was paid; NOT_FOUND: unknown reference).
 */
public interface PaymentProvider {

  /** The method this provider runs ({@code card}, {@code kakaopay}, …). */
  PaymentMethod method();

  /** Starts a payment: SUCCEEDED, AUTHORIZED, REQUIRES_ACTION, PENDING (vouchers), DECLINED or UNKNOWN. */
  Future<PaymentStep> start(PaymentRequest request);

  /**
   * The buyer is back from the provider's page: wallets approve with the {@code pg_token} (a reused token re-reads
   * the payment), cards re-read the PaymentIntent after 3-D Secure, vouchers re-read the voucher.
   */
  Future<PaymentStep> confirm(PaymentConfirmation confirmation);

  /** Reads the payment again, for reconciliation of UNKNOWN steps and late webhooks. */
  Future<PaymentStep> status(String providerRef);

  /** Gives back {@code amount} minor units of a paid payment (partial refunds allowed); MANUAL for vouchers. */
  Future<RefundStep> refund(String providerRef, long amount, String idempotencyKey);
}

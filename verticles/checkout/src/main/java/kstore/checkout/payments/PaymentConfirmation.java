package kstore.checkout.payments;

/**
 * The buyer came back from the provider's page: finish or re-read the payment.
 *
 * @param orderId         our order id (wallets send it back as {@code partner_order_id})
 * @param providerRef     the reference {@link PaymentProvider#start} answered ({@code pi_…}, {@code T…}, {@code vo_…})
 * @param approvalToken   wallets: the {@code pg_token} of the approval redirect; null for cards and vouchers
 * @param idempotencyKey  for the approve call (e.g. {@code order-<id>-approve}); unused by re-reads
 */
public record PaymentConfirmation(String orderId, String providerRef, String approvalToken, String idempotencyKey) {
  public PaymentConfirmation {
    if (providerRef == null || providerRef.isBlank()) {
      throw new IllegalArgumentException("payment confirmation: providerRef is required");
    }
  }
}

package kstore.checkout.payments;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One payment to start, provider-neutral.
 *
 * @param orderId         our order id; sent as metadata / {@code partner_order_id} so webhooks find the order
 * @param idempotencyKey  sent as {@code Idempotency-Key}: repeating a start with the same key never charges twice
 *                        (keep it per order and attempt, e.g. {@code order-<id>-attempt-<n>})
 * @param amount          in minor units of {@code currency} (KRW and JPY have none: 15000 is ₩15,000)
 * @param currency        ISO 4217 code (either case; sent lower-case)
 * @param buyerId         our user id (wallets: {@code partner_user_id} unless {@code instrument} is given)
 * @param instrument      cards: the payment-method token ({@code pm_…}); wallets: the wallet's user id if it is not
 *                        the buyer id (sandbox test accounts {@code wallet_ok}, {@code wallet_insufficient}, …);
 *                        vouchers: unused
 * @param description     what is bought, shown on wallet pages ({@code item_name})
 * @param returnUrl       where the buyer's browser comes back: 3-D Secure return, wallet {@code approval_url}
 * @param cancelUrl       wallets: where the buyer lands after cancelling (default: {@code returnUrl})
 * @param failUrl         wallets: where the buyer lands after a failure (default: {@code returnUrl})
 * @param metadata        extra key/values stored at the provider (never secrets or card data); may be null
 */
public record PaymentRequest(String orderId, String idempotencyKey, long amount, String currency, String buyerId,
                             String instrument, String description, String returnUrl, String cancelUrl,
                             String failUrl, JsonObject metadata) {
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  public PaymentRequest {
    if (orderId == null || orderId.isBlank()) {
      throw new IllegalArgumentException("payment request: orderId is required");
    }
    if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
      throw new IllegalArgumentException("payment request: idempotencyKey is required (at most 255 characters)");
    }
    if (amount <= 0) {
      throw new IllegalArgumentException("payment request: amount must be positive minor units, not " + amount);
    }
    if (currency == null || !CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException("payment request: currency must be an ISO 4217 code, not " + currency);
    }
    metadata = metadata == null ? new JsonObject() : metadata.copy();
  }

  /** The currency as the providers' wire format wants it (lower case). */
  public String wireCurrency() {
    return currency.toLowerCase(Locale.ROOT);
  }

  /** The metadata sent to the provider: the caller's, plus {@code orderId} and {@code buyerId}. */
  JsonObject wireMetadata() {
    JsonObject m = metadata.copy().put("orderId", orderId);
    if (buyerId != null) {
      m.put("buyerId", buyerId);
    }
    return m;
  }
}

package kstore.checkout.payments;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * A provider event whose signature checked out: {@code {id, type, created, data: {object}}}.
 *
 * @param id       the event id ({@code evt_…}): record it in {@link HandledWebhookEvents} before acting on it
 * @param type     e.g. {@code payment_intent.succeeded}, {@code wallet.approved}, {@code voucher.paid}
 * @param created  when the provider created it
 * @param object   the payment object the event is about ({@code data.object})
 */
public record WebhookEvent(String id, String type, Instant created, JsonObject object) {

  /** Our order id: {@code metadata.orderId} (cards, vouchers) or {@code partner_order_id} (wallets), if present. */
  public Optional<String> orderId() {
    JsonObject meta = object.getJsonObject("metadata");
    if (meta != null && meta.getString("orderId") != null) {
      return Optional.of(meta.getString("orderId"));
    }
    return Optional.ofNullable(object.getString("partner_order_id"));
  }

  /**
   * The provider reference of the payment the event is about: the intent id ({@code charge.refunded}: its
   * {@code payment_intent}), the wallet {@code tid}, or the voucher id.
   */
  public Optional<String> providerRef() {
    if (type.startsWith("wallet.")) {
      return Optional.ofNullable(object.getString("tid"));
    }
    if (type.startsWith("charge.") && object.getString("payment_intent") != null) {
      return Optional.of(object.getString("payment_intent"));
    }
    return Optional.ofNullable(object.getString("id"));
  }

  /**
   * Where the payment stands according to this event, for the payment events; empty for {@code charge.refunded}
   * and unknown types (the caller decides what a refund event changes).
   */
  public Optional<PaymentStep> paymentStep() {
    if (type.startsWith("payment_intent.")) {
      return Optional.of(CardPaymentIntents.fromIntent(object));
    }
    if (type.startsWith("wallet.")) {
      JsonObject p = object.copy();
      if (p.getString("status") == null) {
        p.put("status", type.equals("wallet.approved") ? "approved" : type.equals("wallet.cancelled") ? "cancelled" : "");
      }
      return Optional.of(RedirectWallets.fromPayment(p));
    }
    if (type.startsWith("voucher.")) {
      JsonObject v = object.copy();
      if (v.getString("status") == null) {
        v.put("status", type.substring("voucher.".length()));
      }
      return Optional.of(Vouchers.fromVoucher(v));
    }
    return Optional.empty();
  }
}

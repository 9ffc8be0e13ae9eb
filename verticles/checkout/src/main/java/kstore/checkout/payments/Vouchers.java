package kstore.checkout.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Asynchronous vouchers (konbini, boleto, Pix): {@code POST /v1/vouchers} answers a reference the buyer pays with at
 * a shop or bank before {@code expires_at}; the order stays PENDING until the {@code voucher.paid} or
 * {@code voucher.expired} webhook (or {@link #status}). Refunds are bank transfers made by staff: MANUAL.
 */
public final class Vouchers implements PaymentProvider {
  private final PaymentMethod method;
  private final ProviderApi api;

  Vouchers(PaymentMethod method, ProviderApi api) {
    this.method = method;
    this.api = api;
  }

  @Override
  public PaymentMethod method() {
    return method;
  }

  @Override
  public Future<PaymentStep> start(PaymentRequest r) {
    JsonObject body = new JsonObject().put("method", method.id()).put("amount", r.amount())
        .put("currency", r.wireCurrency()).put("expires_in_seconds", method.expiresInSeconds())
        .put("metadata", r.wireMetadata());
    return call(api.post("/v1/vouchers", body, r.idempotencyKey()), null, method.id() + " voucher for order " + r.orderId());
  }

  /** Vouchers have no approval step: the voucher's state now. */
  @Override
  public Future<PaymentStep> confirm(PaymentConfirmation c) {
    return status(c.providerRef());
  }

  @Override
  public Future<PaymentStep> status(String providerRef) {
    return call(api.get("/v1/vouchers/" + providerRef), providerRef, "read voucher " + providerRef);
  }

  /** Vouchers cannot be refunded through the provider: no call, MANUAL (record a bank transfer). */
  @Override
  public Future<RefundStep> refund(String providerRef, long amount, String idempotencyKey) {
    return Future.succeededFuture(RefundStep.manual(providerRef, amount));
  }

  private Future<PaymentStep> call(Future<ProviderApi.Reply> call, String knownRef, String what) {
    return call.transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(PaymentStep.unknown(knownRef, ProviderApi.transportCode(ar.cause()), null,
            what + ": " + ar.cause().getMessage()));
      }
      ProviderApi.Reply r = ar.result();
      if (r.uncertain()) {
        return Future.succeededFuture(PaymentStep.unknown(knownRef, ProviderApi.uncertainCode(r), r.errorType(),
            what + ": " + r.errorMessage()));
      }
      if (!r.ok()) {
        return Future.failedFuture(api.refusal(r, what));
      }
      return Future.succeededFuture(fromVoucher(r.body()));
    });
  }

  /** The step a voucher object stands at (also used for {@code voucher.*} webhook objects). */
  static PaymentStep fromVoucher(JsonObject v) {
    String id = v.getString("id");
    String status = v.getString("status", "");
    return switch (status) {
      case "pending" -> PaymentStep.pending(id, v.getString("reference"), v.getString("instructions_url"),
          Instants.parse(v.getValue("expires_at")));
      case "paid", "succeeded" -> PaymentStep.succeeded(id);
      case "expired" -> PaymentStep.declined(id, PaymentStep.EXPIRED, status, "the voucher was not paid in time");
      case "cancelled", "canceled" -> PaymentStep.declined(id, PaymentStep.CANCELLED_BY_BUYER, status,
          "the voucher was cancelled");
      default -> PaymentStep.unknown(id, PaymentStep.PROVIDER_ERROR, status, "unexpected voucher status '" + status + "'");
    };
  }
}

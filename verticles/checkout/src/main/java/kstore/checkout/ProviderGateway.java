package kstore.checkout;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import kstore.checkout.orders.PaymentGateway;
import kstore.checkout.payments.PaymentConfirmation;
import kstore.checkout.payments.PaymentProvider;
import kstore.checkout.payments.PaymentProviders;
import kstore.checkout.payments.ProviderRefusal;
import kstore.checkout.payments.PaymentRequest;
import kstore.checkout.payments.PaymentStep;
import kstore.checkout.payments.RefundMode;
import kstore.checkout.payments.RefundStep;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;

/** The order flow's {@link PaymentGateway} over the provider adapters: picks the adapter by method, maps steps. */
final class ProviderGateway implements PaymentGateway {
  private final PaymentProviders providers;
  private final String publicUrl;

  ProviderGateway(PaymentProviders providers, String publicUrl) {
    this.providers = providers;
    this.publicUrl = publicUrl;
  }

  @Override
  public Future<Outcome> charge(Charge c) {
    PaymentProvider provider = providers.forMethod(c.method());
    String back = c.returnUrl().startsWith("http") ? c.returnUrl() : publicUrl + c.returnUrl();
    String sep = back.contains("?") ? "&" : "?";
    PaymentRequest request = new PaymentRequest(c.orderId(), c.idempotencyKey(), c.amount(), c.currency(), c.buyerId(),
        c.instrument(), "K Store order " + c.orderId(), back, back + sep + "result=cancel", back + sep + "result=fail",
        new JsonObject().put("orderId", c.orderId()));
    return provider.start(request).map(step -> map(c.method(), step));
  }

  @Override
  public Future<Outcome> confirm(String method, String orderId, String providerRef, JsonObject params) {
    if ("cancel".equals(params.getString("result")) || "fail".equals(params.getString("result"))) {
      return Future.succeededFuture(new Outcome(State.DECLINED, method, providerRef, null,
          "cancel".equals(params.getString("result")) ? PaymentStep.CANCELLED_BY_BUYER : PaymentStep.DECLINED,
          "cancel".equals(params.getString("result")) ? "You cancelled the payment" : "The payment did not go through"));
    }
    return providers.forMethod(method)
        .confirm(new PaymentConfirmation(orderId, providerRef, params.getString("pg_token"), orderId + ":confirm"))
        .map(step -> map(method, step));
  }

  @Override
  public Future<Outcome> status(String method, String orderId, String providerRef) {
    if (providerRef == null) {
      return Future.succeededFuture(Outcome.unknown(method, "no provider reference yet"));
    }
    return providers.forMethod(method).status(providerRef).map(step -> map(method, step));
  }

  @Override
  public Future<String> refund(String method, String providerRef, long amount, String currency, String key) {
    PaymentProvider provider = providers.forMethod(method);
    return provider.refund(providerRef, amount, key).compose(step -> {
      if (step.outcome() == RefundStep.Outcome.REFUNDED || step.outcome() == RefundStep.Outcome.PENDING
          || step.outcome() == RefundStep.Outcome.MANUAL) {
        return Future.succeededFuture(step.refundRef() == null ? step.outcome().name() : step.refundRef());
      }
      return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "The provider did not confirm the refund: "
          + step.message()));
    }).recover(e -> {
      if (!(e instanceof ProviderRefusal refusal) || !refusal.permanent()) {
        return Future.failedFuture(e);
      }
      if (ProviderRefusal.ALREADY_REFUNDED.equals(refusal.providerCode())) {
        return Future.failedFuture(new RefundRefused(true, refusal.providerCode(), refusal.getMessage()));
      }
      // a wallet refuses to cancel a payment that is cancelled already ("not approved"): its state tells
      return provider.status(providerRef).transform(now -> Future.failedFuture(new RefundRefused(now.succeeded()
          && now.result().outcome() == PaymentStep.Outcome.CANCELLED
          && PaymentStep.REFUNDED.equals(now.result().code()), refusal.providerCode(), refusal.getMessage())));
    });
  }

  @Override
  public boolean refundsThroughProvider(String method) {
    return providers.forMethod(method).method().refund() == RefundMode.AUTOMATIC;
  }

  static Outcome map(String method, PaymentStep step) {
    String country = step.paymentCountry();
    return switch (step.outcome()) {
      case SUCCEEDED -> new Outcome(State.SUCCEEDED, method, step.providerRef(), null, null, null, country);
      case REQUIRES_ACTION -> new Outcome(State.REQUIRES_ACTION, method, step.providerRef(), step.redirectUrl(), null,
          null, country);
      case PENDING, AUTHORIZED -> new Outcome(State.PENDING, method, step.providerRef(),
          step.instructionsUrl() != null ? step.instructionsUrl() : step.redirectUrl(), null, null, country);
      case DECLINED, CANCELLED -> new Outcome(State.DECLINED, method, step.providerRef(), null,
          step.code() == null ? PaymentStep.DECLINED : step.code(), step.message(), country);
      case UNKNOWN -> new Outcome(State.UNKNOWN, method, step.providerRef(), null, step.code(), step.message(), country);
    };
  }
}

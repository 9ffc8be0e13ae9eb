package kstore.checkout.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.function.Function;
import kstore.platform.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cards through a PaymentIntent-style API (Stripe's shape): create-and-confirm an intent with the buyer's
 * payment-method token, follow a 3-D Secure {@code redirect_to_url}, re-read it after the challenge, capture or cancel
 * a manual authorization, refund through {@code /v1/refunds}. Declines arrive either as an intent in
 * {@code requires_payment_method} or as a 402 {@code card_error}; both become DECLINED.
 *
 * <p>Before an intent is created the card's issuing country is read ({@link CardIssuers}): a card issued where the
 * store may not sell (R12, {@code unavailable} in conf/regions.json) is DECLINED {@code card_country_unavailable} and
 * no intent is created. Every step of {@link #start} carries the issuing country when it is known.
 */
public final class CardPaymentIntents implements PaymentProvider {
  private static final Logger LOG = LoggerFactory.getLogger(CardPaymentIntents.class);

  private final PaymentMethod method;
  private final ProviderApi api;
  private final String captureMethod;
  private final CardIssuers issuers;
  private final Regions regions;

  /**
   * @param captureMethod {@code automatic} (charge now) or {@code manual} (AUTHORIZED now, {@link #capture} later)
   * @param issuers       the issuing country of each card, from the same provider endpoint
   * @param regions       where sale is impossible ({@link Regions#serviceUnavailable})
   */
  CardPaymentIntents(PaymentMethod method, ProviderApi api, String captureMethod, CardIssuers issuers,
                     Regions regions) {
    this.method = method;
    this.api = api;
    this.captureMethod = captureMethod;
    this.issuers = issuers;
    this.regions = regions;
  }

  @Override
  public PaymentMethod method() {
    return method;
  }

  @Override
  public Future<PaymentStep> start(PaymentRequest r) {
    if (r.instrument() == null || r.instrument().isBlank()) {
      return Future.failedFuture(kstore.contracts.ServiceError.of(kstore.contracts.ErrorCode.VALIDATION,
          "a card payment needs the card's payment-method token"));
    }
    // An unknown country (lookup timed out or failed) does not block the sale: the buyer's residence and the request's
    // country were checked already (Quotes), so this is a second line of defence, and an outage of this one read-only
    // call must not stop every card payment. CardIssuers logs a warning for each such gap, and does not remember the
    // failure, so the next payment with the card is checked again.
    return issuers.country(r.instrument()).compose(country -> {
      if (regions.serviceUnavailable(country)) {
        LOG.info("order {}: card {} issued in {} refused before charging (sale impossible there)", r.orderId(),
            r.instrument(), country);
        return Future.succeededFuture(PaymentStep.declined(null, PaymentStep.CARD_COUNTRY_UNAVAILABLE, null,
            "Cards issued in " + countryName(country) + " cannot be used on K Store").withPaymentCountry(country));
      }
      JsonObject body = new JsonObject().put("amount", r.amount()).put("currency", r.wireCurrency())
          .put("payment_method", r.instrument()).put("capture_method", captureMethod).put("confirm", true)
          .put("metadata", r.wireMetadata());
      if (r.returnUrl() != null) {
        body.put("return_url", r.returnUrl());
      }
      return intentCall(api.post("/v1/payment_intents", body, r.idempotencyKey()), null, "create a payment")
          .map(step -> country == null ? step : step.withPaymentCountry(country));
    });
  }

  private static String countryName(String code) {
    String name = new Locale.Builder().setRegion(code).build().getDisplayCountry(Locale.ENGLISH);
    return name.isBlank() || name.equals(code) ? code : name;
  }

  /** After the 3-D Secure redirect ({@code return_url?payment_intent=pi_…}): the intent's state now. */
  @Override
  public Future<PaymentStep> confirm(PaymentConfirmation c) {
    return status(c.providerRef());
  }

  @Override
  public Future<PaymentStep> status(String providerRef) {
    return intentCall(api.get("/v1/payment_intents/" + providerRef), providerRef, "read payment " + providerRef);
  }

  /** Captures a manual authorization (all of it when {@code amount} is null). */
  public Future<PaymentStep> capture(String providerRef, Long amount, String idempotencyKey) {
    JsonObject body = new JsonObject();
    if (amount != null) {
      body.put("amount_to_capture", amount);
    }
    return intentCall(api.post("/v1/payment_intents/" + providerRef + "/capture", body, idempotencyKey), providerRef,
        "capture " + providerRef);
  }

  /** Releases a manual authorization (or abandons an intent awaiting 3-D Secure). */
  public Future<PaymentStep> cancelAuthorization(String providerRef, String idempotencyKey) {
    return intentCall(api.post("/v1/payment_intents/" + providerRef + "/cancel", new JsonObject(), idempotencyKey),
        providerRef, "cancel " + providerRef);
  }

  @Override
  public Future<RefundStep> refund(String providerRef, long amount, String idempotencyKey) {
    JsonObject body = new JsonObject().put("payment_intent", providerRef).put("amount", amount);
    return api.post("/v1/refunds", body, idempotencyKey).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(RefundStep.unknown(null, amount, ProviderApi.transportCode(ar.cause()),
            "refund of " + providerRef + ": " + ar.cause().getMessage()));
      }
      ProviderApi.Reply r = ar.result();
      if (r.uncertain()) {
        return Future.succeededFuture(RefundStep.unknown(null, amount, ProviderApi.uncertainCode(r), r.errorMessage()));
      }
      if (!r.ok()) {
        return Future.failedFuture(api.refusal(r, "refund " + providerRef));
      }
      String status = r.body().getString("status", "");
      long refunded = r.body().getLong("amount", amount);
      String id = r.body().getString("id");
      return Future.succeededFuture(switch (status) {
        case "succeeded" -> RefundStep.refunded(id, refunded);
        case "pending", "requires_action" -> RefundStep.pending(id, refunded);
        default -> RefundStep.unknown(id, refunded, PaymentStep.PROVIDER_ERROR, "refund status '" + status + "'");
      });
    });
  }

  private Future<PaymentStep> intentCall(Future<ProviderApi.Reply> call, String knownRef, String what) {
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
      if (r.ok()) {
        return Future.succeededFuture(fromIntent(r.body()));
      }
      if ("card_error".equals(r.errorType()) || r.status() == 402) {
        JsonObject e = r.error();
        JsonObject pi = e.getJsonObject("payment_intent");
        String ref = pi != null ? pi.getString("id") : knownRef;
        return Future.succeededFuture(declined(ref, e));
      }
      return Future.failedFuture(api.refusal(r, what));
    });
  }

  /** The step a PaymentIntent object stands at (also used for {@code payment_intent.*} webhook objects). */
  static PaymentStep fromIntent(JsonObject pi) {
    String id = pi.getString("id");
    String status = pi.getString("status", "");
    return switch (status) {
      case "succeeded" -> PaymentStep.succeeded(id);
      case "requires_capture" -> PaymentStep.authorized(id);
      case "processing" -> PaymentStep.pending(id, null, null, null);
      case "canceled" -> PaymentStep.cancelled(id, PaymentStep.REFUNDED, "the payment was cancelled");
      case "requires_action" -> {
        String url = path(pi, o -> o.getJsonObject("next_action"), o -> o.getJsonObject("redirect_to_url"))
            .map(o -> o.getString("url")).orElse(null);
        yield url != null ? PaymentStep.requiresAction(id, url)
            : PaymentStep.declined(id, PaymentStep.AUTHENTICATION_FAILED, "unsupported_next_action",
                "the card needs an authentication step we cannot redirect to");
      }
      case "requires_payment_method" -> {
        JsonObject e = pi.getJsonObject("last_payment_error");
        yield e == null ? PaymentStep.declined(id, PaymentStep.DECLINED, null, "no usable payment method")
            : declined(id, e);
      }
      default -> PaymentStep.unknown(id, PaymentStep.PROVIDER_ERROR, status,
          "unexpected PaymentIntent status '" + status + "'");
    };
  }

  private static PaymentStep declined(String ref, JsonObject error) {
    String code = error.getString("code");
    String decline = error.getString("decline_code");
    String neutral;
    if ("insufficient_funds".equals(decline) || "insufficient_funds".equals(code)) {
      neutral = PaymentStep.INSUFFICIENT_FUNDS;
    } else if ("payment_intent_authentication_failure".equals(code) || "authentication_required".equals(decline)) {
      neutral = PaymentStep.AUTHENTICATION_FAILED;
    } else if ("expired_card".equals(code) || "expired_card".equals(decline)) {
      neutral = PaymentStep.EXPIRED;
    } else {
      neutral = PaymentStep.DECLINED;
    }
    return PaymentStep.declined(ref, neutral, decline != null ? decline : code, error.getString("message"));
  }

  private static java.util.Optional<JsonObject> path(JsonObject root, Function<JsonObject, JsonObject> first,
                                                     Function<JsonObject, JsonObject> second) {
    return java.util.Optional.ofNullable(first.apply(root)).map(second);
  }
}

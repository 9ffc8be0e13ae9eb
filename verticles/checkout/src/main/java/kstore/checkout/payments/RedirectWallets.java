package kstore.checkout.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.platform.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redirect wallets in the ready → approve style (KakaoPay's shape, shared by NaverPay, Toss, PayPay, Alipay,
 * WeChat Pay, PayPal, Klarna, LINE Pay, M-Pesa, PayFast, UPI, and SEPA debits in the sandbox): {@code ready} answers a
 * {@code tid} and the page the buyer approves on; the buyer comes back with a {@code pg_token} that
 * {@code approve} redeems; {@code cancel} refunds; {@code payments/{tid}} reads the state. One instance per wallet id.
 */
public final class RedirectWallets implements PaymentProvider {
  private static final Logger LOG = LoggerFactory.getLogger(RedirectWallets.class);
  /** The code of a payment never sent because the wallet cannot take its amount ({@code wholeUnits}: cents). */
  public static final String AMOUNT_NOT_WHOLE = "amount_not_whole_units";

  private final PaymentMethod method;
  private final ProviderApi api;
  private final Regions regions;
  private final String wallet;

  RedirectWallets(PaymentMethod method, ProviderApi api, Regions regions) {
    this.method = method;
    this.api = api;
    this.regions = regions;
    this.wallet = method.id();
  }

  @Override
  public PaymentMethod method() {
    return method;
  }

  /** {@code POST /v1/wallets/{wallet}/ready}: REQUIRES_ACTION with the approval page. */
  @Override
  public Future<PaymentStep> start(PaymentRequest r) {
    if (r.returnUrl() == null) {
      return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "a wallet payment needs a returnUrl"));
    }
    String fraction = fractionOfUnit(r.amount(), r.currency());
    if (fraction != null) {
      // nothing was sent, so no money moved: the order fails at once instead of waiting for reconciliation
      LOG.error("{} payment of order {} NOT sent: {} (a price, point value or tax left cents; see checkout/README.md, "
          + "whole units)", wallet, r.orderId(), fraction);
      return Future.succeededFuture(PaymentStep.declined(null, AMOUNT_NOT_WHOLE, null, fraction));
    }
    String user = r.instrument() != null && !r.instrument().isBlank() ? r.instrument() : r.buyerId();
    JsonObject body = new JsonObject().put("partner_order_id", r.orderId()).put("partner_user_id", user)
        .put("amount", r.amount()).put("currency", r.wireCurrency())
        .put("item_name", r.description() == null ? r.orderId() : r.description())
        .put("approval_url", r.returnUrl())
        .put("cancel_url", r.cancelUrl() == null ? r.returnUrl() : r.cancelUrl())
        .put("fail_url", r.failUrl() == null ? r.returnUrl() : r.failUrl());
    String what = wallet + " ready for order " + r.orderId();
    return api.post(base() + "/ready", body, r.idempotencyKey()).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(PaymentStep.unknown(null, ProviderApi.transportCode(ar.cause()), null,
            what + ": " + ar.cause().getMessage()));
      }
      ProviderApi.Reply res = ar.result();
      if (res.uncertain()) {
        return Future.succeededFuture(PaymentStep.unknown(null, ProviderApi.uncertainCode(res), res.errorType(),
            what + ": " + res.errorMessage()));
      }
      if (!res.ok()) {
        PaymentStep declined = declinedByWallet(null, res);
        return declined != null ? Future.succeededFuture(declined) : Future.failedFuture(api.refusal(res, what));
      }
      String tid = res.body().getString("tid");
      String url = res.body().getString("next_redirect_url");
      if (tid == null || url == null) {
        return Future.succeededFuture(PaymentStep.unknown(tid, PaymentStep.PROVIDER_ERROR, null,
            what + ": answer lacks tid or next_redirect_url"));
      }
      return Future.succeededFuture(PaymentStep.requiresAction(tid, url));
    });
  }

  /**
   * {@code POST /v1/wallets/{wallet}/approve} with the {@code pg_token} of the approval redirect. A wrong or reused
   * token re-reads the payment: a second approval of a paid order is SUCCEEDED, not an error.
   */
  @Override
  public Future<PaymentStep> confirm(PaymentConfirmation c) {
    if (c.approvalToken() == null || c.approvalToken().isBlank()) {
      return status(c.providerRef());
    }
    JsonObject body = new JsonObject().put("tid", c.providerRef()).put("partner_order_id", c.orderId())
        .put("pg_token", c.approvalToken());
    String key = c.idempotencyKey() != null ? c.idempotencyKey() : wallet + "-approve-" + c.providerRef();
    String what = wallet + " approve " + c.providerRef();
    return api.post(base() + "/approve", body, key).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(PaymentStep.unknown(c.providerRef(), ProviderApi.transportCode(ar.cause()), null,
            what + ": " + ar.cause().getMessage()));
      }
      ProviderApi.Reply res = ar.result();
      if (res.uncertain()) {
        return Future.succeededFuture(PaymentStep.unknown(c.providerRef(), ProviderApi.uncertainCode(res),
            res.errorType(), what + ": " + res.errorMessage()));
      }
      if (res.ok()) {
        return Future.succeededFuture(fromPayment(res.body().put("tid", res.body().getString("tid", c.providerRef()))));
      }
      if ("invalid_pg_token".equals(res.errorCode())) {
        return status(c.providerRef()).map(now -> now.outcome() == PaymentStep.Outcome.REQUIRES_ACTION
            ? PaymentStep.declined(c.providerRef(), PaymentStep.INVALID_APPROVAL, res.errorCode(), res.errorMessage())
            : now);
      }
      PaymentStep declined = declinedByWallet(c.providerRef(), res);
      return declined != null ? Future.succeededFuture(declined) : Future.failedFuture(api.refusal(res, what));
    });
  }

  /** {@code GET /v1/wallets/{wallet}/payments/{tid}}. */
  @Override
  public Future<PaymentStep> status(String tid) {
    String what = wallet + " read " + tid;
    return api.get(base() + "/payments/" + tid).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(PaymentStep.unknown(tid, ProviderApi.transportCode(ar.cause()), null,
            what + ": " + ar.cause().getMessage()));
      }
      ProviderApi.Reply res = ar.result();
      if (res.uncertain()) {
        return Future.succeededFuture(PaymentStep.unknown(tid, ProviderApi.uncertainCode(res), res.errorType(),
            what + ": " + res.errorMessage()));
      }
      if (!res.ok()) {
        return Future.failedFuture(api.refusal(res, what));
      }
      return Future.succeededFuture(fromPayment(res.body().put("tid", res.body().getString("tid", tid))));
    });
  }

  /** {@code POST /v1/wallets/{wallet}/cancel}: full or partial refund of an approved payment. */
  @Override
  public Future<RefundStep> refund(String tid, long amount, String idempotencyKey) {
    JsonObject body = new JsonObject().put("tid", tid).put("amount", amount);
    String what = wallet + " cancel " + tid;
    return api.post(base() + "/cancel", body, idempotencyKey).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(RefundStep.unknown(tid, amount, ProviderApi.transportCode(ar.cause()),
            what + ": " + ar.cause().getMessage()));
      }
      ProviderApi.Reply res = ar.result();
      if (res.uncertain()) {
        return Future.succeededFuture(RefundStep.unknown(tid, amount, ProviderApi.uncertainCode(res), res.errorMessage()));
      }
      if (!res.ok()) {
        return Future.failedFuture(api.refusal(res, what));
      }
      String status = res.body().getString("status", "");
      long cancelled = res.body().getLong("canceled_amount", amount);
      return Future.succeededFuture(status.equals("cancelled") || status.equals("partially_cancelled")
          ? RefundStep.refunded(tid, cancelled)
          : RefundStep.unknown(tid, amount, PaymentStep.PROVIDER_ERROR, "cancel answered status '" + status + "'"));
    });
  }

  /**
   * Why this wallet cannot take {@code amount} minor units of {@code currency}, or null when it can: a wallet that
   * takes whole units only ({@code wholeUnits}) refuses a fraction of one (M-Pesa: 67920 is KSh 679.20). Refunds are
   * not checked: the store refunds whole payments only, which were whole when they were taken.
   */
  private String fractionOfUnit(long amount, String currency) {
    if (!method.wholeUnits()) {
      return null;
    }
    long unit = 1;
    for (int i = regions.digits(currency.toUpperCase(Locale.ROOT)); i > 0; i--) {
      unit *= 10;
    }
    return amount % unit == 0 ? null : wallet + " takes whole units of " + currency.toUpperCase(Locale.ROOT)
        + " only, not " + amount + " minor units (" + amount % unit + " left over)";
  }

  private String base() {
    return "/v1/wallets/" + wallet;
  }

  /** The step a wallet payment object stands at (also used for {@code wallet.*} webhook objects). */
  static PaymentStep fromPayment(JsonObject p) {
    String tid = p.getString("tid");
    String status = p.getString("status", "");
    return switch (status) {
      case "approved", "partially_cancelled" -> PaymentStep.succeeded(tid);
      case "ready" -> PaymentStep.requiresAction(tid, p.getString("next_redirect_url"));
      case "cancelled", "canceled" -> p.getValue("approved_at") != null || p.getLong("canceled_amount", 0L) > 0
          ? PaymentStep.cancelled(tid, PaymentStep.REFUNDED, "the wallet payment was cancelled after approval")
          : PaymentStep.declined(tid, PaymentStep.CANCELLED_BY_BUYER, status, "the buyer cancelled on the wallet page");
      case "failed" -> PaymentStep.declined(tid, failureCode(p.getString("failure_code")), p.getString("failure_code"),
          "the wallet payment failed");
      default -> PaymentStep.unknown(tid, PaymentStep.PROVIDER_ERROR, status, "unexpected wallet status '" + status + "'");
    };
  }

  /** A 4xx that is the buyer's wallet saying no (insufficient funds, refused), or null when it is not one. */
  private static PaymentStep declinedByWallet(String tid, ProviderApi.Reply res) {
    String code = res.errorCode();
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "insufficient_funds" -> PaymentStep.declined(tid, PaymentStep.INSUFFICIENT_FUNDS, code, res.errorMessage());
      case "payment_declined", "declined", "card_declined", "user_declined", "limit_exceeded" ->
          PaymentStep.declined(tid, PaymentStep.DECLINED, code, res.errorMessage());
      default -> "card_error".equals(res.errorType()) || res.status() == 402
          ? PaymentStep.declined(tid, PaymentStep.DECLINED, code, res.errorMessage()) : null;
    };
  }

  private static String failureCode(String providerCode) {
    return "insufficient_funds".equals(providerCode) ? PaymentStep.INSUFFICIENT_FUNDS : PaymentStep.DECLINED;
  }
}

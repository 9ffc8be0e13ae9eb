package kstore.paymentsandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.json.JsonObject;

/**
 * Redirect wallets in the ready → approve style (KakaoPay and the like): ready, the buyer's approval page, approve
 * with a one-time {@code pg_token}, cancel (refund, also partial) and look-up. The test account in
 * {@code partner_user_id} decides the outcome of approve.
 */
final class Wallets {

    /** The wallets the sandbox answers for ({@code /v1/wallets/{wallet}/...}). */
    static final Set<String> NAMES = Set.of("kakaopay", "naverpay", "toss", "paypay", "alipay", "wechatpay", "paypal",
        "klarna", "linepay", "mpesa", "payfast", "upi");

    static final String MPESA = "mpesa";
    static final String INSUFFICIENT = "wallet_insufficient";
    static final String TIMEOUT = "wallet_timeout";

    /** One wallet payment; guarded by its own monitor. */
    private static final class Payment {
        final String tid;
        final String wallet;
        final JsonObject ready;
        final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String status = "ready";
        String pgToken;
        boolean pgTokenUsed;
        Instant approvedAt;
        long canceled;

        Payment(String tid, String wallet, JsonObject ready) {
            this.tid = tid;
            this.wallet = wallet;
            this.ready = ready;
        }

        long amount() {
            return ready.getLong("amount");
        }

        String currency() {
            return ready.getString("currency");
        }

        JsonObject toJson() {
            JsonObject j = new JsonObject().put("tid", tid).put("wallet", wallet).put("status", status)
                .put("partner_order_id", ready.getString("partner_order_id"))
                .put("partner_user_id", ready.getString("partner_user_id"))
                .put("item_name", ready.getString("item_name")).put("amount", amount()).put("currency", currency())
                .put("created_at", createdAt.toString());
            if (approvedAt != null) {
                j.put("approved_at", approvedAt.toString());
            }
            if (canceled > 0) {
                j.put("canceled_amount", canceled).put("cancel_available_amount", amount() - canceled);
            }
            return j;
        }
    }

    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final Webhooks webhooks;
    private final PaymentSandbox.Options options;
    private final String baseUrl;

    Wallets(Webhooks webhooks, PaymentSandbox.Options options, String baseUrl) {
        this.webhooks = webhooks;
        this.options = options;
        this.baseUrl = baseUrl;
    }

    /** {@code POST /v1/wallets/{wallet}/ready}. */
    Reply ready(SandboxRequest req, String wallet) {
        known(wallet);
        JsonObject b = req.json();
        JsonObject ready = new JsonObject()
            .put("partner_order_id", Params.string(b, "partner_order_id"))
            .put("partner_user_id", Params.optionalString(b, "partner_user_id", "wallet_ok"))
            .put("item_name", Params.string(b, "item_name"))
            .put("amount", Params.amount(b, "amount"))
            .put("currency", Params.currency(b))
            .put("approval_url", Params.url(b, "approval_url"))
            .put("cancel_url", Params.url(b, "cancel_url"))
            .put("fail_url", Params.url(b, "fail_url"));
        wholeShillings(wallet, ready.getLong("amount"), ready.getString("currency"));
        Payment p = new Payment("T" + Ids.next("").substring(0, 20), wallet, ready);
        payments.put(p.tid, p);
        return Reply.ok(new JsonObject().put("tid", p.tid).put("next_redirect_url", baseUrl + "/pay/wallets/" + p.tid)
            .put("created_at", p.createdAt.toString()));
    }

    /** {@code POST /v1/wallets/{wallet}/approve}: the pg_token from the approval redirect, once. */
    Reply approve(SandboxRequest req, String wallet) {
        known(wallet);
        JsonObject b = req.json();
        Payment p = payment(wallet, Params.string(b, "tid"));
        String orderId = Params.string(b, "partner_order_id");
        String pgToken = Params.string(b, "pg_token");
        JsonObject answer;
        synchronized (p) {
            if (!orderId.equals(p.ready.getString("partner_order_id"))) {
                throw ApiError.invalid("partner_order_id_mismatch", "partner_order_id",
                    "partner_order_id differs from the one given at ready");
            }
            if (p.pgToken == null || p.pgTokenUsed || !p.pgToken.equals(pgToken) || !"ready".equals(p.status)) {
                throw ApiError.invalid("invalid_pg_token", "pg_token", "the pg_token is wrong or was used already");
            }
            p.pgTokenUsed = true;
            String account = p.ready.getString("partner_user_id");
            if (INSUFFICIENT.equals(account)) {
                p.status = "failed";
                throw new ApiError(402, "payment_error", "insufficient_funds", null,
                    "the wallet's balance is too low for this payment");
            }
            p.status = "approved";
            p.approvedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            answer = p.toJson();
        }
        JsonObject event = Webhooks.event("wallet.approved", answer);
        if (TIMEOUT.equals(answer.getString("partner_user_id"))) {
            webhooks.send(event, options.timeoutWebhookDelay());
            return Reply.ok(answer).delayedBy(options.timeoutHang());
        }
        req.afterReply(() -> webhooks.send(event, Duration.ZERO));
        return Reply.ok(answer);
    }

    /** {@code POST /v1/wallets/{wallet}/cancel}: refunds {@code amount} of an approved payment. */
    Reply cancel(SandboxRequest req, String wallet) {
        known(wallet);
        JsonObject b = req.json();
        Payment p = payment(wallet, Params.string(b, "tid"));
        long amount = Params.amount(b, "amount");
        wholeShillings(wallet, amount, p.currency());
        JsonObject answer;
        synchronized (p) {
            if (!"approved".equals(p.status) && !"partially_cancelled".equals(p.status)) {
                throw ApiError.invalid("payment_not_approved", "tid", "only an approved payment can be cancelled; this one is "
                    + p.status);
            }
            if (amount > p.amount() - p.canceled) {
                throw ApiError.invalid("amount_too_large", "amount", "cancel amount (" + amount
                    + ") is greater than what is left (" + (p.amount() - p.canceled) + ")");
            }
            p.canceled += amount;
            p.status = p.canceled == p.amount() ? "cancelled" : "partially_cancelled";
            answer = p.toJson().put("canceled_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        JsonObject event = Webhooks.event("wallet.cancelled", answer);
        req.afterReply(() -> webhooks.send(event, Duration.ZERO));
        return Reply.ok(answer);
    }

    /** {@code GET /v1/wallets/{wallet}/payments/{tid}}. */
    Reply get(String wallet, String tid) {
        known(wallet);
        Payment p = payment(wallet, tid);
        synchronized (p) {
            return Reply.ok(p.toJson());
        }
    }

    /** {@code GET /pay/wallets/{tid}}: the approval page, or {@code ?auto=approve|cancel|fail}. */
    Reply approvalPage(SandboxRequest req, String tid) {
        String auto = req.query("auto");
        if (auto != null) {
            return buyerChoice(req, tid, auto);
        }
        Payment p = payment(null, tid);
        synchronized (p) {
            if (!"ready".equals(p.status)) {
                return finishedPage(p);
            }
            String main = Pages.para("Approve this payment from your " + p.wallet + " wallet?")
                + Pages.details("Wallet", p.wallet, "Account", p.ready.getString("partner_user_id"),
                    "Item", p.ready.getString("item_name"), "Amount", Pages.money(p.amount(), p.currency()),
                    "Order", p.ready.getString("partner_order_id"))
                + Pages.buttons("Your choice", "approve", "Approve", "cancel", "Cancel", "fail", "Fail");
            return Reply.html(Pages.page("Pay with " + p.wallet, main));
        }
    }

    /** The buyer's button: approve → approval_url with a new pg_token; cancel/fail → cancel_url/fail_url. */
    Reply buyerChoice(SandboxRequest req, String tid, String action) {
        Payment p = payment(null, tid);
        String tidParam = "tid=" + URLEncoder.encode(tid, StandardCharsets.UTF_8);
        JsonObject cancelled = null;
        String target;
        synchronized (p) {
            if (!"ready".equals(p.status)) {
                return finishedPage(p);
            }
            switch (action) {
                case "approve" -> {
                    if (p.pgToken == null) {
                        p.pgToken = Ids.next("");
                    }
                    target = Params.withQuery(p.ready.getString("approval_url"),
                        "pg_token=" + URLEncoder.encode(p.pgToken, StandardCharsets.UTF_8) + "&" + tidParam);
                }
                case "cancel" -> {
                    p.status = "cancelled";
                    cancelled = p.toJson();
                    target = Params.withQuery(p.ready.getString("cancel_url"), tidParam);
                }
                case "fail" -> {
                    p.status = "failed";
                    target = Params.withQuery(p.ready.getString("fail_url"), tidParam);
                }
                default -> throw ApiError.invalid("parameter_invalid", "action", "action must be approve, cancel or fail");
            }
        }
        if (cancelled != null) {
            JsonObject event = Webhooks.event("wallet.cancelled", cancelled);
            req.afterReply(() -> webhooks.send(event, Duration.ZERO));
        }
        return Reply.redirect(target);
    }

    private static Reply finishedPage(Payment p) {
        return Reply.html(Pages.page("Payment finished", Pages.para("This payment is " + p.status.replace('_', ' ') + ".")));
    }

    private Payment payment(String wallet, String tid) {
        Payment p = payments.get(tid);
        if (p == null || (wallet != null && !wallet.equals(p.wallet))) {
            throw ApiError.notFound("wallet payment", tid);
        }
        return p;
    }

    /** M-Pesa moves whole shillings only, as the real API does: a KES amount with cents is refused. */
    private static void wholeShillings(String wallet, long amount, String currency) {
        if (MPESA.equals(wallet) && "kes".equals(currency) && amount % 100 != 0) {
            throw ApiError.invalid("invalid_amount", "amount", "M-Pesa takes whole shillings only: amount " + amount
                + " is KSh " + amount / 100 + "." + String.format("%02d", amount % 100));
        }
    }

    private static void known(String wallet) {
        if (!NAMES.contains(wallet)) {
            throw ApiError.notFound("wallet", wallet + " (known: " + String.join(", ", new java.util.TreeSet<>(NAMES)) + ")");
        }
    }
}

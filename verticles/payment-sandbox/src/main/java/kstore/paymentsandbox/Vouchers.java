package kstore.paymentsandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * Asynchronous vouchers (konbini, boleto, Pix): issued pending, then paid at the shop or expired — by the sandbox's
 * test controls or, for expiry, by themselves at {@code expires_at}. Each change sends its webhook.
 */
final class Vouchers {

    private static final long DEFAULT_EXPIRY_SECONDS = 3 * 24 * 3600;
    private static final long MAX_EXPIRY_SECONDS = 60 * 24 * 3600;

    private final Map<String, JsonObject> vouchers = new ConcurrentHashMap<>();
    private final Webhooks webhooks;
    private final ScheduledExecutorService scheduler;
    private final String baseUrl;

    Vouchers(Webhooks webhooks, ScheduledExecutorService scheduler, String baseUrl) {
        this.webhooks = webhooks;
        this.scheduler = scheduler;
        this.baseUrl = baseUrl;
    }

    /** {@code POST /v1/vouchers}. */
    Reply create(SandboxRequest req) {
        JsonObject b = req.json();
        String method = Params.string(b, "method");
        if (!method.equals("konbini") && !method.equals("boleto") && !method.equals("pix")) {
            throw ApiError.invalid("parameter_invalid", "method", "method must be konbini, boleto or pix");
        }
        long amount = Params.amount(b, "amount");
        String currency = Params.currency(b);
        long expiresIn = b.getValue("expires_in_seconds") == null ? DEFAULT_EXPIRY_SECONDS
            : Params.amount(b, "expires_in_seconds");
        if (expiresIn > MAX_EXPIRY_SECONDS) {
            throw ApiError.invalid("parameter_invalid", "expires_in_seconds", "expires_in_seconds is at most 60 days");
        }
        String id = Ids.next("vo_");
        Instant now = Instant.now();
        JsonObject v = new JsonObject().put("id", id).put("object", "voucher").put("method", method)
            .put("amount", amount).put("currency", currency).put("status", "pending").put("reference", reference(method))
            .put("instructions_url", baseUrl + "/pay/vouchers/" + id).put("created", now.getEpochSecond())
            .put("expires_at", now.getEpochSecond() + expiresIn).put("metadata", Params.metadata(b));
        vouchers.put(id, v);
        try {
            scheduler.schedule(() -> settle(id, "expired"), expiresIn, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
        synchronized (v) {
            return Reply.ok(v.copy());
        }
    }

    Reply get(String id) {
        JsonObject v = voucher(id);
        synchronized (v) {
            return Reply.ok(v.copy());
        }
    }

    /** The test controls: {@code pay} (the buyer paid at the shop) or {@code expire}. */
    Reply control(String id, String action) {
        JsonObject v = voucher(id);
        String status = action.equals("pay") ? "paid" : "expired";
        if (!settle(id, status)) {
            synchronized (v) {
                throw ApiError.invalid("voucher_not_pending", null, "the voucher is " + v.getString("status") + " already");
            }
        }
        synchronized (v) {
            return Reply.ok(v.copy());
        }
    }

    /** {@code GET /pay/vouchers/{id}}: what the buyer needs at the shop, plus the two test buttons. */
    Reply instructionsPage(String id) {
        JsonObject v = voucher(id);
        synchronized (v) {
            String method = v.getString("method");
            String where = switch (method) {
                case "konbini" -> "Pay at any convenience store counter with this payment number.";
                case "boleto" -> "Pay this boleto at a bank, lottery outlet or in your bank's app.";
                default -> "Pay with Pix: paste this code into your bank's app.";
            };
            String main = Pages.para(where) + "<p><code>" + Pages.esc(v.getString("reference")) + "</code></p>"
                + Pages.details("Amount", Pages.money(v.getLong("amount"), v.getString("currency")),
                    "Status", v.getString("status"), "Pay before", Instant.ofEpochSecond(v.getLong("expires_at")).toString(),
                    "Voucher", id)
                + ("pending".equals(v.getString("status"))
                    ? Pages.buttons("Sandbox test controls", "pay", "Mark as paid at the shop", "expire", "Let it expire")
                    : "");
            return Reply.html(Pages.page(label(method) + " payment", main));
        }
    }

    /** The page's buttons: act, then back to the page. */
    Reply pageAction(String id, String action) {
        if (!action.equals("pay") && !action.equals("expire")) {
            throw ApiError.invalid("parameter_invalid", "action", "action must be pay or expire");
        }
        voucher(id);
        settle(id, action.equals("pay") ? "paid" : "expired");
        return Reply.redirect(baseUrl + "/pay/vouchers/" + id);
    }

    /** pending → paid/expired with its webhook; false when the voucher was no longer pending. */
    private boolean settle(String id, String status) {
        JsonObject v = vouchers.get(id);
        JsonObject event;
        synchronized (v) {
            if (!"pending".equals(v.getString("status"))) {
                return false;
            }
            v.put("status", status).put(status + "_at", Instant.now().getEpochSecond());
            event = Webhooks.event("voucher." + status, v);
        }
        webhooks.send(event, Duration.ZERO);
        return true;
    }

    private JsonObject voucher(String id) {
        JsonObject v = vouchers.get(id);
        if (v == null) {
            throw ApiError.notFound("voucher", id);
        }
        return v;
    }

    private static String label(String method) {
        return switch (method) {
            case "konbini" -> "Konbini";
            case "boleto" -> "Boleto";
            default -> "Pix";
        };
    }

    private static String reference(String method) {
        return switch (method) {
            case "konbini" -> Ids.digits(12);
            case "boleto" -> Ids.digits(47);
            default -> "00020126580014br.gov.bcb.pix0136" + java.util.UUID.randomUUID() + "5204000053039865802BR"
                + "5915KSTORE SANDBOX6009SAO PAULO6304" + Ids.digits(4);
        };
    }
}

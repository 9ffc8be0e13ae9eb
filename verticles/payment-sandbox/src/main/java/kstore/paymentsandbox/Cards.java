package kstore.paymentsandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.json.JsonObject;

/**
 * Cards in the PaymentIntent style: create-and-confirm, the 3-D Secure challenge page, capture, cancel and refunds.
 * What happens is decided by the test payment-method token ({@link TestCard}).
 */
final class Cards {

    /** One PaymentIntent: its JSON as the API shows it, plus what the API does not show. */
    private static final class Intent {
        final JsonObject json;
        final TestCard card;
        final String returnUrl;
        long refunded;

        Intent(JsonObject json, TestCard card, String returnUrl) {
            this.json = json;
            this.card = card;
            this.returnUrl = returnUrl;
        }

        String status() {
            return json.getString("status");
        }

        long received() {
            return json.getLong("amount_received");
        }
    }

    private final Map<String, Intent> intents = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> refunds = new ConcurrentHashMap<>();
    private final Webhooks webhooks;
    private final PaymentSandbox.Options options;
    private final String baseUrl;

    Cards(Webhooks webhooks, PaymentSandbox.Options options, String baseUrl) {
        this.webhooks = webhooks;
        this.options = options;
        this.baseUrl = baseUrl;
    }

    /** {@code POST /v1/payment_intents} (always confirmed). */
    Reply create(SandboxRequest req) {
        JsonObject b = req.json();
        long amount = Params.amount(b, "amount");
        String currency = Params.currency(b);
        String token = Params.string(b, "payment_method");
        TestCard card = TestCard.of(token).orElseThrow(() -> ApiError.invalid("resource_missing", "payment_method",
            "no such test payment method: " + token + " (see the sandbox README for the tokens)"));
        String capture = Params.optionalString(b, "capture_method", "automatic");
        if (!capture.equals("automatic") && !capture.equals("manual")) {
            throw ApiError.invalid("parameter_invalid", "capture_method", "capture_method must be automatic or manual");
        }
        if (!Boolean.TRUE.equals(b.getValue("confirm"))) {
            throw ApiError.invalid("parameter_invalid", "confirm", "the sandbox only creates confirmed intents: send confirm=true");
        }
        String returnUrl = b.getValue("return_url") == null ? null : Params.url(b, "return_url");
        JsonObject metadata = Params.metadata(b);
        if (card == TestCard.PROVIDER_ERROR) {
            throw new ApiError(500, "api_error", null, null, "the card network had a problem; nothing was charged");
        }
        if (card.challenged() && returnUrl == null) {
            throw ApiError.invalid("parameter_missing", "return_url", "this card needs 3-D Secure: send return_url");
        }
        String id = Ids.next("pi_");
        JsonObject pi = new JsonObject().put("id", id).put("object", "payment_intent").put("amount", amount)
            .put("currency", currency).put("status", "processing").put("capture_method", capture)
            .put("payment_method", token).put("amount_received", 0L).put("metadata", metadata)
            .put("created", Instant.now().getEpochSecond()).put("livemode", false);
        if (returnUrl != null) {
            pi.put("return_url", returnUrl);
        }
        Intent intent = new Intent(pi, card, returnUrl);
        JsonObject answer;
        synchronized (intent) {
            intents.put(id, intent);
            if (card.challenged()) {
                pi.put("status", "requires_action").put("next_action", new JsonObject().put("type", "redirect_to_url")
                    .put("redirect_to_url", new JsonObject().put("url", challengeUrl(id)).put("return_url", returnUrl)));
                JsonObject event = Webhooks.event("payment_intent.requires_action", pi);
                req.afterReply(() -> webhooks.send(event, Duration.ZERO));
            } else if (card.declineCode() != null) {
                decline(intent, "card_declined", card.declineCode(), "Your card was declined.", req);
            } else {
                authorize(intent, req);
            }
            answer = pi.copy();
        }
        Reply reply = Reply.ok(answer);
        return card == TestCard.TIMEOUT ? reply.delayedBy(options.timeoutHang()) : reply;
    }

    /**
     * {@code GET /v1/payment_methods/{id}}: the test card with its issuing country ({@code card.country}), so that a
     * store can refuse cards from where it may not sell before it creates an intent.
     */
    Reply paymentMethod(String id) {
        TestCard card = TestCard.of(id).orElseThrow(() -> ApiError.notFound("payment_method", id));
        if (card == TestCard.PAYMENT_METHOD_ERROR) {
            throw new ApiError(500, "api_error", null, null, "payment methods cannot be read right now");
        }
        return Reply.ok(card.paymentMethod());
    }

    Reply get(String id) {
        Intent intent = intent(id);
        synchronized (intent) {
            return Reply.ok(intent.json.copy());
        }
    }

    /** {@code POST /v1/payment_intents/{id}/capture}, optionally {@code amount_to_capture} ≤ amount. */
    Reply capture(SandboxRequest req, String id) {
        Intent intent = intent(id);
        long partial = Params.optionalAmount(req.json(), "amount_to_capture");
        synchronized (intent) {
            expectStatus(intent, "capture", "requires_capture");
            long amount = intent.json.getLong("amount");
            if (partial > amount) {
                throw ApiError.invalid("amount_too_large", "amount_to_capture", "amount_to_capture exceeds the amount");
            }
            intent.json.put("status", "succeeded").put("amount_received", partial > 0 ? partial : amount);
            succeeded(intent, req);
            return Reply.ok(intent.json.copy());
        }
    }

    /** {@code POST /v1/payment_intents/{id}/cancel}: releases an authorization or abandons an unpaid intent. */
    Reply cancel(SandboxRequest req, String id) {
        Intent intent = intent(id);
        String reason = Params.optionalString(req.json(), "cancellation_reason", null);
        synchronized (intent) {
            expectStatus(intent, "cancel", "requires_payment_method", "requires_capture", "requires_action");
            intent.json.put("status", "canceled").put("canceled_at", Instant.now().getEpochSecond())
                .put("cancellation_reason", reason).remove("next_action");
            return Reply.ok(intent.json.copy());
        }
    }

    /** {@code POST /v1/refunds}: all that is left when {@code amount} is absent; more than that is amount_too_large. */
    Reply refund(SandboxRequest req) {
        JsonObject b = req.json();
        String id = Params.string(b, "payment_intent");
        long wanted = Params.optionalAmount(b, "amount");
        Intent intent = intent(id);
        synchronized (intent) {
            expectStatus(intent, "refund", "succeeded");
            long left = intent.received() - intent.refunded;
            if (left == 0) {
                throw ApiError.invalid("charge_already_refunded", null, "the payment " + id + " is refunded already");
            }
            if (wanted > left) {
                throw ApiError.invalid("amount_too_large", "amount", "refund amount (" + wanted
                    + ") is greater than what is left to refund (" + left + ")");
            }
            long amount = wanted > 0 ? wanted : left;
            intent.refunded += amount;
            String currency = intent.json.getString("currency");
            JsonObject refund = new JsonObject().put("id", Ids.next("re_")).put("object", "refund")
                .put("payment_intent", id).put("charge", intent.json.getString("latest_charge")).put("amount", amount)
                .put("currency", currency).put("status", "succeeded").put("metadata", Params.metadata(b))
                .put("created", Instant.now().getEpochSecond());
            refunds.put(refund.getString("id"), refund);
            JsonObject event = Webhooks.event("charge.refunded", charge(intent));
            req.afterReply(() -> webhooks.send(event, Duration.ZERO));
            return Reply.ok(refund.copy());
        }
    }

    Reply getRefund(String id) {
        JsonObject r = refunds.get(id);
        if (r == null) {
            throw ApiError.notFound("refund", id);
        }
        return Reply.ok(r.copy());
    }

    /** {@code GET /pay/3ds/{id}}: the challenge page, or {@code ?auto=approve|fail} for scripts. */
    Reply challengePage(SandboxRequest req, String id) {
        String auto = req.query("auto");
        if (auto != null) {
            return resolveChallenge(req, id, auto);
        }
        Intent intent = intent(id);
        synchronized (intent) {
            if (!"requires_action".equals(intent.status())) {
                return Reply.html(Pages.page("3-D Secure check finished", Pages.para("This payment is "
                    + intent.status().replace('_', ' ') + ".") + Pages.link(returnUrl(intent), "Return to the store")));
            }
            String main = Pages.para("Your bank asks you to confirm this card payment.")
                + Pages.details("Amount", Pages.money(intent.json.getLong("amount"), intent.json.getString("currency")),
                    "Card", intent.card.token, "Payment", id)
                + Pages.buttons("Confirm the payment", "approve", "Approve", "fail", "Fail authentication");
            return Reply.html(Pages.page("3-D Secure check", main));
        }
    }

    /** {@code POST /pay/3ds/{id}} with {@code action=approve|fail}, or the {@code ?auto=} shortcut. */
    Reply resolveChallenge(SandboxRequest req, String id, String action) {
        if (!action.equals("approve") && !action.equals("fail")) {
            throw ApiError.invalid("parameter_invalid", "action", "action must be approve or fail");
        }
        Intent intent = intent(id);
        JsonObject webhookFirst = null;
        synchronized (intent) {
            if ("requires_action".equals(intent.status())) {
                intent.json.remove("next_action");
                if (action.equals("approve")) {
                    if (intent.card == TestCard.WEBHOOK_FIRST) {
                        authorizeSilently(intent);
                        webhookFirst = Webhooks.event("payment_intent.succeeded", intent.json);
                    } else {
                        authorize(intent, req);
                    }
                } else {
                    decline(intent, "payment_intent_authentication_failure", null,
                        "The buyer failed the 3-D Secure check.", req);
                }
            }
        }
        if (webhookFirst != null) {
            webhooks.sendAndWait(webhookFirst); // before the browser is sent back: the instrument's point
        }
        return Reply.redirect(returnUrl(intent));
    }

    private String returnUrl(Intent intent) {
        String status = intent.status();
        String outcome = status.equals("succeeded") || status.equals("requires_capture") ? "succeeded" : "failed";
        return Params.withQuery(intent.returnUrl, "payment_intent="
            + URLEncoder.encode(intent.json.getString("id"), StandardCharsets.UTF_8) + "&redirect_status=" + outcome);
    }

    private String challengeUrl(String id) {
        return baseUrl + "/pay/3ds/" + id;
    }

    /** The card is good: captured at once (automatic) or held (manual). */
    private void authorize(Intent intent, SandboxRequest req) {
        authorizeSilently(intent);
        if ("succeeded".equals(intent.status())) {
            succeeded(intent, req);
        }
    }

    private void authorizeSilently(Intent intent) {
        JsonObject pi = intent.json;
        pi.put("latest_charge", Ids.next("ch_"));
        if ("manual".equals(pi.getString("capture_method"))) {
            pi.put("status", "requires_capture").put("amount_capturable", pi.getLong("amount"));
        } else {
            pi.put("status", "succeeded").put("amount_received", pi.getLong("amount"));
        }
    }

    /** The success webhook, with the card's delivery quirk (late, twice, or 5 s after a hung call). */
    private void succeeded(Intent intent, SandboxRequest req) {
        intent.json.remove("amount_capturable");
        JsonObject event = Webhooks.event("payment_intent.succeeded", intent.json);
        switch (intent.card) {
            case TIMEOUT -> webhooks.send(event, options.timeoutWebhookDelay()); // the reply itself is held back
            case LATE_WEBHOOK -> webhooks.send(event, options.lateWebhookDelay());
            case DUPLICATE_WEBHOOK -> req.afterReply(() -> {
                webhooks.send(event, Duration.ZERO);
                webhooks.send(event, Duration.ZERO);
            });
            default -> req.afterReply(() -> webhooks.send(event, Duration.ZERO));
        }
    }

    private void decline(Intent intent, String code, String declineCode, String message, SandboxRequest req) {
        JsonObject error = new JsonObject().put("code", code).put("message", message);
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        intent.json.put("status", "requires_payment_method").put("last_payment_error", error);
        JsonObject event = Webhooks.event("payment_intent.payment_failed", intent.json);
        req.afterReply(() -> webhooks.send(event, Duration.ZERO));
    }

    private JsonObject charge(Intent intent) {
        JsonObject pi = intent.json;
        return new JsonObject().put("id", pi.getString("latest_charge")).put("object", "charge")
            .put("payment_intent", pi.getString("id")).put("amount", pi.getLong("amount"))
            .put("amount_captured", intent.received()).put("amount_refunded", intent.refunded)
            .put("currency", pi.getString("currency")).put("refunded", intent.refunded == intent.received())
            .put("status", "succeeded").put("payment_method", intent.card.token)
            .put("payment_method_details", new JsonObject().put("type", "card").put("card", intent.card.details()))
            .put("metadata", pi.getJsonObject("metadata").copy());
    }

    private Intent intent(String id) {
        Intent intent = intents.get(id);
        if (intent == null) {
            throw ApiError.notFound("payment_intent", id);
        }
        return intent;
    }

    private static void expectStatus(Intent intent, String what, String... allowed) {
        for (String s : allowed) {
            if (s.equals(intent.status())) {
                return;
            }
        }
        throw ApiError.invalid("payment_intent_unexpected_state", null, "cannot " + what + " a PaymentIntent whose status is "
            + intent.status());
    }
}

package kstore.paymentsandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's one HTTP handler: matches method and path, checks the bearer secret key on {@code /v1/},
 * applies Idempotency-Key to {@code /v1/} POSTs, and writes the reply (later, for held-back replies).
 * Buyer pages ({@code /pay/}) and the voucher test controls ({@code /sandbox/}) need no key.
 */
final class SandboxRoutes implements HttpHandler {

    private interface Handler {
        Reply handle(SandboxRequest req);
    }

    /** {@code refund}: a refund call, which {@link RefundFailures} may refuse before it runs. */
    private record Route(String method, Pattern path, boolean api, Handler handler, boolean refund) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SandboxRoutes.class);
    private static final String ID = "([A-Za-z0-9_]+)";

    private final List<Route> routes = new ArrayList<>();
    private final byte[] secretKey;
    private final Idempotency idempotency = new Idempotency();
    private final Map<String, LongAdder> apiCalls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService threads;
    private final RefundFailures refundFailures = new RefundFailures();

    SandboxRoutes(String secretKey, Cards cards, Wallets wallets, Vouchers vouchers, Webhooks webhooks,
                  ScheduledExecutorService scheduler, ExecutorService threads) {
        this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
        this.scheduler = scheduler;
        this.threads = threads;
        api("POST", "/v1/payment_intents", cards::create);
        api("GET", "/v1/payment_intents/" + ID, r -> cards.get(r.pathParam(0)));
        api("POST", "/v1/payment_intents/" + ID + "/capture", r -> cards.capture(r, r.pathParam(0)));
        api("POST", "/v1/payment_intents/" + ID + "/cancel", r -> cards.cancel(r, r.pathParam(0)));
        api("GET", "/v1/payment_methods/" + ID, r -> cards.paymentMethod(r.pathParam(0)));
        refund("/v1/refunds", cards::refund);
        api("GET", "/v1/refunds/" + ID, r -> cards.getRefund(r.pathParam(0)));
        api("POST", "/v1/wallets/" + ID + "/ready", r -> wallets.ready(r, r.pathParam(0)));
        api("POST", "/v1/wallets/" + ID + "/approve", r -> wallets.approve(r, r.pathParam(0)));
        refund("/v1/wallets/" + ID + "/cancel", r -> wallets.cancel(r, r.pathParam(0)));
        api("GET", "/v1/wallets/" + ID + "/payments/" + ID, r -> wallets.get(r.pathParam(0), r.pathParam(1)));
        api("POST", "/v1/vouchers", vouchers::create);
        api("GET", "/v1/vouchers/" + ID, r -> vouchers.get(r.pathParam(0)));
        api("POST", "/v1/webhook_endpoints", r -> Reply.ok(webhooks.register(Params.url(r.json(), "url")).toJson()));
        api("DELETE", "/v1/webhook_endpoints/" + ID, r -> {
            if (!webhooks.remove(r.pathParam(0))) {
                throw ApiError.notFound("webhook endpoint", r.pathParam(0));
            }
            return Reply.ok(new JsonObject().put("id", r.pathParam(0)).put("deleted", true));
        });
        page("GET", "/pay/3ds/" + ID, r -> cards.challengePage(r, r.pathParam(0)));
        page("POST", "/pay/3ds/" + ID, r -> cards.resolveChallenge(r, r.pathParam(0), action(r)));
        page("GET", "/pay/wallets/" + ID, r -> wallets.approvalPage(r, r.pathParam(0)));
        page("POST", "/pay/wallets/" + ID, r -> wallets.buyerChoice(r, r.pathParam(0), action(r)));
        page("GET", "/pay/vouchers/" + ID, r -> vouchers.instructionsPage(r.pathParam(0)));
        page("POST", "/pay/vouchers/" + ID, r -> vouchers.pageAction(r.pathParam(0), action(r)));
        page("POST", "/sandbox/vouchers/" + ID + "/pay", r -> vouchers.control(r.pathParam(0), "pay"));
        page("POST", "/sandbox/vouchers/" + ID + "/expire", r -> vouchers.control(r.pathParam(0), "expire"));
        page("POST", "/sandbox/payments/" + ID + "/refunds/" + ID,
            r -> refundFailures.control(r.pathParam(0), r.pathParam(1)));
        page("GET", "/", r -> Reply.html(Pages.page("Payment sandbox", index())));
    }

    /** How many {@code /v1} calls came for exactly this method and path (tests: caching, calls never made). */
    long apiCalls(String method, String path) {
        LongAdder n = apiCalls.get(method + " " + path);
        return n == null ? 0 : n.sum();
    }

    private void api(String method, String path, Handler h) {
        routes.add(new Route(method, Pattern.compile(path), true, h, false));
    }

    private void refund(String path, Handler h) {
        routes.add(new Route("POST", Pattern.compile(path), true, h, true));
    }

    private void page(String method, String path, Handler h) {
        routes.add(new Route(method, Pattern.compile(path), false, h, false));
    }

    private static String action(SandboxRequest r) {
        String a = r.form().get("action");
        if (a == null) {
            throw ApiError.missing("action");
        }
        return a;
    }

    @Override
    public void handle(HttpExchange ex) {
        SandboxRequest req = null;
        Reply reply;
        try {
            req = SandboxRequest.read(ex);
            reply = dispatch(req);
        } catch (ApiError e) {
            reply = e.reply();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            reply = new ApiError(500, "api_error", null, null, "the sandbox failed: " + e).reply();
        }
        List<Runnable> after = req == null ? List.of() : req.afterReplyActions();
        Reply r = reply;
        if (r.delay().isZero() || r.delay().isNegative()) {
            write(ex, r, after);
            return;
        }
        try {
            scheduler.schedule(() -> threads.execute(() -> write(ex, r, after)), r.delay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            ex.close();
        }
    }

    private Reply dispatch(SandboxRequest req) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(req.path());
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(req.method())) {
                continue;
            }
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                params.add(m.group(i));
            }
            req.pathParams(params);
            if (route.api()) {
                apiCalls.computeIfAbsent(req.method() + " " + req.path(), k -> new LongAdder()).increment();
                authenticate(req);
                if (route.refund()) {
                    // before the idempotency layer: an outage answered here is not the key's answer
                    Object payment = req.json().getValue("payment_intent", req.json().getValue("tid"));
                    refundFailures.check(payment instanceof String id ? id : null);
                }
                String key = req.header("Idempotency-Key");
                if (req.method().equals("POST") && key != null && !key.isBlank()) {
                    return idempotency.run(key, req.fingerprint(), () -> route.handler().handle(req));
                }
            }
            return route.handler().handle(req);
        }
        if (pathKnown) {
            throw new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                req.method() + " is not allowed on " + req.path());
        }
        throw new ApiError(404, "invalid_request_error", "resource_missing", null, "no such path: " + req.path());
    }

    private void authenticate(SandboxRequest req) {
        String h = req.header("Authorization");
        boolean ok = h != null && h.startsWith("Bearer ")
            && MessageDigest.isEqual(h.substring(7).trim().getBytes(StandardCharsets.UTF_8), secretKey);
        if (!ok) {
            throw new ApiError(401, "invalid_request_error", "invalid_api_key", null,
                "send the sandbox's secret key as Authorization: Bearer sk_test_…");
        }
    }

    private static void write(HttpExchange ex, Reply reply, List<Runnable> after) {
        try {
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            reply.headers().forEach(ex.getResponseHeaders()::set);
            ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            LOG.debug("reply to {} {} not delivered: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        } finally {
            ex.close();
        }
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("after-reply action failed", e);
            }
        }
    }

    private static String index() {
        StringBuilder cards = new StringBuilder("<h2>Test cards</h2><ul>");
        for (TestCard c : TestCard.values()) {
            cards.append("<li><code>").append(c.token).append("</code>: ").append(Pages.esc(c.outcome))
                .append(" (").append(c.brand).append(" ").append(c.last4).append(", issued in ").append(c.country)
                .append(")</li>");
        }
        cards.append("</ul>");
        return Pages.para("Stands in for card, wallet and voucher providers; the API is under /v1 (bearer secret key). "
            + "See PROTOCOL.md and the README of verticles/payment-sandbox.") + cards
            + "<h2>Wallet accounts (partner_user_id)</h2><ul><li><code>wallet_ok</code> (any other id, too): approves</li>"
            + "<li><code>wallet_insufficient</code>: approve fails with insufficient_funds</li>"
            + "<li><code>wallet_timeout</code>: approve hangs 30 s but approves</li></ul>"
            + "<h2>Wallets</h2>" + Pages.para(String.join(", ", new java.util.TreeSet<>(Wallets.NAMES)))
            + "<h2>Vouchers</h2>" + Pages.para("konbini, boleto, pix: POST /sandbox/vouchers/{id}/pay or /expire, "
            + "or the buttons on the voucher's instructions page.")
            + "<h2>Refunds that fail</h2>" + Pages.para("POST /sandbox/payments/{pi_… or wallet tid}/refunds/outage "
            + "(503 refunds_unavailable), /dispute (400 charge_disputed) or /mend: that payment's refunds fail until "
            + "mended.");
    }
}

package kstore.paymentsandbox;

import static kstore.paymentsandbox.SandboxClient.browse;
import static kstore.paymentsandbox.SandboxClient.error;
import static kstore.paymentsandbox.SandboxClient.location;
import static kstore.paymentsandbox.SandboxClient.press;
import static kstore.paymentsandbox.SandboxClient.query;
import static kstore.paymentsandbox.WebhookReceiver.about;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redirect wallets (ready → approve)")
class WalletsTest {

    private static final String STORE = "http://127.0.0.1:9/checkout/wallet";

    private static PaymentSandbox sandbox;
    private static SandboxClient api;
    private static WebhookReceiver hooks;

    private static RunningSandbox running;

    @BeforeAll
    static void start() throws Exception {
        running = RunningSandbox.start();
        sandbox = running.sandbox();
        api = running.api();
        hooks = running.hooks();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static JsonObject ready(String user, String orderId) {
        return api.ok(api.post("/v1/wallets/kakaopay/ready", new JsonObject().put("partner_order_id", orderId)
            .put("partner_user_id", user).put("amount", 33000).put("currency", "krw").put("item_name", "Stardew Valley")
            .put("approval_url", STORE + "/approve").put("cancel_url", STORE + "/cancel").put("fail_url", STORE + "/fail")));
    }

    @Test
    @DisplayName("ready → the buyer approves on the page → approve with the one-time pg_token → partial and full cancel")
    void readyApproveCancel() {
        String order = UUID.randomUUID().toString();
        JsonObject ready = ready("wallet_ok", order);
        String tid = ready.getString("tid");
        assertThat(tid).startsWith("T");
        assertThat(ready.getString("created_at")).isNotBlank();
        assertThat(api.ok(api.get("/v1/wallets/kakaopay/payments/" + tid)).getString("status")).isEqualTo("ready");

        HttpResponse<String> page = browse(ready.getString("next_redirect_url"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Payment sandbox — no real money").contains("Stardew Valley")
            .contains("33,000 KRW").contains(">Approve</button>").contains(">Cancel</button>").contains(">Fail</button>");

        String back = location(press(ready.getString("next_redirect_url"), Map.of("action", "approve")));
        assertThat(back).startsWith(STORE + "/approve?");
        Map<String, String> q = query(back);
        assertThat(q).containsEntry("tid", tid);
        String pgToken = q.get("pg_token");
        assertThat(pgToken).isNotBlank();

        JsonObject approve = new JsonObject().put("tid", tid).put("partner_order_id", order).put("pg_token", pgToken);
        JsonObject approved = api.ok(api.post("/v1/wallets/kakaopay/approve", approve));
        assertThat(approved.getString("status")).isEqualTo("approved");
        assertThat(approved.getLong("amount")).isEqualTo(33000L);
        assertThat(approved.getString("currency")).isEqualTo("krw");
        assertThat(approved.getString("approved_at")).isNotBlank();
        hooks.await(1, about("wallet.approved", tid));

        HttpResponse<String> reused = api.post("/v1/wallets/kakaopay/approve", approve);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(error(reused).getString("code")).isEqualTo("invalid_pg_token");

        JsonObject partial = api.ok(api.post("/v1/wallets/kakaopay/cancel", new JsonObject().put("tid", tid).put("amount", 3000)));
        assertThat(partial.getString("status")).isEqualTo("partially_cancelled");
        assertThat(partial.getLong("canceled_amount")).isEqualTo(3000L);
        HttpResponse<String> tooMuch = api.post("/v1/wallets/kakaopay/cancel", new JsonObject().put("tid", tid).put("amount", 40000));
        assertThat(error(tooMuch).getString("code")).isEqualTo("amount_too_large");
        JsonObject full = api.ok(api.post("/v1/wallets/kakaopay/cancel", new JsonObject().put("tid", tid).put("amount", 30000)));
        assertThat(full.getString("status")).isEqualTo("cancelled");
        assertThat(full.getLong("canceled_amount")).isEqualTo(33000L);
        assertThat(api.ok(api.get("/v1/wallets/kakaopay/payments/" + tid)).getString("status")).isEqualTo("cancelled");
        hooks.await(2, about("wallet.cancelled", tid));
    }

    @Test
    @DisplayName("a wrong pg_token is refused and the right one still works afterwards")
    void wrongPgToken() {
        String order = UUID.randomUUID().toString();
        JsonObject ready = ready("someone", order);
        String pgToken = query(location(browse(ready.getString("next_redirect_url") + "?auto=approve"))).get("pg_token");
        JsonObject approve = new JsonObject().put("tid", ready.getString("tid")).put("partner_order_id", order);
        HttpResponse<String> wrong = api.post("/v1/wallets/kakaopay/approve", approve.copy().put("pg_token", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(error(wrong).getString("code")).isEqualTo("invalid_pg_token");
        assertThat(api.ok(api.post("/v1/wallets/kakaopay/approve", approve.put("pg_token", pgToken))).getString("status"))
            .isEqualTo("approved");
    }

    @Test
    @DisplayName("wallet_insufficient: the buyer approves, but approve fails with insufficient_funds and the payment is failed")
    void insufficient() {
        String order = UUID.randomUUID().toString();
        JsonObject ready = ready("wallet_insufficient", order);
        String pgToken = query(location(browse(ready.getString("next_redirect_url") + "?auto=approve"))).get("pg_token");
        HttpResponse<String> r = api.post("/v1/wallets/kakaopay/approve", new JsonObject().put("tid", ready.getString("tid"))
            .put("partner_order_id", order).put("pg_token", pgToken));
        assertThat(r.statusCode()).isEqualTo(402);
        assertThat(error(r).getString("code")).isEqualTo("insufficient_funds");
        assertThat(api.ok(api.get("/v1/wallets/kakaopay/payments/" + ready.getString("tid"))).getString("status"))
            .isEqualTo("failed");
    }

    @Test
    @DisplayName("the buyer's Cancel and Fail send them to cancel_url and fail_url and end the payment")
    void cancelAndFailOnThePage() {
        JsonObject a = ready("wallet_ok", UUID.randomUUID().toString());
        String toCancel = location(press(a.getString("next_redirect_url"), Map.of("action", "cancel")));
        assertThat(toCancel).isEqualTo(STORE + "/cancel?tid=" + a.getString("tid"));
        assertThat(api.ok(api.get("/v1/wallets/kakaopay/payments/" + a.getString("tid"))).getString("status"))
            .isEqualTo("cancelled");

        JsonObject b = ready("wallet_ok", UUID.randomUUID().toString());
        String toFail = location(browse(b.getString("next_redirect_url") + "?auto=fail"));
        assertThat(toFail).isEqualTo(STORE + "/fail?tid=" + b.getString("tid"));
        assertThat(api.ok(api.get("/v1/wallets/kakaopay/payments/" + b.getString("tid"))).getString("status"))
            .isEqualTo("failed");
        assertThat(browse(b.getString("next_redirect_url")).body()).contains("failed").doesNotContain("<button");
    }

    @Test
    @DisplayName("M-Pesa takes whole shillings: a KES amount with cents is refused at ready and at cancel, whole ones are taken")
    void mpesaWholeShillings() {
        JsonObject cents = new JsonObject().put("partner_order_id", UUID.randomUUID().toString())
            .put("partner_user_id", "wallet_ok").put("amount", 67920).put("currency", "kes").put("item_name", "Dota 2")
            .put("approval_url", STORE + "/approve").put("cancel_url", STORE + "/cancel").put("fail_url", STORE + "/fail");
        HttpResponse<String> refused = api.post("/v1/wallets/mpesa/ready", cents);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(error(refused).getString("type")).isEqualTo("invalid_request_error");
        assertThat(error(refused).getString("code")).isEqualTo("invalid_amount");
        assertThat(error(refused).getString("param")).isEqualTo("amount");
        assertThat(error(refused).getString("message")).contains("KSh 679.20");
        assertThat(api.ok(api.post("/v1/wallets/kakaopay/ready", cents.copy().put("partner_order_id",
            UUID.randomUUID().toString()))).getString("tid")).as("other wallets take cents").isNotBlank();

        String order = UUID.randomUUID().toString();
        JsonObject ready = api.ok(api.post("/v1/wallets/mpesa/ready", cents.copy().put("partner_order_id", order)
            .put("amount", 67900)));
        String tid = ready.getString("tid");
        String pgToken = query(location(browse(ready.getString("next_redirect_url") + "?auto=approve"))).get("pg_token");
        JsonObject approved = api.ok(api.post("/v1/wallets/mpesa/approve", new JsonObject().put("tid", tid)
            .put("partner_order_id", order).put("pg_token", pgToken)));
        assertThat(approved.getLong("amount")).isEqualTo(67900L);
        assertThat(approved.getString("currency")).isEqualTo("kes");

        HttpResponse<String> centsBack = api.post("/v1/wallets/mpesa/cancel", new JsonObject().put("tid", tid).put("amount", 50));
        assertThat(centsBack.statusCode()).isEqualTo(400);
        assertThat(error(centsBack).getString("code")).isEqualTo("invalid_amount");
        JsonObject back = api.ok(api.post("/v1/wallets/mpesa/cancel", new JsonObject().put("tid", tid).put("amount", 67900)));
        assertThat(back.getString("status")).isEqualTo("cancelled");
    }

    @Test
    @DisplayName("an unknown wallet is 404")
    void unknownWallet() {
        HttpResponse<String> r = api.post("/v1/wallets/notapay/ready", new JsonObject());
        assertThat(r.statusCode()).isEqualTo(404);
    }
}

package kstore.paymentsandbox;

import io.vertx.core.json.JsonObject;

/** A sandbox with shrunk timings, a client for it, and a webhook receiver registered at it: one per test class. */
record RunningSandbox(PaymentSandbox sandbox, SandboxClient api, WebhookReceiver hooks) implements AutoCloseable {

    static RunningSandbox start() throws Exception {
        PaymentSandbox sandbox = SandboxClient.startFast();
        SandboxClient api = new SandboxClient(sandbox);
        WebhookReceiver hooks = new WebhookReceiver();
        api.ok(api.post("/v1/webhook_endpoints", new JsonObject().put("url", hooks.url())));
        return new RunningSandbox(sandbox, api, hooks);
    }

    @Override
    public void close() {
        hooks.close();
        sandbox.close();
    }
}

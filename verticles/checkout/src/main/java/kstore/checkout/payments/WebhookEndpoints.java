package kstore.checkout.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;

/**
 * Registers our webhook URL at a provider ({@code POST /v1/webhook_endpoints {url}}) and answers the signing secret.
 * Registering the same URL again answers the same endpoint and secret, so calling it at every start is safe.
 */
public final class WebhookEndpoints {
  private final ProviderApi api;

  WebhookEndpoints(ProviderApi api) {
    this.api = api;
  }

  /** A registered endpoint: its id, URL and the {@code whsec_…} secret for {@link WebhookVerifier}. */
  public record Registration(String id, String url, String secret) {
    @Override
    public String toString() {
      return "Registration[" + id + ", " + url + ", secret=" + (secret == null ? "absent" : "present") + "]";
    }
  }

  /** Registers {@code url} (idempotent); fails with UNAVAILABLE when the provider cannot be reached or refuses. */
  public Future<Registration> register(String url) {
    return api.post("/v1/webhook_endpoints", new JsonObject().put("url", url), "webhook-endpoint-" + sha256(url))
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "payment provider '"
                + api.endpoint().name() + "' unreachable to register webhooks: " + ar.cause().getMessage()));
          }
          ProviderApi.Reply r = ar.result();
          if (!r.ok() || r.body().getString("secret") == null) {
            return Future.failedFuture(r.uncertain() || r.ok()
                ? ServiceError.of(ErrorCode.UNAVAILABLE, "payment provider '" + api.endpoint().name()
                    + "' did not register the webhook: " + r.errorMessage())
                : api.refusal(r, "register webhook " + url));
          }
          return Future.succeededFuture(new Registration(r.body().getString("id"), r.body().getString("url", url),
              r.body().getString("secret")));
        });
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

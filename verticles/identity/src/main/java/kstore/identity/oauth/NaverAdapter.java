package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Naver Login: the token request carries {@code state} (Naver requires it), errors come back as HTTP 200 with
 * {@code error}, and the profile is {@code {resultcode, message, response:{id, email, nickname, name}}} where
 * any {@code resultcode} but {@code "00"} is a failure. Naver gives no email-verified flag, so its email is
 * never treated as verified.
 */
final class NaverAdapter implements ProviderAdapter {
  @Override
  public String name() {
    return "naver";
  }

  @Override
  public ClaimMapping claims() {
    return new ClaimMapping("response.id", "response.email", null, "response.name", null);
  }

  @Override
  public Future<JsonObject> exchange(ProviderHttp http, ProviderConfig p, Endpoints e, TokenGrant grant,
                                     Supplier<Future<JsonObject>> standard) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("client_id", p.clientId());
    form.put("client_secret", p.clientSecret());
    form.put("code", grant.code());
    form.put("state", grant.state());
    return http.postForm(e.token(), form, null);
  }

  @Override
  public Future<JsonObject> profile(ProviderHttp http, ProviderConfig p, Endpoints e, JsonObject tokens) {
    return ProviderAdapter.super.profile(http, p, e, tokens).compose(body -> {
      if (!"00".equals(body.getString("resultcode"))) {
        return Future.failedFuture(new ProviderHttp.ProviderException(
            "Naver profile answered resultcode " + body.getString("resultcode") + ": " + body.getString("message")));
      }
      return Future.succeededFuture(body);
    });
  }

  @Override
  public ExternalIdentity identity(ProviderConfig p, JsonObject claims, JsonObject params) {
    ExternalIdentity base = p.claims().identity(p.id(), claims);
    String name = base.displayName() != null ? base.displayName() : ClaimMapping.text(claims, "response.nickname");
    return new ExternalIdentity(base.provider(), base.subject(), base.email(), base.emailVerified(), name,
        base.locale(), claims);
  }
}

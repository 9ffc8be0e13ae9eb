package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * VK ID: a public client with mandatory PKCE (no client secret). The callback carries {@code device_id}, which the
 * token request must repeat with the state; the profile is {@code POST /oauth2/user_info} answering
 * {@code {user:{user_id, first_name, last_name, email}}}. VK ID gives no email-verified flag.
 */
final class VkAdapter implements ProviderAdapter {
  @Override
  public String name() {
    return "vk";
  }

  @Override
  public ClaimMapping claims() {
    return new ClaimMapping("user.user_id", "user.email", null, null, null);
  }

  @Override
  public boolean configured(ProviderConfig p) {
    return p.clientId() != null;
  }

  @Override
  public Future<JsonObject> exchange(ProviderHttp http, ProviderConfig p, Endpoints e, TokenGrant grant,
                                     Supplier<Future<JsonObject>> standard) {
    String deviceId = grant.params().getString("device_id");
    if (deviceId == null) {
      return Future.failedFuture(new ProviderHttp.ProviderException("VK ID callback without device_id"));
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", grant.code());
    form.put("code_verifier", grant.verifier());
    form.put("client_id", p.clientId());
    form.put("device_id", deviceId);
    form.put("redirect_uri", grant.redirectUri());
    form.put("state", grant.state());
    return http.postForm(e.token(), form, null);
  }

  @Override
  public Future<JsonObject> profile(ProviderHttp http, ProviderConfig p, Endpoints e, JsonObject tokens) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", p.clientId());
    form.put("access_token", tokens.getString("access_token"));
    return http.postForm(e.userinfo(), form, null);
  }

  @Override
  public ExternalIdentity identity(ProviderConfig p, JsonObject claims, JsonObject params) {
    ExternalIdentity base = p.claims().identity(p.id(), claims);
    String name = base.displayName();
    if (name == null) {
      String first = ClaimMapping.text(claims, "user.first_name");
      String last = ClaimMapping.text(claims, "user.last_name");
      name = first == null ? last : last == null ? first : first + " " + last;
    }
    return new ExternalIdentity(base.provider(), base.subject(), base.email(), base.emailVerified(), name,
        base.locale(), claims);
  }
}

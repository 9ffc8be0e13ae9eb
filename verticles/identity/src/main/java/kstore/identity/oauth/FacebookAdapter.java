package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Facebook Login: the profile is the Graph API {@code /me?fields=id,name,email} with the access token as a
 * query parameter. Facebook only returns an email it has confirmed, so a present email counts as verified.
 */
final class FacebookAdapter implements ProviderAdapter {
  @Override
  public String name() {
    return "facebook";
  }

  @Override
  public ClaimMapping claims() {
    return new ClaimMapping("id", "email", null, "name", null);
  }

  @Override
  public String scopeSeparator() {
    return ",";
  }

  @Override
  public Future<JsonObject> profile(ProviderHttp http, ProviderConfig p, Endpoints e, JsonObject tokens) {
    return http.getJson(e.userinfo(), Map.of("access_token", tokens.getString("access_token")), null);
  }

  @Override
  public ExternalIdentity identity(ProviderConfig p, JsonObject claims, JsonObject params) {
    ExternalIdentity base = p.claims().identity(p.id(), claims);
    return new ExternalIdentity(base.provider(), base.subject(), base.email(), base.email() != null,
        base.displayName(), base.locale(), claims);
  }
}

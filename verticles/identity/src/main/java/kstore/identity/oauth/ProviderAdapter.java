package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a provider does differently from standard OpenID Connect. Each step has the standard behaviour as its
 * default, so an adapter overrides only where its provider departs from the specification.
 */
public interface ProviderAdapter {

  /** The name used in the {@code adapter} key of the provider configuration. */
  String name();

  /** Where this provider keeps the subject, email, ...; configuration may override single paths. */
  default ClaimMapping claims() {
    return ClaimMapping.OIDC;
  }

  /** Whether the provider has all it needs to be shown (client id and secret by default). */
  default boolean configured(ProviderConfig p) {
    return p.clientId() != null && p.clientSecret() != null;
  }

  /** How the provider wants several scopes joined in the authorization URL. */
  default String scopeSeparator() {
    return " ";
  }

  /** The authorization URL to send the browser to, given the standard one built by Vert.x. */
  default String authorizationUrl(ProviderConfig p, String standardUrl) {
    return standardUrl;
  }

  /** Exchanges the code for the token response; {@code standard} is the RFC 6749 code grant. */
  default Future<JsonObject> exchange(ProviderHttp http, ProviderConfig p, Endpoints e, TokenGrant grant,
                                      Supplier<Future<JsonObject>> standard) {
    return standard.get();
  }

  /**
   * Claims proven by the token response itself, for providers whose id_token is not checked against a JWKS
   * (kind {@code oauth2}); empty by default.
   */
  default Future<JsonObject> tokenClaims(ProviderHttp http, ProviderConfig p, JsonObject tokens, String nonce) {
    return Future.succeededFuture(new JsonObject());
  }

  /** The user's profile: by default the userinfo endpoint with the access token as bearer. */
  default Future<JsonObject> profile(ProviderHttp http, ProviderConfig p, Endpoints e, JsonObject tokens) {
    if (e.userinfo() == null) {
      return Future.succeededFuture(new JsonObject());
    }
    return http.getJson(e.userinfo(), Map.of(), tokens.getString("access_token"));
  }

  /** The identity the merged claims and profile describe; {@code params} is the callback's query or form. */
  default ExternalIdentity identity(ProviderConfig p, JsonObject claims, JsonObject params) {
    return p.claims().identity(p.id(), claims);
  }
}

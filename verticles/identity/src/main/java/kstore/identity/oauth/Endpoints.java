package kstore.identity.oauth;

import io.vertx.core.json.JsonObject;

/** A provider's resolved endpoints: from its configuration or from its OIDC discovery document. */
public record Endpoints(String issuer, String authorization, String token, String userinfo, String jwks) {

  /** The endpoints given in configuration (no network). */
  public static Endpoints of(ProviderConfig p) {
    return new Endpoints(p.issuer(), p.authorizationEndpoint(), p.tokenEndpoint(), p.userinfoEndpoint(), p.jwksUri());
  }

  /**
   * The configured endpoints completed by a discovery document, which must name the configured issuer
   * exactly (OpenID Connect Discovery 1.0, section 4.3).
   */
  public static Endpoints discovered(ProviderConfig p, JsonObject doc) {
    if (!p.issuer().equals(doc.getString("issuer"))) {
      throw new IllegalStateException("discovery for '" + p.id() + "' names issuer " + doc.getString("issuer")
          + ", expected " + p.issuer());
    }
    Endpoints e = new Endpoints(p.issuer(),
        or(p.authorizationEndpoint(), doc.getString("authorization_endpoint")),
        or(p.tokenEndpoint(), doc.getString("token_endpoint")),
        or(p.userinfoEndpoint(), doc.getString("userinfo_endpoint")),
        or(p.jwksUri(), doc.getString("jwks_uri")));
    if (e.authorization() == null || e.token() == null || e.jwks() == null) {
      throw new IllegalStateException("discovery for '" + p.id() + "' lacks authorization_endpoint, token_endpoint or jwks_uri");
    }
    return e;
  }

  /** Where the discovery document of an issuer is. */
  public static String discoveryUrl(String issuer) {
    return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/openid-configuration";
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }
}

package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * LINE Login v2.1: the token response's id_token is signed HS256 with the channel secret (web login), issued by
 * {@code https://access.line.me} for our channel id; it carries {@code sub}, {@code name} and, with the
 * {@code email} scope, {@code email}. LINE gives no email-verified flag, so its email is never treated as verified.
 */
final class LineAdapter implements ProviderAdapter {
  static final String ISSUER = "https://access.line.me";

  @Override
  public String name() {
    return "line";
  }

  @Override
  public Future<JsonObject> tokenClaims(ProviderHttp http, ProviderConfig p, JsonObject tokens, String nonce) {
    String issuer = p.issuer() != null ? p.issuer() : ISSUER;
    return IdTokenVerifier.sharedSecret(http.vertx(), p.clientSecret(), issuer, p.clientId())
        .verify(tokens.getString("id_token"), nonce);
  }

  @Override
  public Future<JsonObject> profile(ProviderHttp http, ProviderConfig p, Endpoints e, JsonObject tokens) {
    return Future.succeededFuture(new JsonObject());
  }
}

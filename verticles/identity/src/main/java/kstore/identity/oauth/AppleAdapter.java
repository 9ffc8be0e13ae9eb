package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sign in with Apple: the client secret is a short-lived ES256 JWT signed with the team's private key
 * ({@code teamId}, {@code keyId}, {@code privateKey} or {@code privateKeyEnv}, a PKCS#8 PEM); the callback is a
 * {@code form_post}; the id_token (verified as standard OIDC) holds {@code sub}, {@code email} and
 * {@code email_verified}, and the name only arrives on the first sign-in, in the {@code user} form field.
 */
final class AppleAdapter implements ProviderAdapter {
  static final String AUDIENCE = "https://appleid.apple.com";
  private static final int SECRET_SECONDS = 300;

  @Override
  public String name() {
    return "apple";
  }

  @Override
  public boolean configured(ProviderConfig p) {
    JsonObject s = p.settings();
    return p.clientId() != null && s.getString("teamId") != null && s.getString("keyId") != null
        && s.getString("privateKey") != null;
  }

  @Override
  public Future<JsonObject> exchange(ProviderHttp http, ProviderConfig p, Endpoints e, TokenGrant grant,
                                     Supplier<Future<JsonObject>> standard) {
    String secret;
    try {
      secret = clientSecret(http.vertx(), p);
    } catch (RuntimeException ex) {
      return Future.failedFuture(ex);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", grant.code());
    form.put("redirect_uri", grant.redirectUri());
    form.put("client_id", p.clientId());
    form.put("client_secret", secret);
    if (p.pkce()) {
      form.put("code_verifier", grant.verifier());
    }
    return http.postForm(e.token(), form, null);
  }

  /** A client secret JWT: {@code iss} team, {@code sub} client id, {@code aud} Apple, valid five minutes. */
  static String clientSecret(Vertx vertx, ProviderConfig p) {
    JsonObject s = p.settings();
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("ES256").setId(s.getString("keyId")).setBuffer(pem(s.getString("privateKey")))));
    return signer.generateToken(new JsonObject(), new JWTOptions().setAlgorithm("ES256")
        .setIssuer(s.getString("teamId")).setSubject(p.clientId()).setAudience(List.of(AUDIENCE))
        .setExpiresInSeconds(SECRET_SECONDS));
  }

  /** Keys kept in one-line environment variables often have their newlines escaped. */
  private static String pem(String key) {
    return key.replace("\\n", "\n");
  }

  @Override
  public ExternalIdentity identity(ProviderConfig p, JsonObject claims, JsonObject params) {
    ExternalIdentity base = p.claims().identity(p.id(), claims);
    String name = base.displayName();
    String user = params.getString("user");
    if (name == null && user != null) {
      try {
        JsonObject n = new JsonObject(user).getJsonObject("name", new JsonObject());
        String first = n.getString("firstName");
        String last = n.getString("lastName");
        name = first == null ? last : last == null ? first : first + " " + last;
      } catch (DecodeException | ClassCastException e) {
        name = null;
      }
    }
    return new ExternalIdentity(base.provider(), base.subject(), base.email(), base.emailVerified(), name,
        base.locale(), claims);
  }
}

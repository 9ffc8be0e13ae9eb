package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks an id_token as OpenID Connect Core 3.1.3.7 asks: signature (the issuer's JWKS, or a shared secret
 * for LINE's HS256 tokens), {@code iss}, {@code aud}/{@code azp}, {@code exp} and {@code nonce}.
 * The key set is fetched at first use and again when a token names a key id we do not know (key rotation),
 * at most once a minute.
 */
public final class IdTokenVerifier {
  private static final long REFETCH_AFTER_MS = 60_000;
  private static final int LEEWAY_SECONDS = 60;

  private final Vertx vertx;
  private final ProviderHttp http;
  private final String jwksUri;
  private final String issuer;
  private final String clientId;
  private Future<JWTAuth> keys;
  private Set<String> knownKids = Set.of();
  private long fetchedAt;

  private IdTokenVerifier(Vertx vertx, ProviderHttp http, String jwksUri, String issuer, String clientId, JWTAuth fixed) {
    this.vertx = vertx;
    this.http = http;
    this.jwksUri = jwksUri;
    this.issuer = issuer;
    this.clientId = clientId;
    this.keys = fixed == null ? null : Future.succeededFuture(fixed);
  }

  /** Tokens signed with the keys published at {@code jwksUri}. */
  public static IdTokenVerifier jwks(Vertx vertx, ProviderHttp http, String jwksUri, String issuer, String clientId) {
    return new IdTokenVerifier(vertx, http, Objects.requireNonNull(jwksUri, "jwksUri"), issuer, clientId, null);
  }

  /** Tokens signed HS256 with a secret we share with the provider (LINE: the channel secret). */
  public static IdTokenVerifier sharedSecret(Vertx vertx, String secret, String issuer, String clientId) {
    JWTAuth auth = JWTAuth.create(vertx, options(issuer, clientId)
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return new IdTokenVerifier(vertx, null, null, issuer, clientId, auth);
  }

  /** The token's claims when it is valid for us and carries {@code nonce}; a failed Future otherwise. */
  public Future<JsonObject> verify(String idToken, String nonce) {
    if (idToken == null || idToken.isBlank()) {
      return Future.failedFuture(new ProviderHttp.ProviderException("the provider returned no id_token"));
    }
    return keysFor(kidOf(idToken))
        .compose(auth -> auth.authenticate(new TokenCredentials(idToken)))
        .compose(user -> check(user.attributes().getJsonObject("accessToken"), nonce));
  }

  private Future<JsonObject> check(JsonObject claims, String nonce) {
    if (claims == null || !(claims.getValue("exp") instanceof Number)) {
      return fail("id_token has no exp");
    }
    if (claims.getValue("sub") == null) {
      return fail("id_token has no sub");
    }
    Object aud = claims.getValue("aud");
    List<?> audiences = aud instanceof JsonArray a ? a.getList() : List.of(String.valueOf(aud));
    if (!audiences.contains(clientId)) {
      return fail("id_token is not for us (aud " + aud + ")");
    }
    if ((audiences.size() > 1 || claims.containsKey("azp")) && !clientId.equals(claims.getString("azp"))) {
      return fail("id_token azp is not our client id");
    }
    if (nonce != null && !nonce.equals(claims.getString("nonce"))) {
      return fail("id_token nonce does not match this sign-in");
    }
    return Future.succeededFuture(claims);
  }

  private static Future<JsonObject> fail(String why) {
    return Future.failedFuture(new ProviderHttp.ProviderException(why));
  }

  private synchronized Future<JWTAuth> keysFor(String kid) {
    boolean unknownKid = jwksUri != null && kid != null && keys != null && keys.succeeded() && !knownKids.contains(kid);
    boolean stale = keys == null || keys.failed()
        || unknownKid && System.currentTimeMillis() - fetchedAt > REFETCH_AFTER_MS;
    if (jwksUri != null && stale) {
      fetchedAt = System.currentTimeMillis();
      keys = http.getJson(jwksUri, Map.of(), null).map(this::load);
    }
    return keys;
  }

  private synchronized JWTAuth load(JsonObject jwks) {
    JWTAuthOptions options = options(issuer, clientId);
    Set<String> kids = new HashSet<>();
    for (Object o : jwks.getJsonArray("keys", new JsonArray())) {
      if (o instanceof JsonObject key && !"enc".equals(key.getString("use"))) {
        options.addJwk(key);
        if (key.getString("kid") != null) {
          kids.add(key.getString("kid"));
        }
      }
    }
    knownKids = Set.copyOf(kids);
    return JWTAuth.create(vertx, options);
  }

  private static JWTAuthOptions options(String issuer, String clientId) {
    return new JWTAuthOptions().setJWTOptions(new JWTOptions().setIssuer(issuer)
        .setAudience(List.of(clientId)).setLeeway(LEEWAY_SECONDS));
  }

  private static String kidOf(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      return new JsonObject(header).getString("kid");
    } catch (RuntimeException e) {
      return null;
    }
  }
}

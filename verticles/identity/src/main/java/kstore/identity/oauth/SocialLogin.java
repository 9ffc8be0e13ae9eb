package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with a social provider, as two steps around the browser's visit to the provider:
 * {@link #start} keeps the flow's secrets (state, nonce, PKCE verifier) in Redis for ten minutes and returns
 * the provider's authorization URL; {@link #callback} consumes that state once, exchanges the code, checks the
 * id_token and profile, and answers who the person is at that provider.
 * Endpoints of OIDC providers are discovered at first use and cached, so startup never needs the network.
 */
public final class SocialLogin {
  private static final Logger LOG = LoggerFactory.getLogger(SocialLogin.class);
  /** Redis key prefix of pending sign-ins. */
  public static final String STATE_PREFIX = "kstore:oauth:state:";
  /** How long a started sign-in may take. */
  public static final int STATE_TTL_SECONDS = 600;
  /** Default timeout of each call to a provider. */
  public static final long DEFAULT_TIMEOUT_MS = 10_000;
  static final String EXPIRED = "This sign-in link has expired or was already used; start again";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The outcome of a callback: the identity, and where the person was going when they started. */
  public record Callback(ExternalIdentity identity, String returnTo, String client) {
  }

  /** A provider made ready for use: endpoints resolved, Vert.x client, id_token checker. */
  private record Ready(ProviderConfig provider, Endpoints endpoints, OAuth2Auth oauth2, IdTokenVerifier idTokens) {
  }

  private final Vertx vertx;
  private final Providers providers;
  private final RedisAPI redis;
  private final ProviderHttp http;
  private final Map<String, Future<Ready>> ready = new ConcurrentHashMap<>();

  public SocialLogin(Vertx vertx, Providers providers, Redis redis) {
    this(vertx, providers, redis, DEFAULT_TIMEOUT_MS);
  }

  public SocialLogin(Vertx vertx, Providers providers, Redis redis, long timeoutMs) {
    this.vertx = vertx;
    this.providers = providers;
    this.redis = RedisAPI.api(redis);
    this.http = new ProviderHttp(vertx, timeoutMs);
  }

  /** The provider registry this login serves. */
  public Providers providers() {
    return providers;
  }

  /**
   * Starts a sign-in: {@code {url, state}}, the URL to send the browser to. {@code redirectUri} is our
   * callback URL as registered at the provider; {@code returnTo} and {@code client} come back from
   * {@link #callback} untouched.
   */
  public Future<JsonObject> start(String providerId, String redirectUri, String returnTo, String client) {
    ProviderConfig p = providers.configured(providerId).orElse(null);
    if (p == null) {
      return Future.failedFuture(ServiceError.of(ErrorCode.NOT_FOUND, "There is no sign-in with '" + providerId + "' here"));
    }
    if (!absoluteUrl(redirectUri)) {
      return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "redirectUri must be an absolute http(s) URL"));
    }
    String state = random();
    String nonce = random();
    String verifier = random();
    return resolve(p).compose(r -> {
      OAuth2AuthorizationURL auth = new OAuth2AuthorizationURL().setState(state)
          // Vert.x 5.0.7 ignores setRedirectUri/setCodeChallenge: everything but state and scopes goes here
          .putAdditionalParameter("redirect_uri", redirectUri)
          .putAdditionalParameter("nonce", nonce);
      if (!p.scopes().isEmpty()) {
        auth.setScopes(p.scopes());
      }
      if (p.pkce()) {
        auth.putAdditionalParameter("code_challenge", challenge(verifier))
            .putAdditionalParameter("code_challenge_method", "S256");
      }
      if (p.responseMode() != null) {
        auth.putAdditionalParameter("response_mode", p.responseMode());
      }
      String url = p.adapterImpl().authorizationUrl(p, r.oauth2().authorizeURL(auth));
      JsonObject pending = new JsonObject().put("provider", p.id()).put("nonce", nonce).put("verifier", verifier)
          .put("redirectUri", redirectUri).put("returnTo", returnTo).put("client", client);
      return redis.send(Command.SET, STATE_PREFIX + state, pending.encode(),
              "EX", String.valueOf(STATE_TTL_SECONDS), "NX")
          .map(ok -> new JsonObject().put("url", url).put("state", state));
    });
  }

  /**
   * Finishes a sign-in from the provider's callback parameters (query or form: {@code code}, {@code state},
   * {@code error}, {@code error_description}, and provider extras such as Apple's {@code user}).
   */
  public Future<Callback> callback(String providerId, JsonObject params) {
    ProviderConfig p = providers.configured(providerId).orElse(null);
    if (p == null) {
      return Future.failedFuture(ServiceError.of(ErrorCode.NOT_FOUND, "There is no sign-in with '" + providerId + "' here"));
    }
    String stateId = params.getString("state");
    if (stateId == null || stateId.isBlank() || stateId.length() > 200) {
      return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, EXPIRED));
    }
    // GETDEL: a state is good for one callback, even a failed one
    return redis.getdel(STATE_PREFIX + stateId).compose(stored -> {
      if (params.getString("error") != null) {
        return Future.failedFuture(providerRefused(p, params));
      }
      JsonObject pending = parse(stored == null ? null : stored.toString());
      if (pending == null || !p.id().equals(pending.getString("provider"))) {
        return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, EXPIRED));
      }
      String code = params.getString("code");
      if (code == null || code.isBlank()) {
        return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "The answer from " + p.name() + " has no code; start again"));
      }
      TokenGrant grant = new TokenGrant(code, pending.getString("redirectUri"), pending.getString("verifier"), stateId, params);
      return resolve(p).compose(r -> finish(r, grant, pending.getString("nonce"))
              .recover(err -> Future.failedFuture(signInFailed(p, err))))
          .map(identity -> new Callback(identity, pending.getString("returnTo"), pending.getString("client")));
    });
  }

  private Future<ExternalIdentity> finish(Ready r, TokenGrant grant, String nonce) {
    ProviderConfig p = r.provider();
    ProviderAdapter adapter = p.adapterImpl();
    boolean oidc = "oidc".equals(p.kind());
    return adapter.exchange(http, p, r.endpoints(), grant, () -> standardExchange(r, grant))
        .compose(tokens -> (oidc ? r.idTokens().verify(tokens.getString("id_token"), nonce)
            : adapter.tokenClaims(http, p, tokens, nonce))
            .compose(claims -> {
              boolean needProfile = !oidc || r.endpoints().userinfo() != null
                  && (ClaimMapping.text(claims, p.claims().email()) == null || ClaimMapping.text(claims, p.claims().name()) == null);
              if (!needProfile) {
                return Future.succeededFuture(claims);
              }
              return adapter.profile(http, p, r.endpoints(), tokens).compose(profile -> merge(p, oidc, claims, profile));
            }))
        .map(claims -> adapter.identity(p, claims, grant.params()));
  }

  /** Profile fields fill what the verified claims lack; for OIDC both must be about the same subject. */
  private static Future<JsonObject> merge(ProviderConfig p, boolean oidc, JsonObject claims, JsonObject profile) {
    if (oidc) {
      String sub = ClaimMapping.text(profile, p.claims().subject());
      if (sub != null && !sub.equals(ClaimMapping.text(claims, p.claims().subject()))) {
        return Future.failedFuture(new ProviderHttp.ProviderException("userinfo is about another subject than the id_token"));
      }
    }
    return Future.succeededFuture(profile.copy().mergeIn(claims, true));
  }

  private Future<JsonObject> standardExchange(Ready r, TokenGrant grant) {
    Oauth2Credentials credentials = new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE)
        .setCode(grant.code()).setRedirectUri(grant.redirectUri());
    if (r.provider().pkce()) {
      credentials.setCodeVerifier(grant.verifier());
    }
    return r.oauth2().authenticate(credentials).map(User::principal);
  }

  /** The provider made ready once; a failed discovery is retried at the next sign-in. */
  private Future<Ready> resolve(ProviderConfig p) {
    Future<Ready> f = ready.computeIfAbsent(p.id(), id -> endpoints(p).map(e -> ready(p, e)));
    f.onFailure(err -> ready.remove(p.id(), f));
    return f.recover(err -> {
      LOG.warn("social login '{}' is unavailable: {}", p.id(), err.getMessage());
      return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, p.name() + " cannot be reached right now; try again later"));
    });
  }

  private Future<Endpoints> endpoints(ProviderConfig p) {
    if (!p.needsDiscovery()) {
      return Future.succeededFuture(Endpoints.of(p));
    }
    return http.getJson(Endpoints.discoveryUrl(p.issuer()), Map.of(), null).map(doc -> Endpoints.discovered(p, doc));
  }

  private Ready ready(ProviderConfig p, Endpoints e) {
    OAuth2Options options = new OAuth2Options()
        .setClientId(p.clientId())
        .setClientSecret(p.clientSecret())
        .setUseBasicAuthorization(p.basicAuth())
        .setAuthorizationPath(e.authorization())
        .setTokenPath(e.token())
        .setUserInfoPath(e.userinfo())
        .setScopeSeparator(p.adapterImpl().scopeSeparator())
        .setSupportedGrantTypes(List.of(OAuth2FlowType.AUTH_CODE.getGrantType()))
        .setHttpClientOptions(new HttpClientOptions()
            .setConnectTimeout((int) http.timeoutMs())
            .setIdleTimeout((int) Math.max(1, http.timeoutMs() / 1000)));
    IdTokenVerifier ids = "oidc".equals(p.kind())
        ? IdTokenVerifier.jwks(vertx, http, e.jwks(), e.issuer(), p.clientId()) : null;
    return new Ready(p, e, OAuth2Auth.create(vertx, options), ids);
  }

  private static ReplyException providerRefused(ProviderConfig p, JsonObject params) {
    String error = params.getString("error");
    if ("access_denied".equals(error) || "user_cancelled_login".equals(error) || "user_cancelled_authorize".equals(error)) {
      return ServiceError.of(ErrorCode.UNAUTHENTICATED, "Sign-in with " + p.name() + " was cancelled");
    }
    String why = params.getString("error_description", error);
    return ServiceError.of(ErrorCode.UNAUTHENTICATED, p.name() + " did not sign you in (" + truncate(why) + ")");
  }

  private static Throwable signInFailed(ProviderConfig p, Throwable err) {
    if (err instanceof ReplyException) {
      return err;
    }
    LOG.warn("social login '{}' failed: {}", p.id(), err.getMessage());
    return ServiceError.of(ErrorCode.UNAUTHENTICATED, "Sign-in with " + p.name() + " did not succeed; start again");
  }

  private static String truncate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
  }

  private static JsonObject parse(String json) {
    try {
      return json == null ? null : new JsonObject(json);
    } catch (DecodeException e) {
      return null;
    }
  }

  private static boolean absoluteUrl(String s) {
    try {
      URI uri = s == null ? null : new URI(s);
      return uri != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** 256 random bits, base64url: states, nonces and PKCE verifiers (43 characters, RFC 7636 compliant). */
  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The S256 code challenge of a verifier (RFC 7636 section 4.2). */
  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Closes the HTTP clients; the Redis client belongs to the caller. */
  public void close() {
    ready.values().forEach(f -> f.onSuccess(r -> r.oauth2().close()));
    ready.clear();
    http.close();
  }
}

package kstore.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.devstack.DevStack;
import kstore.platform.RedisConfig;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole social-login flow against a real OpenID Connect provider (mock-oauth2-server: discovery, authorize,
 * token, JWKS) and the dev stack's Redis. The providers exist only in this test's configuration: adding a
 * standard OIDC provider needs no code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocialLoginTest {
  private static final String REDIRECT = "http://localhost:8080/api/v1/auth/callback/test";

  private Vertx vertx;
  private MockOAuth2Server issuer;
  private Redis redis;
  private SocialLogin login;
  private WebClient browser;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    issuer = new MockOAuth2Server();
    issuer.start();
    JsonObject conf = DevStack.shared().config().copy().put("identity", new JsonObject()
        .put("providersFile", "")
        .put("providers", new JsonArray()
            .add(provider("test", "test-client"))
            .add(provider("test2", "test2-client"))));
    redis = RedisConfig.from(conf).client(vertx);
    login = new SocialLogin(vertx, Providers.load(conf, Map.of("TEST_SECRET", "s3cret")), redis);
    browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  private JsonObject provider(String id, String clientId) {
    return new JsonObject().put("id", id).put("name", "Test " + id).put("kind", "oidc")
        .put("issuer", issuer.issuerUrl(id).toString()).put("clientId", clientId)
        .put("clientSecretEnv", "TEST_SECRET").put("scopes", new JsonArray().add("openid").add("email").add("profile"));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      login.close();
      browser.close();
      redis.close();
      await(vertx.close());
    } finally {
      issuer.shutdown();
    }
  }

  @Test
  @DisplayName("a provider defined only in config signs a person in: subject, email and name come from the provider")
  void fullFlow() throws Exception {
    issuer.enqueueCallback(new DefaultOAuth2TokenCallback("test", "user-42", "JWT", List.of("test-client"),
        Map.of("email", "Mina.Park@Example.com", "email_verified", true, "name", "Mina Park", "locale", "ko-KR"), 3600));
    JsonObject started = await(login.start("test", REDIRECT, "/games/292030", "web"));

    JsonObject params = authorize(started.getString("url"));
    assertThat(params.getString("state")).isEqualTo(started.getString("state"));

    SocialLogin.Callback cb = await(login.callback("test", params));
    assertThat(cb.identity().provider()).isEqualTo("test");
    assertThat(cb.identity().subject()).isEqualTo("user-42");
    assertThat(cb.identity().email()).isEqualTo("mina.park@example.com");
    assertThat(cb.identity().emailVerified()).isTrue();
    assertThat(cb.identity().displayName()).isEqualTo("Mina Park");
    assertThat(cb.identity().locale()).isEqualTo("ko-KR");
    assertThat(cb.returnTo()).isEqualTo("/games/292030");
    assertThat(cb.client()).isEqualTo("web");
  }

  @Test
  @DisplayName("the authorization URL carries our client, redirect URI, scopes, state, nonce and an S256 PKCE challenge")
  void authorizationUrl() throws Exception {
    JsonObject started = await(login.start("test", REDIRECT, "/", "web"));
    JsonObject q = query(URI.create(started.getString("url")).getRawQuery());
    assertThat(started.getString("url")).startsWith(issuer.issuerUrl("test") + "/authorize?");
    assertThat(q.getString("client_id")).isEqualTo("test-client");
    assertThat(q.getString("redirect_uri")).isEqualTo(REDIRECT);
    assertThat(q.getString("response_type")).isEqualTo("code");
    assertThat(q.getString("scope")).isEqualTo("openid email profile");
    assertThat(q.getString("state")).isEqualTo(started.getString("state")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.getString("nonce")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.getString("code_challenge_method")).isEqualTo("S256");
    assertThat(q.getString("code_challenge")).matches("[A-Za-z0-9_-]{43}");

    JsonObject stored = new JsonObject(await(RedisAPI.api(redis).get(SocialLogin.STATE_PREFIX + started.getString("state"))).toString());
    assertThat(SocialLogin.challenge(stored.getString("verifier"))).isEqualTo(q.getString("code_challenge"));
    assertThat(stored.getString("nonce")).isEqualTo(q.getString("nonce"));
    long ttl = await(RedisAPI.api(redis).ttl(SocialLogin.STATE_PREFIX + started.getString("state"))).toLong();
    assertThat(ttl).isBetween(590L, 600L);
  }

  @Test
  @DisplayName("a state can be used once: replaying the callback is refused as an expired link")
  void replayedState() throws Exception {
    JsonObject params = authorize(await(login.start("test", REDIRECT, "/", "web")).getString("url"));
    await(login.callback("test", params));

    Throwable replay = failure(login.callback("test", params));
    assertThat(ServiceError.codeOf(replay)).isEqualTo(ErrorCode.VALIDATION);
    assertThat(replay).hasMessage("This sign-in link has expired or was already used; start again");
  }

  @Test
  @DisplayName("an id_token whose nonce is not the one of this sign-in is refused")
  void wrongNonce() throws Exception {
    JsonObject started = await(login.start("test", REDIRECT, "/", "web"));
    JsonObject params = authorize(started.getString("url"));
    String key = SocialLogin.STATE_PREFIX + started.getString("state");
    JsonObject stored = new JsonObject(await(RedisAPI.api(redis).get(key)).toString());
    await(RedisAPI.api(redis).set(List.of(key, stored.put("nonce", "another-sign-in").encode(), "EX", "600")));

    Throwable failure = failure(login.callback("test", params));
    assertThat(ServiceError.codeOf(failure)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(failure).hasMessage("Sign-in with Test test did not succeed; start again");
  }

  @Test
  @DisplayName("the code cannot be redeemed without this sign-in's PKCE verifier")
  void wrongVerifier() throws Exception {
    JsonObject started = await(login.start("test", REDIRECT, "/", "web"));
    JsonObject params = authorize(started.getString("url"));
    String key = SocialLogin.STATE_PREFIX + started.getString("state");
    JsonObject stored = new JsonObject(await(RedisAPI.api(redis).get(key)).toString());
    await(RedisAPI.api(redis).set(List.of(key, stored.put("verifier", SocialLogin.random()).encode(), "EX", "600")));

    assertThat(ServiceError.codeOf(failure(login.callback("test", params)))).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("a state started for one provider is refused on another provider's callback")
  void stateOfAnotherProvider() throws Exception {
    JsonObject params = authorize(await(login.start("test", REDIRECT, "/", "web")).getString("url"));

    Throwable failure = failure(login.callback("test2", params));
    assertThat(ServiceError.codeOf(failure)).isEqualTo(ErrorCode.VALIDATION);
    assertThat(failure).hasMessage(SocialLogin.EXPIRED);
  }

  @Test
  @DisplayName("when the person declines at the provider, the callback says the sign-in was cancelled")
  void accessDenied() throws Exception {
    JsonObject started = await(login.start("test", REDIRECT, "/", "web"));
    Throwable failure = failure(login.callback("test", new JsonObject().put("state", started.getString("state"))
        .put("error", "access_denied").put("error_description", "The user said no")));
    assertThat(ServiceError.codeOf(failure)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(failure).hasMessage("Sign-in with Test test was cancelled");
    assertThat(await(RedisAPI.api(redis).exists(List.of(SocialLogin.STATE_PREFIX + started.getString("state")))).toInteger()).isZero();
  }

  @Test
  @DisplayName("an unknown provider, or a callback without state, fails with a clear code")
  void unknownProviderAndMissingState() throws Exception {
    Throwable unknown = failure(login.start("myspace", REDIRECT, "/", "web"));
    assertThat(ServiceError.codeOf(unknown)).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(ServiceError.codeOf(failure(login.callback("myspace", new JsonObject())))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(ServiceError.codeOf(failure(login.callback("test", new JsonObject().put("code", "x")))))
        .isEqualTo(ErrorCode.VALIDATION);
    assertThat(ServiceError.codeOf(failure(login.start("test", "not a url", "/", "web")))).isEqualTo(ErrorCode.VALIDATION);
  }

  /** What a browser does: open the authorization URL and read the redirect back to us. */
  private JsonObject authorize(String url) throws Exception {
    var res = await(browser.getAbs(url).send());
    assertThat(res.statusCode()).isEqualTo(302);
    String location = res.getHeader("Location");
    assertThat(location).startsWith(REDIRECT + "?");
    return query(URI.create(location).getRawQuery());
  }

  static JsonObject query(String raw) {
    JsonObject q = new JsonObject();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  static Throwable failure(Future<?> f) {
    Throwable t = catchThrowable(() -> await(f));
    assertThat(t).as("expected a failure").isNotNull();
    return t;
  }
}

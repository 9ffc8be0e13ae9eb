package kstore.identity.oauth;

import static kstore.identity.oauth.SocialLoginTest.await;
import static kstore.identity.oauth.SocialLoginTest.failure;
import static kstore.identity.oauth.SocialLoginTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.devstack.DevStack;
import kstore.platform.RedisConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each adapter's whole flow through {@link SocialLogin}, against a stand-in provider: a real HTTP server that
 * answers the documented responses (test resources {@code oauth/*.json}) and records what we sent, so the
 * request shapes each provider insists on are checked too. Only the browser's visit is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderAdaptersFlowTest {
  private static final String REDIRECT = "https://store.example/api/v1/auth/callback";
  private static final String LINE_SECRET = "line-channel-secret-0123456789abcdef";

  private Vertx vertx;
  private HttpServer server;
  private Redis redis;
  private SocialLogin login;
  private String base;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final List<JsonObject> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(new JsonObject().put("method", req.method().name()).put("path", req.path())
          .put("query", req.query() == null ? new JsonObject() : query(req.query()))
          .put("form", body.length() == 0 ? new JsonObject() : query(body.toString()))
          .put("authorization", req.getHeader("Authorization")));
      String answer = answers.get(req.path());
      // WeChat sends JSON as text/plain; the others as JSON
      req.response().setStatusCode(answer == null ? 404 : 200)
          .putHeader("content-type", req.path().startsWith("/wechat") ? "text/plain" : "application/json")
          .end(answer == null ? "{\"error\":\"not_found\"}" : answer);
    })).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + server.actualPort();
    JsonObject conf = DevStack.shared().config().copy().put("identity", new JsonObject().put("providersFile", "")
        .put("providers", new JsonArray()
            .add(oauth2("kakao", "/kakao/oauth/token", "/kakao/v2/user/me").put("scopes", new JsonArray().add("profile_nickname").add("account_email")).put("pkce", false))
            .add(oauth2("naver", "/naver/oauth2.0/token", "/naver/v1/nid/me").put("pkce", false))
            .add(oauth2("wechat", "/wechat/sns/oauth2/access_token", "/wechat/sns/userinfo").put("scopes", new JsonArray().add("snsapi_login")).put("pkce", false))
            .add(oauth2("vk", "/vk/oauth2/auth", "/vk/oauth2/user_info").putNull("clientSecret"))
            .add(oauth2("facebook", "/facebook/oauth/access_token", "/facebook/me?fields=id,name,email").put("pkce", false))
            .add(oauth2("line", "/line/oauth2/v2.1/token", null).put("clientSecret", LINE_SECRET)
                .put("scopes", new JsonArray().add("openid").add("profile").add("email")))));
    redis = RedisConfig.from(conf).client(vertx);
    login = new SocialLogin(vertx, Providers.load(conf, Map.of()), redis);
  }

  private JsonObject oauth2(String id, String token, String userinfo) {
    return new JsonObject().put("id", id).put("name", id).put("kind", "oauth2").put("adapter", id)
        .put("authorizationEndpoint", base + "/" + id + "/authorize").put("tokenEndpoint", base + token)
        .put("userinfoEndpoint", userinfo == null ? null : base + userinfo)
        .put("clientId", id + "-client").put("clientSecret", id + "-secret");
  }

  @AfterAll
  void stop() throws Exception {
    login.close();
    redis.close();
    await(vertx.close());
  }

  @BeforeEach
  void reset() {
    answers.clear();
    seen.clear();
  }

  @Test
  @DisplayName("Kakao: comma-separated scopes, secret in the token form, bearer profile; numeric id, verified email, nickname")
  void kakao() throws Exception {
    answers.put("/kakao/oauth/token", resource("kakao-token.json"));
    answers.put("/kakao/v2/user/me", resource("kakao-user-me.json"));
    JsonObject url = urlQuery(await(login.start("kakao", REDIRECT, "/", "web")).getString("url"));
    assertThat(url.getString("scope")).isEqualTo("profile_nickname,account_email");
    assertThat(url.containsKey("code_challenge")).isFalse();

    ExternalIdentity id = await(login.callback("kakao", new JsonObject().put("code", "kc").put("state", url.getString("state")))).identity();
    assertThat(id.subject()).isEqualTo("123456789");
    assertThat(id.email()).isEqualTo("sample@sample.com");
    assertThat(id.emailVerified()).isTrue();
    assertThat(id.displayName()).isEqualTo("홍길동");
    assertThat(request("/kakao/oauth/token").getJsonObject("form").getMap()).containsEntry("client_secret", "kakao-secret")
        .containsEntry("code", "kc").containsEntry("redirect_uri", REDIRECT).containsEntry("grant_type", "authorization_code");
    assertThat(request("/kakao/v2/user/me").getString("authorization")).isEqualTo("Bearer kakao-access-token");
  }

  @Test
  @DisplayName("Naver: the token request repeats the state; resultcode 00 maps id, email and name; any other resultcode fails")
  void naver() throws Exception {
    answers.put("/naver/oauth2.0/token", resource("naver-token.json"));
    answers.put("/naver/v1/nid/me", resource("naver-me.json"));
    String state = urlQuery(await(login.start("naver", REDIRECT, "/", "web")).getString("url")).getString("state");
    ExternalIdentity id = await(login.callback("naver", new JsonObject().put("code", "nc").put("state", state))).identity();
    assertThat(id.subject()).isEqualTo("32742776");
    assertThat(id.email()).isEqualTo("openapi@naver.com");
    assertThat(id.emailVerified()).isFalse();
    assertThat(id.displayName()).isEqualTo("오픈 API");
    assertThat(request("/naver/oauth2.0/token").getJsonObject("form").getMap()).containsEntry("state", state)
        .containsEntry("client_id", "naver-client").containsEntry("client_secret", "naver-secret");

    answers.put("/naver/v1/nid/me", resource("naver-me-error.json"));
    String again = urlQuery(await(login.start("naver", REDIRECT, "/", "web")).getString("url")).getString("state");
    Throwable failure = failure(login.callback("naver", new JsonObject().put("code", "nc").put("state", again)));
    assertThat(ServiceError.codeOf(failure)).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("WeChat: appid in the documented order with #wechat_redirect, GET token exchange, unionid as subject, no email")
  void wechat() throws Exception {
    answers.put("/wechat/sns/oauth2/access_token", resource("wechat-token.json"));
    answers.put("/wechat/sns/userinfo", resource("wechat-userinfo.json"));
    String url = await(login.start("wechat", REDIRECT, "/", "web")).getString("url");
    assertThat(url).startsWith(base + "/wechat/authorize?appid=wechat-client&redirect_uri=")
        .contains("&response_type=code&scope=snsapi_login&state=").endsWith("#wechat_redirect").doesNotContain("client_id");
    String state = urlQuery(url).getString("state");

    ExternalIdentity id = await(login.callback("wechat", new JsonObject().put("code", "wc").put("state", state))).identity();
    assertThat(id.subject()).isEqualTo("o6_bmasdasdsad6_2sgVt7hMZOPfL");
    assertThat(id.email()).isNull();
    assertThat(id.displayName()).isEqualTo("NICKNAME");
    JsonObject token = request("/wechat/sns/oauth2/access_token");
    assertThat(token.getString("method")).isEqualTo("GET");
    assertThat(token.getJsonObject("query").getMap()).containsEntry("appid", "wechat-client").containsEntry("secret", "wechat-secret")
        .containsEntry("code", "wc").containsEntry("grant_type", "authorization_code");
    assertThat(request("/wechat/sns/userinfo").getJsonObject("query").getMap()).containsEntry("access_token", "ACCESS_TOKEN")
        .containsEntry("openid", "OPENID");

    answers.put("/wechat/sns/oauth2/access_token", resource("wechat-error.json"));
    String again = urlQuery(await(login.start("wechat", REDIRECT, "/", "web")).getString("url")).getString("state");
    assertThat(ServiceError.codeOf(failure(login.callback("wechat", new JsonObject().put("code", "bad").put("state", again)))))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("VK ID: PKCE with device_id and state in the token form, user_info by POST; first and last name joined")
  void vk() throws Exception {
    answers.put("/vk/oauth2/auth", resource("vk-token.json"));
    answers.put("/vk/oauth2/user_info", resource("vk-user-info.json"));
    JsonObject url = urlQuery(await(login.start("vk", REDIRECT, "/", "web")).getString("url"));
    assertThat(url.getString("code_challenge_method")).isEqualTo("S256");
    ExternalIdentity id = await(login.callback("vk", new JsonObject().put("code", "vc").put("state", url.getString("state"))
        .put("device_id", "dev-1").put("type", "code_v2"))).identity();
    assertThat(id.subject()).isEqualTo("1234567890");
    assertThat(id.email()).isEqualTo("ivan_i123@vk.com");
    assertThat(id.displayName()).isEqualTo("Ivan Ivanov");
    JsonObject form = request("/vk/oauth2/auth").getJsonObject("form");
    assertThat(form.getMap()).containsEntry("device_id", "dev-1").containsEntry("state", url.getString("state"))
        .containsEntry("client_id", "vk-client").containsEntry("redirect_uri", REDIRECT);
    assertThat(SocialLogin.challenge(form.getString("code_verifier"))).isEqualTo(url.getString("code_challenge"));
    assertThat(request("/vk/oauth2/user_info").getJsonObject("form").getMap()).containsEntry("access_token", "vk2.a.access")
        .containsEntry("client_id", "vk-client");
  }

  @Test
  @DisplayName("Facebook: /me with the requested fields and the access token; a returned email counts as verified")
  void facebook() throws Exception {
    answers.put("/facebook/oauth/access_token", resource("facebook-token.json"));
    answers.put("/facebook/me", resource("facebook-me.json"));
    String state = urlQuery(await(login.start("facebook", REDIRECT, "/", "web")).getString("url")).getString("state");
    ExternalIdentity id = await(login.callback("facebook", new JsonObject().put("code", "fc").put("state", state))).identity();
    assertThat(id.subject()).isEqualTo("10158027387656489");
    assertThat(id.email()).isEqualTo("jamie@example.com");
    assertThat(id.emailVerified()).isTrue();
    assertThat(id.displayName()).isEqualTo("Jamie Lee");
    assertThat(request("/facebook/me").getJsonObject("query").getMap()).containsEntry("fields", "id,name,email")
        .containsEntry("access_token", "EAAGm0PX4ZCpsBAFacebookAccessToken");

    answers.put("/facebook/me", resource("facebook-me-no-email.json"));
    String again = urlQuery(await(login.start("facebook", REDIRECT, "/", "web")).getString("url")).getString("state");
    ExternalIdentity noEmail = await(login.callback("facebook", new JsonObject().put("code", "fc").put("state", again))).identity();
    assertThat(noEmail.email()).isNull();
    assertThat(noEmail.emailVerified()).isFalse();
  }

  @Test
  @DisplayName("LINE: the id_token is checked with the channel secret (HS256), our channel id and this sign-in's nonce")
  void line() throws Exception {
    JsonObject url = urlQuery(await(login.start("line", REDIRECT, "/", "web")).getString("url"));
    answers.put("/line/oauth2/v2.1/token", new JsonObject(resource("line-token.json"))
        .put("id_token", lineIdToken(LINE_SECRET, url.getString("nonce"))).encode());
    ExternalIdentity id = await(login.callback("line", new JsonObject().put("code", "lc").put("state", url.getString("state")))).identity();
    assertThat(id.subject()).isEqualTo("U1234567890abcdef1234567890abcdef");
    assertThat(id.email()).isEqualTo("taro.line@example.com");
    assertThat(id.displayName()).isEqualTo("Taro Line");

    JsonObject forged = urlQuery(await(login.start("line", REDIRECT, "/", "web")).getString("url"));
    answers.put("/line/oauth2/v2.1/token", new JsonObject(resource("line-token.json"))
        .put("id_token", lineIdToken("someone-elses-secret-0123456789abc", forged.getString("nonce"))).encode());
    assertThat(ServiceError.codeOf(failure(login.callback("line", new JsonObject().put("code", "lc").put("state", forged.getString("state"))))))
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  /** An id_token as LINE's documentation shows it, signed HS256 with {@code secret}. */
  private String lineIdToken(String secret, String nonce) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return signer.generateToken(new JsonObject().put("sub", "U1234567890abcdef1234567890abcdef").put("nonce", nonce)
            .put("amr", new JsonArray().add("linesso")).put("name", "Taro Line").put("email", "taro.line@example.com")
            .put("picture", "https://profile.line-scdn.net/0h8pWWElvzZ19qLk3ywQYYCFZraTIdAGEXEh5_"),
        new JWTOptions().setAlgorithm("HS256").setIssuer("https://access.line.me").setAudience(List.of("line-client"))
            .setExpiresInSeconds(3600));
  }

  private JsonObject request(String path) {
    return seen.stream().filter(r -> r.getString("path").equals(path)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no request to " + path + " in " + seen));
  }

  private static JsonObject urlQuery(String url) {
    String noFragment = url.replaceFirst("#.*$", "");
    return query(URI.create(noFragment).getRawQuery());
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ProviderAdaptersFlowTest.class.getResourceAsStream("/oauth/" + name)) {
      if (in == null) {
        throw new IOException("test resource oauth/" + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

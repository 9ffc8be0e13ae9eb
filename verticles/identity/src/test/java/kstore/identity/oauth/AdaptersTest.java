package kstore.identity.oauth;

import static kstore.identity.oauth.ProviderAdaptersFlowTest.resource;
import static kstore.identity.oauth.SocialLoginTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Adapter rules that need no provider at all: Apple's client secret and name, Kakao's email validity. */
class AdaptersTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  private static ProviderConfig apple(String privateKeyPem) {
    return ProviderConfig.from(new JsonObject().put("id", "apple").put("name", "Apple").put("kind", "oidc").put("adapter", "apple")
        .put("issuer", "https://appleid.apple.com").put("clientId", "store.kstore.web").put("teamId", "TEAM123456")
        .put("keyId", "KEY1234567").put("privateKeyEnv", "APPLE_KEY").put("responseMode", "form_post"),
        Map.of("APPLE_KEY", privateKeyPem));
  }

  @Test
  @DisplayName("Apple's client secret is an ES256 JWT from the team to Apple about our client, with the key id in its header")
  void appleClientSecret() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = gen.generateKeyPair();
    // environment variables often hold the .p8 file on one line with escaped newlines
    ProviderConfig apple = apple(pem("PRIVATE KEY", pair.getPrivate().getEncoded()).replace("\n", "\\n"));
    assertThat(apple.configured()).isTrue();

    String secret = AppleAdapter.clientSecret(vertx, apple);

    String[] parts = secret.split("\\.");
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0])));
    assertThat(header.getString("alg")).isEqualTo("ES256");
    assertThat(header.getString("kid")).isEqualTo("KEY1234567");
    assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
    JWTAuth verifier = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("ES256").setBuffer(pem("PUBLIC KEY", pair.getPublic().getEncoded()))));
    JsonObject claims = await(verifier.authenticate(new TokenCredentials(secret))).attributes().getJsonObject("accessToken");
    assertThat(claims.getString("iss")).isEqualTo("TEAM123456");
    assertThat(claims.getString("sub")).isEqualTo("store.kstore.web");
    assertThat(claims.getString("aud")).isEqualTo("https://appleid.apple.com");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isBetween(60L, 15_777_000L);
  }

  @Test
  @DisplayName("Apple: a string email_verified counts, and the name comes from the first sign-in's user form field")
  void appleIdentity() throws Exception {
    ProviderConfig apple = apple("unused");
    JsonObject claims = new JsonObject(resource("apple-id-token-claims.json"));
    ExternalIdentity first = apple.adapterImpl().identity(apple, claims, new JsonObject().put("user", resource("apple-user.json")));
    assertThat(first.subject()).isEqualTo("001234.abcdef0123456789.1234");
    assertThat(first.email()).isEqualTo("x7k2@privaterelay.appleid.com");
    assertThat(first.emailVerified()).isTrue();
    assertThat(first.displayName()).isEqualTo("Taylor Appleseed");
    ExternalIdentity later = apple.adapterImpl().identity(apple, claims, new JsonObject());
    assertThat(later.displayName()).isNull();
  }

  @Test
  @DisplayName("Apple without team, key id or private key is not configured")
  void appleUnconfigured() {
    ProviderConfig apple = ProviderConfig.from(new JsonObject().put("id", "apple").put("name", "Apple").put("kind", "oidc")
        .put("adapter", "apple").put("issuer", "https://appleid.apple.com").put("clientId", "c").put("clientSecret", "s"), Map.of());
    assertThat(apple.configured()).isFalse();
  }

  @Test
  @DisplayName("Kakao: an email Kakao marks invalid (is_email_valid false) is not treated as verified")
  void kakaoInvalidEmail() throws Exception {
    ProviderConfig kakao = ProviderConfig.from(new JsonObject().put("id", "kakao").put("name", "Kakao").put("kind", "oauth2")
        .put("adapter", "kakao").put("authorizationEndpoint", "https://kauth.kakao.com/oauth/authorize")
        .put("tokenEndpoint", "https://kauth.kakao.com/oauth/token"), Map.of());
    JsonObject me = new JsonObject(resource("kakao-user-me.json"));
    me.getJsonObject("kakao_account").put("is_email_valid", false);
    ExternalIdentity id = kakao.adapterImpl().identity(kakao, me, new JsonObject());
    assertThat(id.email()).isEqualTo("sample@sample.com");
    assertThat(id.emailVerified()).isFalse();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}

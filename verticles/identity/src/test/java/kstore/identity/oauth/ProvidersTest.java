package kstore.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The provider list: the shipped file, config entries over it, validation, and the per-country order. */
class ProvidersTest {
  private static final String FILE = Path.of("../../conf/identity-providers.json").toAbsolutePath().normalize().toString();

  private static final Map<String, String> ALL_SECRETS = Map.ofEntries(
      Map.entry("KSTORE_OAUTH_GOOGLE_ID", "g"), Map.entry("KSTORE_OAUTH_GOOGLE_SECRET", "gs"),
      Map.entry("KSTORE_OAUTH_APPLE_ID", "a"), Map.entry("KSTORE_OAUTH_APPLE_TEAM", "T"),
      Map.entry("KSTORE_OAUTH_APPLE_KEY_ID", "K"), Map.entry("KSTORE_OAUTH_APPLE_KEY", "pem"),
      Map.entry("KSTORE_OAUTH_FACEBOOK_ID", "f"), Map.entry("KSTORE_OAUTH_FACEBOOK_SECRET", "fs"),
      Map.entry("KSTORE_OAUTH_KAKAO_ID", "k"), Map.entry("KSTORE_OAUTH_KAKAO_SECRET", "ks"),
      Map.entry("KSTORE_OAUTH_NAVER_ID", "n"), Map.entry("KSTORE_OAUTH_NAVER_SECRET", "ns"),
      Map.entry("KSTORE_OAUTH_LINE_ID", "l"), Map.entry("KSTORE_OAUTH_LINE_SECRET", "ls"),
      Map.entry("KSTORE_OAUTH_YAHOO_JAPAN_ID", "y"), Map.entry("KSTORE_OAUTH_YAHOO_JAPAN_SECRET", "ys"),
      Map.entry("KSTORE_OAUTH_WECHAT_ID", "w"), Map.entry("KSTORE_OAUTH_WECHAT_SECRET", "ws"),
      Map.entry("KSTORE_OAUTH_VK_ID", "v"));

  private static JsonObject conf(JsonArray providers) {
    JsonObject identity = new JsonObject().put("providersFile", FILE);
    if (providers != null) {
      identity.put("providers", providers);
    }
    return new JsonObject().put("identity", identity);
  }

  private static List<String> ids(JsonArray list) {
    return list.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  @DisplayName("the shipped file names the nine providers and loads without any secret or network")
  void shippedFile() {
    Providers providers = Providers.load(conf(null), Map.of());
    assertThat(providers.all()).extracting(ProviderConfig::id)
        .containsExactly("google", "apple", "facebook", "kakao", "naver", "line", "yahoo-japan", "wechat", "vk");
    assertThat(providers.forCountry("KR")).isEmpty();
  }

  @Test
  @DisplayName("in Korea Kakao and Naver come first; in Japan LINE and Yahoo! JAPAN; elsewhere the file order")
  void countryOrder() {
    Providers providers = Providers.load(conf(null), ALL_SECRETS);
    JsonArray kr = providers.forCountry("kr");
    assertThat(ids(kr)).startsWith("kakao", "naver").hasSize(9);
    assertThat(kr.getJsonObject(0)).isEqualTo(new JsonObject().put("id", "kakao").put("name", "Kakao").put("kind", "oauth2").put("first", true));
    assertThat(kr.getJsonObject(2).getBoolean("first")).isFalse();
    assertThat(ids(providers.forCountry("JP"))).startsWith("line", "yahoo-japan", "google");
    assertThat(ids(providers.forCountry("TW"))).startsWith("line", "google");
    assertThat(ids(providers.forCountry("CN"))).startsWith("wechat", "google");
    assertThat(ids(providers.forCountry("RU"))).startsWith("vk", "google");
    assertThat(ids(providers.forCountry("DE"))).startsWith("google", "apple", "facebook", "kakao");
  }

  @Test
  @DisplayName("a provider without its client id or secret is hidden from sign-in lists and cannot be started")
  void unconfiguredHidden() {
    Providers providers = Providers.load(conf(null), Map.of("KSTORE_OAUTH_KAKAO_ID", "k", "KSTORE_OAUTH_KAKAO_SECRET", "ks",
        "KSTORE_OAUTH_NAVER_ID", "n"));
    assertThat(ids(providers.forCountry("KR"))).containsExactly("kakao");
    assertThat(providers.configured("naver")).isEmpty();
    assertThat(providers.configured("kakao")).get().extracting(ProviderConfig::clientSecret).isEqualTo("ks");
  }

  @Test
  @DisplayName("config entries complete or override file entries by id, and may add new providers")
  void configOverridesFile() {
    Providers providers = Providers.load(conf(new JsonArray()
        .add(new JsonObject().put("id", "naver").put("clientId", "n-id").put("clientSecret", "n-secret").put("name", "네이버"))
        .add(new JsonObject().put("id", "corp").put("name", "Corp SSO").put("kind", "oidc")
            .put("issuer", "https://sso.corp.example").put("clientId", "c").put("clientSecret", "cs").put("countries", new JsonArray().add("kr")))),
        Map.of());
    assertThat(ids(providers.forCountry("KR"))).containsExactly("naver", "corp");
    ProviderConfig naver = providers.configured("naver").orElseThrow();
    assertThat(naver.name()).isEqualTo("네이버");
    assertThat(naver.tokenEndpoint()).isEqualTo("https://nid.naver.com/oauth2.0/token");
    assertThat(naver.claims().subject()).isEqualTo("response.id");
    ProviderConfig corp = providers.configured("corp").orElseThrow();
    assertThat(corp.needsDiscovery()).isTrue();
    assertThat(corp.pkce()).isTrue();
    assertThat(corp.claims()).isEqualTo(ClaimMapping.OIDC);
    assertThat(corp.toString()).doesNotContain("cs");
  }

  @Test
  @DisplayName("invalid entries fail at load with a message naming the provider and the key")
  void validation() {
    JsonObject ok = new JsonObject().put("id", "x").put("name", "X").put("kind", "oidc").put("issuer", "https://x.example");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("id", "Bad_Id"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Bad_Id'").hasMessageContaining("key 'id'");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("kind", "saml"), Map.of())).hasMessageContaining("key 'kind'");
    assertThatThrownBy(() -> ProviderConfig.from(withoutIssuer(ok), Map.of()))
        .hasMessageContaining("key 'issuer'");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("tokenEndpoint", "/token"), Map.of()))
        .hasMessageContaining("identity provider 'x': key 'tokenEndpoint'");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("adapter", "myspace"), Map.of()))
        .hasMessageContaining("key 'adapter'").hasMessageContaining("kakao");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("clientSecert", "typo"), Map.of()))
        .hasMessageContaining("unknown key 'clientSecert'");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("countries", new JsonArray().add("Korea")), Map.of()))
        .hasMessageContaining("key 'countries'");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("claims", new JsonObject().put("mail", "x")), Map.of()))
        .hasMessageContaining("'claims.mail'");
    assertThatThrownBy(() -> ProviderConfig.from(new JsonObject().put("id", "o").put("name", "O").put("kind", "oauth2")
        .put("authorizationEndpoint", "https://o.example/a"), Map.of())).hasMessageContaining("key 'tokenEndpoint'");
    assertThatThrownBy(() -> ProviderConfig.from(ok.copy().put("pkce", "yes"), Map.of())).hasMessageContaining("key 'pkce'");
  }

  private static JsonObject withoutIssuer(JsonObject ok) {
    JsonObject copy = ok.copy();
    copy.remove("issuer");
    return copy;
  }

  @Test
  @DisplayName("secrets are read from the named environment variables at load")
  void secretsFromEnvironment() {
    ProviderConfig p = ProviderConfig.from(new JsonObject().put("id", "x").put("name", "X").put("kind", "oidc")
        .put("issuer", "https://x.example").put("clientIdEnv", "X_ID").put("clientSecretEnv", "X_SECRET"),
        Map.of("X_ID", "the-id", "X_SECRET", "the-secret"));
    assertThat(p.clientId()).isEqualTo("the-id");
    assertThat(p.clientSecret()).isEqualTo("the-secret");
    assertThat(p.configured()).isTrue();
  }
}

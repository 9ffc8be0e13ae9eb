package kstore.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("K Store Dev ID, the dev OpenID Connect provider of the shared stack")
class DevIdentityProviderTest {

    private static final String REDIRECT = "http://127.0.0.1:8080/auth/callback/dev";

    private static JsonObject provider() {
        JsonObject identity = DevStack.shared().config().getJsonObject("identity");
        assertThat(identity.getJsonArray("providers")).hasSize(1);
        return identity.getJsonArray("providers").getJsonObject(0);
    }

    @Test
    @DisplayName("is described in the config and publishes a discovery document naming its issuer")
    void discovery() {
        JsonObject p = provider();
        assertThat(p.getString("id")).isEqualTo("dev");
        assertThat(p.getString("name")).isEqualTo("K Store Dev ID");
        assertThat(p.getString("kind")).isEqualTo("oidc");
        assertThat(p.getString("clientId")).isEqualTo("kstore-dev");
        assertThat(p.getString("clientSecret")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(p.getJsonArray("scopes").getList()).containsExactly("openid", "email", "profile");
        assertThat(p.getJsonArray("countries").isEmpty()).isTrue();
        String issuer = p.getString("issuer");
        assertThat(issuer).matches("http://127\\.0\\.0\\.1:\\d+/dev");

        HttpResponse<String> r = Clients.get(issuer + "/.well-known/openid-configuration");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject doc = new JsonObject(r.body());
        assertThat(doc.getString("issuer")).isEqualTo(issuer);
        assertThat(doc.getString("authorization_endpoint")).startsWith(issuer);
        assertThat(doc.getString("token_endpoint")).startsWith(issuer);
        assertThat(doc.getString("jwks_uri")).startsWith(issuer);
    }

    @Test
    @DisplayName("serves a sign-in page and signs a person in: the code it returns buys an id_token with their name and claims")
    void interactiveLogin() {
        JsonObject p = provider();
        String issuer = p.getString("issuer");
        String authorize = issuer + "/authorize?client_id=kstore-dev&response_type=code&scope="
            + URLEncoder.encode("openid email profile", StandardCharsets.UTF_8) + "&state=s1&nonce=n1&redirect_uri="
            + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);

        HttpResponse<String> page = Clients.get(authorize);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form").contains("name=\"username\"").contains("name=\"claims\"");

        HttpResponse<String> signedIn = Clients.postForm(authorize,
            Map.of("username", "minji", "claims", "{\"email\":\"minji@example.com\",\"name\":\"김민지\"}"));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        URI back = URI.create(signedIn.headers().firstValue("location").orElseThrow());
        assertThat(back.toString()).startsWith(REDIRECT + "?");
        String code = query(back, "code");
        assertThat(query(back, "state")).isEqualTo("s1");

        HttpResponse<String> token = Clients.postForm(issuer + "/token", Map.of(
            "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
            "client_id", p.getString("clientId"), "client_secret", p.getString("clientSecret")));
        assertThat(token.statusCode()).isEqualTo(200);
        String idToken = new JsonObject(token.body()).getString("id_token");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]),
            StandardCharsets.UTF_8));
        assertThat(claims.getString("iss")).isEqualTo(issuer);
        assertThat(claims.getString("sub")).isEqualTo("minji");
        assertThat(claims.getString("nonce")).isEqualTo("n1");
        assertThat(claims.getString("email")).isEqualTo("minji@example.com");
        assertThat(claims.getString("name")).isEqualTo("김민지");
        assertThat(claims.getValue("aud").toString()).contains("kstore-dev");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }
}

package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Accounts end to end through the HTTP API of a whole store (edge, identity, catalog) on the real PostgreSQL,
 * Redis, SMTP mail catcher and OIDC provider of the dev stack: sign-up, mails, sessions and tokens, throttling,
 * residence, roles, social sign-in and linking.
 */
@DisplayName("Accounts, sessions and tokens through the API")
class IdentityApiTest {
  private static String base;
  private static final String PASSWORD = "correct-horse-battery";

  @BeforeAll
  static void start() {
    base = TestStore.baseUrl();
  }

  private static String error(Http.Response r) {
    return r.json().getString("error");
  }

  @Test
  @DisplayName("sign-up sets an HttpOnly session cookie, mails a verification link, and the link verifies the address")
  void signUpAndVerify() throws InterruptedException {
    Client mina = new Client(base);
    String email = Client.email("mina");

    Http.Response signedUp = mina.register(email, PASSWORD, "Mina", "KR", "ko");

    assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
    String cookie = signedUp.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("kstore_session="))
        .findFirst().orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    assertThat(signedUp.json().getJsonObject("user").getString("residenceCountry")).isEqualTo("KR");
    assertThat(signedUp.json().getJsonObject("user").getBoolean("emailVerified")).isFalse();
    assertThat(signedUp.json().containsKey("accessToken")).isFalse();
    assertThat(signedUp.body()).doesNotContain(mina.session);

    JsonObject mail = Client.awaitMail(email, "");
    assertThat(mail.getString("subject")).as("a Korean mail for a Korean account").matches(".*[가-힣].*");
    Http.Response verified = mina.post("/api/v1/auth/verify-email", new JsonObject().put("token", Client.tokenIn(mail)));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    Http.Response again = mina.post("/api/v1/auth/verify-email", new JsonObject().put("token", Client.tokenIn(mail)));
    assertThat(again.status()).isEqualTo(400);

    Http.Response me = mina.get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getBoolean("emailVerified")).isTrue();
    assertThat(me.json().getString("csrfToken")).isEqualTo(mina.csrf);
    assertThat(me.json().getString("friendCode")).matches("[2-9A-Z]{4}-[2-9A-Z]{4}");
  }

  @Test
  @DisplayName("bad sign-ups are refused with a code and a message, and create nothing")
  void badSignUps() {
    Client c = new Client(base);
    String email = Client.email("dup");
    assertThat(c.register(email, PASSWORD, "Dup", "US", "en").status()).isEqualTo(201);

    Client other = new Client(base);
    Http.Response taken = other.register(email.toUpperCase(), PASSWORD, "Dup 2", "US", "en");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(error(taken)).isEqualTo("EMAIL_TAKEN");
    Http.Response weak = other.register(Client.email("weak"), "short", "Weak", "US", "en");
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.json().getString("message")).contains("at least 10");
    Http.Response common = other.register(Client.email("common"), "password123", "Common", "US", "en");
    assertThat(error(common)).isEqualTo("VALIDATION");
    Http.Response sanctioned = other.register(Client.email("kp"), PASSWORD, "Nope", "KP", "en");
    assertThat(sanctioned.status()).isEqualTo(451);
    assertThat(error(sanctioned)).isEqualTo("REGION_BLOCKED");
    Http.Response noName = other.post("/api/v1/auth/register", new JsonObject().put("email", Client.email("x"))
        .put("password", PASSWORD).put("country", "US").put("lang", "en"));
    assertThat(noName.status()).isEqualTo(400);
    assertThat(other.session).isNull();
  }

  @Test
  @DisplayName("from a country where the store is unavailable, sign-up and sign-in answer 451 REGION_BLOCKED")
  void unavailableRegion() {
    String email = Client.email("traveller");
    assertThat(new Client(base).register(email, PASSWORD, "Traveller", "DE", "en").status()).isEqualTo(201);
    Client fromIran = new Client(base);
    fromIran.country = "IR";

    Http.Response login = fromIran.login(email, PASSWORD);
    Http.Response signUp = fromIran.register(Client.email("ir"), PASSWORD, "Someone", "DE", "en");

    assertThat(login.status()).isEqualTo(451);
    assertThat(login.json().getString("message")).contains("not available in your region");
    assertThat(signUp.status()).isEqualTo(451);
  }

  @Test
  @DisplayName("mobile: a 15-minute access token, a refresh that rotates, and a reused refresh token ends the sign-in")
  void mobileTokens() {
    String email = Client.email("jun");
    new Client(base).register(email, PASSWORD, "Jun", "JP", "ja");
    Client app = new Client(base);

    Http.Response login = app.loginMobile(email, PASSWORD);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(login.json().getLong("expiresIn")).isLessThanOrEqualTo(900);
    assertThat(login.headers().allValues("set-cookie")).isEmpty();
    assertThat(app.get("/api/v1/me").json().getString("residenceCountry")).isEqualTo("JP");

    String first = app.refresh;
    Http.Response rotated = app.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first));
    assertThat(rotated.status()).isEqualTo(200);
    String second = rotated.json().getString("refreshToken");
    assertThat(second).isNotEqualTo(first);
    app.bearer = rotated.json().getString("accessToken");
    assertThat(app.get("/api/v1/me").status()).isEqualTo(200);

    Http.Response reused = app.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first));
    assertThat(reused.status()).isEqualTo(401);
    assertThat(reused.json().getString("message")).contains("already used");
    Http.Response afterReuse = app.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", second));
    assertThat(afterReuse.status()).as("the whole family is revoked").isEqualTo(401);

    Client admin = new Client(base);
    admin.bearer = TestStore.adminToken();
    String userId = app.get("/api/v1/me").json().getString("id");
    JsonArray audit = admin.get("/api/v1/admin/users/" + userId + "/audit").json().getJsonArray("items");
    assertThat(Client.ids(audit, "kind")).contains("token.reuse", "signin", "signup");
  }

  @Test
  @DisplayName("sign out everywhere ends browser sessions, access tokens and refresh tokens at once")
  void signOutEverywhere() {
    String email = Client.email("lee");
    Client browser = new Client(base);
    browser.register(email, PASSWORD, "Lee", "KR", "ko");
    Client phone = new Client(base);
    phone.loginMobile(email, PASSWORD);
    assertThat(phone.get("/api/v1/me").status()).as("the edge now keeps the token's principal").isEqualTo(200);
    Client laptop = new Client(base);
    laptop.login(email, PASSWORD);
    String laptopSession = laptop.session;

    Http.Response out = browser.post("/api/v1/auth/logout", new JsonObject().put("everywhere", true));

    assertThat(out.status()).as(out.body()).isEqualTo(204);
    assertThat(browser.session).as("cookie cleared").isNull();
    laptop.session = laptopSession;
    assertThat(laptop.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(phone.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(phone.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", phone.refresh)).status())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("a cookie session's writes need the CSRF token; bearer calls do not")
  void csrf() {
    Client c = new Client(base);
    c.register(Client.email("csrf"), PASSWORD, "Csrf", "US", "en");
    String token = c.csrf;
    c.csrf = null;

    Http.Response refused = c.patch("/api/v1/me", new JsonObject().put("displayName", "Changed"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(error(refused)).isEqualTo("CSRF_FAILED");
    assertThat(c.get("/api/v1/me").json().getString("displayName")).isEqualTo("Csrf");

    c.csrf = token;
    Http.Response changed = c.patch("/api/v1/me", new JsonObject().put("displayName", "Changed"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().getString("displayName")).isEqualTo("Changed");
  }

  @Test
  @DisplayName("five wrong passwords lock the account for a while, even for the right password, and it is audited")
  void throttling() {
    String email = Client.email("guess");
    new Client(base).register(email, PASSWORD, "Guess", "US", "en");
    Client attacker = new Client(base);
    for (int i = 0; i < 4; i++) {
      Http.Response wrong = attacker.login(email, "wrong-password-" + i);
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.json().getString("message")).isEqualTo("The email address or the password is wrong");
    }
    Http.Response fifth = attacker.login(email, "wrong-password-5");
    assertThat(fifth.status()).isEqualTo(429);
    assertThat(error(fifth)).isEqualTo("ACCOUNT_LOCKED");

    Http.Response right = new Client(base).login(email, PASSWORD);
    assertThat(right.status()).isEqualTo(429);
    assertThat(right.json().getString("message")).contains("try again in 15 minutes");

    Http.Response unknown = attacker.login(Client.email("nobody"), PASSWORD);
    assertThat(unknown.status()).as("an unknown address answers like a wrong password").isEqualTo(401);
  }

  @Test
  @DisplayName("the residence country changes once, then only after the configured days, and the change is audited")
  void residence() {
    Client c = new Client(base);
    c.register(Client.email("mover"), PASSWORD, "Mover", "KR", "ko");

    Http.Response first = c.patch("/api/v1/me", new JsonObject().put("residenceCountry", "JP"));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getString("residenceCountry")).isEqualTo("JP");
    assertThat(first.json().getString("residenceChangeAllowedAt")).isNotNull();

    Http.Response second = c.patch("/api/v1/me", new JsonObject().put("residenceCountry", "US"));
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().getString("message")).contains("once every 90 days");
    assertThat(c.get("/api/v1/me").json().getString("residenceCountry")).isEqualTo("JP");

    Client admin = new Client(base);
    admin.bearer = TestStore.adminToken();
    JsonArray audit = admin.get("/api/v1/admin/users/" + first.json().getString("id") + "/audit").json()
        .getJsonArray("items");
    JsonObject change = audit.stream().map(o -> (JsonObject) o).filter(a -> a.getString("kind").equals("residence.changed"))
        .findFirst().orElseThrow();
    assertThat(change.getJsonObject("detail")).isEqualTo(new JsonObject().put("from", "KR").put("to", "JP"));
  }

  @Test
  @DisplayName("a password reset by mail changes the password and ends every old session")
  void passwordReset() throws InterruptedException {
    String email = Client.email("forgetful");
    Client old = new Client(base);
    old.register(email, PASSWORD, "Forgetful", "US", "en");

    Http.Response asked = new Client(base).post("/api/v1/auth/password/forgot", new JsonObject().put("email", email));
    Http.Response unknown = new Client(base).post("/api/v1/auth/password/forgot",
        new JsonObject().put("email", Client.email("nobody")));
    assertThat(asked.status()).isEqualTo(202);
    assertThat(unknown.status()).as("no account enumeration").isEqualTo(202);

    String token = Client.tokenIn(Client.awaitMail(email, "password"));
    Http.Response weak = new Client(base).post("/api/v1/auth/password/reset",
        new JsonObject().put("token", token).put("password", "short"));
    assertThat(weak.status()).isEqualTo(400);
    Http.Response reset = new Client(base).post("/api/v1/auth/password/reset",
        new JsonObject().put("token", token).put("password", "a-brand-new-passphrase"));
    assertThat(reset.status()).as(reset.body()).isEqualTo(204);

    assertThat(old.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(new Client(base).login(email, PASSWORD).status()).isEqualTo(401);
    assertThat(new Client(base).login(email, "a-brand-new-passphrase").status()).isEqualTo(200);
    Http.Response replay = new Client(base).post("/api/v1/auth/password/reset",
        new JsonObject().put("token", token).put("password", "another-new-passphrase"));
    assertThat(replay.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("roles: a player gets 403 on admin routes; the admin from KSTORE_ADMIN_EMAIL/PASSWORD passes")
  void roles() {
    Client player = new Client(base);
    player.register(Client.email("player"), PASSWORD, "Player", "US", "en");
    String id = player.get("/api/v1/me").json().getString("id");

    Http.Response forbidden = player.get("/api/v1/admin/users/" + id + "/audit");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(error(forbidden)).isEqualTo("FORBIDDEN");
    assertThat(new Client(base).get("/api/v1/admin/users/" + id + "/audit").status()).isEqualTo(401);

    Client admin = new Client(base);
    admin.bearer = TestStore.adminToken();
    assertThat(admin.get("/api/v1/me").json().getJsonArray("roles").getList()).contains("admin");
    assertThat(admin.get("/api/v1/admin/users/" + id + "/audit").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("the country's providers come first, and the dev OIDC provider (config only) is offered")
  void providers() {
    JsonObject kr = new Client(base).get("/api/v1/auth/providers?country=KR").json();
    assertThat(kr.getBoolean("password")).isTrue();
    assertThat(Client.ids(kr.getJsonArray("providers"), "id")).contains("dev");
    Http.Response bad = new Client(base).get("/api/v1/auth/providers?country=XX");
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("social sign-in through a real OIDC provider creates an account, and signs the same person in again")
  void socialSignIn() {
    String user = "oidc-" + System.nanoTime();
    Client browser = new Client(base);

    Http.Response back = browser.signInWithDevProvider(user, new JsonObject().put("name", "소셜 사용자"), "/friends");

    assertThat(back.status()).as(back.body()).isEqualTo(302);
    assertThat(back.headers().firstValue("location").orElseThrow()).isEqualTo("/account?welcome=1");
    assertThat(browser.session).isNotNull();
    JsonObject me = browser.get("/api/v1/me").json();
    assertThat(me.getString("displayName")).isEqualTo("소셜 사용자");
    assertThat(Client.ids(me.getJsonArray("providers"), "provider")).containsExactly("dev");
    assertThat(me.getString("email")).as("no unverified email is kept").isNull();

    Client again = new Client(base);
    Http.Response second = again.signInWithDevProvider(user, new JsonObject().put("name", "소셜 사용자"), "/friends");
    assertThat(second.headers().firstValue("location").orElseThrow()).isEqualTo("/friends");
    assertThat(again.get("/api/v1/me").json().getString("id")).isEqualTo(me.getString("id"));

    Client evil = new Client(base);
    Http.Response open = evil.get("/api/v1/auth/oauth/dev/start?returnTo=//evil.example");
    assertThat(open.status()).as("no open redirect").isEqualTo(400);
  }

  @Test
  @DisplayName("a social sign-in with the verified email of an existing account asks to link, and linking needs that account")
  void linking() {
    String email = Client.email("linker");
    Client owner = new Client(base);
    owner.register(email, PASSWORD, "Linker", "KR", "ko");
    String user = "link-" + System.nanoTime();

    Client browser = new Client(base);
    Http.Response back = browser.signInWithDevProvider(user, new JsonObject().put("email", email)
        .put("email_verified", true).put("name", "Linker"), "/");
    String location = back.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith("/signin?link=");
    assertThat(browser.session).as("not signed in to anyone yet").isNull();
    Map<String, String> params = Client.query(location);
    assertThat(params.get("provider")).isEqualTo("K Store Dev ID");

    Client stranger = new Client(base);
    stranger.register(Client.email("stranger"), PASSWORD, "Stranger", "US", "en");
    Http.Response stolen = stranger.post("/api/v1/auth/link", new JsonObject().put("linkToken", params.get("link")));
    assertThat(stolen.status()).isEqualTo(403);

    // the token was used up by the refused attempt: start again, then link as the owner
    Http.Response back2 = new Client(base).signInWithDevProvider(user, new JsonObject().put("email", email)
        .put("email_verified", true), "/");
    String token = Client.query(back2.headers().firstValue("location").orElseThrow()).get("link");
    Http.Response linked = owner.post("/api/v1/auth/link", new JsonObject().put("linkToken", token));
    assertThat(linked.status()).as(linked.body()).isEqualTo(200);
    assertThat(Client.ids(linked.json().getJsonArray("providers"), "provider")).containsExactly("dev");

    Client viaProvider = new Client(base);
    viaProvider.signInWithDevProvider(user, new JsonObject().put("email", email).put("email_verified", true), "/");
    assertThat(viaProvider.get("/api/v1/me").json().getString("email")).isEqualTo(email);
  }

  @Test
  @DisplayName("a signed-in user connects another provider from the account page (CSRF-checked); a taken one is refused")
  void connectProvider() {
    Client owner = new Client(base);
    owner.register(Client.email("connector"), PASSWORD, "Connector", "DE", "en");
    String user = "connect-" + System.nanoTime();

    Http.Response forged = owner.get("/api/v1/auth/oauth/dev/start?link=true&returnTo=/account");
    assertThat(forged.status()).as("without the csrf parameter").isEqualTo(403);
    assertThat(error(forged)).isEqualTo("CSRF_FAILED");

    Http.Response back = owner.devProvider("/api/v1/auth/oauth/dev/start?link=true&returnTo=/account&csrf="
        + owner.csrf, user, new JsonObject().put("name", "Connector"));
    assertThat(back.headers().firstValue("location").orElseThrow()).isEqualTo("/account");
    assertThat(Client.ids(owner.get("/api/v1/me").json().getJsonArray("providers"), "provider")).containsExactly("dev");

    Client viaProvider = new Client(base);
    viaProvider.signInWithDevProvider(user, new JsonObject(), "/");
    assertThat(viaProvider.get("/api/v1/me").json().getString("id")).isEqualTo(owner.get("/api/v1/me").json().getString("id"));

    Client other = new Client(base);
    other.register(Client.email("other"), PASSWORD, "Other", "DE", "en");
    Http.Response taken = other.devProvider("/api/v1/auth/oauth/dev/start?link=true&returnTo=/account&csrf="
        + other.csrf, user, new JsonObject());
    assertThat(taken.headers().firstValue("location").orElseThrow()).startsWith("/signin?error=CONFLICT");
    assertThat(new Client(base).get("/api/v1/auth/oauth/dev/start?link=true").status()).as("not signed in")
        .isEqualTo(401);
  }

  @Test
  @DisplayName("a provider that posts its answer as a form (form_post, as Apple does) signs in too")
  void formPostCallback() {
    Client browser = new Client(base);
    Http.Response back = browser.devProvider("/api/v1/auth/oauth/dev/start?returnTo=/friends",
        "form-" + System.nanoTime(), new JsonObject().put("name", "Form Poster"), true);

    assertThat(back.status()).as(back.body()).isEqualTo(302);
    assertThat(back.headers().firstValue("location").orElseThrow()).isEqualTo("/account?welcome=1");
    assertThat(browser.get("/api/v1/me").json().getString("displayName")).isEqualTo("Form Poster");

    Http.Response replayed = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
            + "/api/v1/auth/oauth/dev/callback")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("code=x&state=never-issued")).build());
    assertThat(replayed.status()).isEqualTo(302);
    assertThat(replayed.headers().firstValue("location").orElseThrow()).startsWith("/signin?error=VALIDATION");
  }
}

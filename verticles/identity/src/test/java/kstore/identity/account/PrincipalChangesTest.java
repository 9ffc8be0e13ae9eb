package kstore.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import kstore.contracts.identity.IdentityAddresses;
import kstore.devstack.DevStack;
import kstore.identity.IdentityVerticle;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real identity verticle on the dev stack's PostgreSQL, Redis, Kafka and mail catcher, driven over the event
 * bus as the edge drives it: every change of what {@code identity.authenticate} answers or checks is published on
 * {@code identity.events.principal-changed} once it committed, before the request that made it is answered, so an
 * edge that drops its cached principal on the announcement asks again and sees the change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Identity announces every change of a principal, after it committed")
class PrincipalChangesTest {
  private static final String PASSWORD = "correct-horse-battery";

  private Vertx vertx;
  private JsonObject conf;
  private final BlockingQueue<JsonObject> announced = new LinkedBlockingQueue<>();

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    conf = StoreConfig.deepMerge(StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()),
        DevStack.shared().config()), new JsonObject().put("identity", new JsonObject().put("providersFile", "")));
    await(vertx.deployVerticle(new IdentityVerticle(), new DeploymentOptions().setConfig(conf)));
    await(vertx.eventBus().<JsonObject>consumer(IdentityAddresses.EVENTS_PRINCIPAL_CHANGED,
        msg -> announced.add(msg.body())).completion());
  }

  @AfterAll
  void stop() {
    await(vertx.close());
  }

  /** A new mobile account: {userId, email, accessToken}. */
  private JsonObject mobileAccount(String name, String country, String lang) {
    String email = name + "-" + System.nanoTime() + "@example.com";
    JsonObject signedIn = await(request(IdentityAddresses.REGISTER, new JsonObject().put("email", email)
        .put("password", PASSWORD).put("displayName", name).put("country", country).put("lang", lang)
        .put("client", "mobile"), null));
    return new JsonObject().put("userId", signedIn.getJsonObject("user").getString("id")).put("email", email)
        .put("accessToken", signedIn.getString("accessToken"));
  }

  private Future<JsonObject> request(String address, JsonObject body, String actor) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(20_000)
        .addHeader(Headers.CLIENT_IP, "127.0.0.1").addHeader(Headers.REQUEST_COUNTRY, "US");
    if (actor != null) {
      options.addHeader(Headers.ACTOR, actor);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }

  private Future<JsonObject> authenticate(String accessToken) {
    return request(IdentityAddresses.AUTHENTICATE, new JsonObject().put("accessToken", accessToken), null);
  }

  /**
   * Sends a request from one event-loop context that also listens to the announcements, as an edge instance
   * does; answers what it heard, in order: "announced" (for {@code userId}) and "answered".
   */
  private List<String> heardWhileAsking(String address, JsonObject body, String actor, String userId) {
    List<String> heard = new CopyOnWriteArrayList<>();
    Context edge = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    edge.runOnContext(v -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(IdentityAddresses.EVENTS_PRINCIPAL_CHANGED,
          msg -> {
            if (userId.equals(msg.body().getJsonObject("data").getString("userId"))) {
              heard.add("announced");
            }
          });
      consumer.completion()
          .compose(registered -> request(address, body, actor))
          .onComplete(answer -> {
            heard.add(answer.succeeded() ? "answered" : "failed: " + answer.cause());
            consumer.unregister().onComplete(u -> done.complete());
          });
    });
    await(done.future());
    return heard;
  }

  /** The next announcement about this user (others' are skipped), within 10 s. */
  private JsonObject announcementOf(String userId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonObject event = announced.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(event).as("an announcement about " + userId + " within 10 s").isNotNull();
      if (userId.equals(event.getJsonObject("data").getString("userId"))) {
        return event;
      }
    }
  }

  @Test
  @DisplayName("an access token's principal carries the token's own expiry as expiresAt")
  void tokenPrincipalCarriesItsExpiry() {
    JsonObject account = mobileAccount("Expiry", "KR", "ko");
    String token = account.getString("accessToken");

    JsonObject principal = await(authenticate(token));

    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
        StandardCharsets.UTF_8));
    assertThat(principal.getString("via")).isEqualTo("token");
    assertThat(principal.getString("userId")).isEqualTo(account.getString("userId"));
    assertThat(Instant.parse(principal.getString("expiresAt"))).isEqualTo(Instant.ofEpochSecond(claims.getLong("exp")))
        .isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(901));
  }

  @Test
  @DisplayName("sign out everywhere is announced before it is answered, and the token is then refused")
  void signOutEverywhere() throws InterruptedException {
    JsonObject account = mobileAccount("Everywhere", "KR", "ko");
    String userId = account.getString("userId");
    assertThat(await(authenticate(account.getString("accessToken"))).getString("userId")).isEqualTo(userId);

    List<String> heard = heardWhileAsking(IdentityAddresses.LOGOUT, new JsonObject().put("everywhere", true), userId,
        userId);

    assertThat(heard).containsExactly("announced", "answered");
    JsonObject event = announcementOf(userId);
    assertThat(event.getString("type")).isEqualTo(IdentityAddresses.PRINCIPAL_CHANGED_TYPE);
    assertThat(event.getInteger("version")).isEqualTo(1);
    assertThat(event.getString("id")).isNotBlank();
    assertThat(event.getJsonObject("data")).isEqualTo(new JsonObject().put("userId", userId));
    assertThat(errorOf(authenticate(account.getString("accessToken")))).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("a profile change (residence, language, name) is announced, and authenticate then answers it")
  void profileChange() throws InterruptedException {
    JsonObject account = mobileAccount("Mover", "KR", "ko");
    String userId = account.getString("userId");

    List<String> heard = heardWhileAsking(IdentityAddresses.UPDATE_ME, new JsonObject().put("residenceCountry", "JP")
        .put("lang", "ja").put("displayName", "Moved"), userId, userId);

    assertThat(heard).containsExactly("announced", "answered");
    announcementOf(userId);
    JsonObject principal = await(authenticate(account.getString("accessToken")));
    assertThat(principal.getString("residenceCountry")).isEqualTo("JP");
    assertThat(principal.getString("lang")).isEqualTo("ja");
    assertThat(principal.getString("displayName")).isEqualTo("Moved");
  }

  @Test
  @DisplayName("email verification is announced, and authenticate then answers emailVerified")
  void emailVerification() throws Exception {
    JsonObject account = mobileAccount("Verifier", "US", "en");
    String userId = account.getString("userId");
    assertThat(await(authenticate(account.getString("accessToken"))).getBoolean("emailVerified")).isFalse();
    String token = mailedToken(account.getString("email"), "/verify-email");

    List<String> heard = heardWhileAsking(IdentityAddresses.VERIFY_EMAIL, new JsonObject().put("token", token), null,
        userId);

    assertThat(heard).containsExactly("announced", "answered");
    announcementOf(userId);
    assertThat(await(authenticate(account.getString("accessToken"))).getBoolean("emailVerified")).isTrue();
  }

  @Test
  @DisplayName("a password reset is announced before it is answered, and the token is then refused")
  void passwordReset() throws Exception {
    JsonObject account = mobileAccount("Forgetful", "US", "en");
    String userId = account.getString("userId");
    await(request(IdentityAddresses.FORGOT_PASSWORD, new JsonObject().put("email", account.getString("email")), null));
    String token = mailedToken(account.getString("email"), "/reset-password");

    List<String> heard = heardWhileAsking(IdentityAddresses.RESET_PASSWORD, new JsonObject().put("token", token)
        .put("password", "another-long-passphrase"), null, userId);

    assertThat(heard).first().isEqualTo("announced");
    assertThat(heard).last().isEqualTo("answered");
    announcementOf(userId);
    assertThat(errorOf(authenticate(account.getString("accessToken")))).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("an existing account made the first admin (admin.email) is announced, and its token then has the role")
  void adminBootstrap() throws InterruptedException {
    JsonObject account = mobileAccount("Promoted", "US", "en");
    String userId = account.getString("userId");
    assertThat(await(authenticate(account.getString("accessToken"))).getJsonArray("roles"))
        .isEqualTo(new JsonArray().add("player"));

    JsonObject adminConf = conf.copy().put("admin", new JsonObject().put("email", account.getString("email"))
        .put("password", "the-admin-passphrase-" + System.nanoTime()));
    String second = await(vertx.deployVerticle(new IdentityVerticle(), new DeploymentOptions().setConfig(adminConf)));
    try {
      announcementOf(userId);
      assertThat(await(authenticate(account.getString("accessToken"))).getJsonArray("roles"))
          .contains("player", "admin");
    } finally {
      await(vertx.undeploy(second));
    }
  }

  /** The token of the newest store link to {@code path} mailed to {@code to}, waiting up to 10 s. */
  private String mailedToken(String to, String path) throws Exception {
    String ui = conf.getJsonObject("devstack").getString("mailUi");
    Pattern link = Pattern.compile(Pattern.quote(path) + "\\?token=([A-Za-z0-9_%-]+)");
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ui + "api/messages?to="
          + URLEncoder.encode(to, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        JsonArray mails = new JsonArray(r.body());
        for (int i = mails.size() - 1; i >= 0; i--) {
          Matcher m = link.matcher(mails.getJsonObject(i).getString("text", ""));
          if (m.find()) {
            return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
          }
        }
      }
      assertThat(System.nanoTime()).as("a mail with a " + path + " link to " + to + " within 10 s")
          .isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ErrorCode errorOf(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return ServiceError.codeOf(e.getCause());
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}

package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kstore.contracts.Headers;
import kstore.contracts.checkout.CheckoutAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The edge keeps a bearer token's principal for {@code edge.authCacheSeconds} (10 s in {@code conf/kstore.json})
 * and drops it when identity announces a change of the user. {@link FakeIdentity} counts what it is asked; the
 * points page ({@code GET /api/v1/me/points}) is answered by a stand-in here that echoes who the edge says calls.
 */
@DisplayName("A bearer token's principal is kept for a few seconds and dropped when identity announces a change")
class BearerCacheTest {
  private static final String POINTS = "/api/v1/me/points";
  private static final String ADMIN_AUDIT = "/api/v1/admin/games/1/audit";

  private TestStack stack;
  private MessageConsumer<JsonObject> points;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
    points = stack.vertx.eventBus().consumer(CheckoutAddresses.POINTS, msg -> msg.reply(new JsonObject()
        .put("actor", msg.headers().get(Headers.ACTOR))
        .put("roles", msg.headers().get(Headers.ACTOR_ROLES))
        .put("country", msg.headers().get(Headers.ACTOR_COUNTRY))));
    TestStack.await(points.completion());
  }

  @AfterEach
  void tearDown() {
    TestStack.await(points.unregister());
  }

  private static HttpResponse<Buffer> get(WebClient client, String uri, String token) {
    return TestStack.send(client.get(uri).putHeader("Authorization", "Bearer " + token));
  }

  private static HttpResponse<Buffer> signOutEverywhere(WebClient client, String token) {
    return TestStack.send(client.post("/api/v1/auth/logout").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json"), new JsonObject().put("everywhere", true).toBuffer());
  }

  private static HttpResponse<Buffer> patchMe(WebClient client, String token, JsonObject change) {
    return TestStack.send(client.patch("/api/v1/me").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json"), change.toBuffer());
  }

  /**
   * Calls until the answer has {@code status}, for at most 5 s (half the TTL, so an entry that merely expired
   * cannot pass): for announcements no request of this edge waits for, which arrive on their own time.
   */
  private static HttpResponse<Buffer> awaitStatus(WebClient client, String uri, String token, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      HttpResponse<Buffer> res = get(client, uri, token);
      if (res.statusCode() == status || System.nanoTime() > deadline) {
        return res;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static void assertUnauthenticated(HttpResponse<Buffer> res) {
    assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(401);
    assertThat(res.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHENTICATED");
    assertThat(res.getHeader("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  @DisplayName("a bearer token keeps working, and a second call within the TTL does not reach identity")
  void secondCallIsServedFromTheCache() {
    String token = FakeIdentity.issue("KR", "player");

    HttpResponse<Buffer> first = get(stack.client, POINTS, token);
    HttpResponse<Buffer> second = get(stack.client, POINTS, token);

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    JsonObject forwarded = new JsonObject().put("actor", FakeIdentity.userOf(token)).put("roles", "player")
        .put("country", "KR");
    assertThat(first.bodyAsJsonObject()).isEqualTo(forwarded);
    assertThat(second.bodyAsJsonObject()).isEqualTo(forwarded);
    assertThat(FakeIdentity.authentications(token)).isEqualTo(1);
  }

  @Test
  @DisplayName("after sign out everywhere the same access token is refused with 401 at once, not after the TTL")
  void signOutEverywhereEndsTheCachedToken() {
    String token = FakeIdentity.issue("US", "player");
    assertThat(get(stack.client, POINTS, token).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> out = signOutEverywhere(stack.client, token);

    assertThat(out.statusCode()).as(out.bodyAsString()).isEqualTo(204);
    assertThat(FakeIdentity.authentications(token)).as("the sign-out itself was served from the cache").isEqualTo(1);
    assertUnauthenticated(get(stack.client, POINTS, token));
    assertThat(FakeIdentity.authentications(token)).isEqualTo(2);
    assertUnauthenticated(get(stack.client, POINTS, token));
    assertThat(FakeIdentity.authentications(token)).as("a refusal is not kept").isEqualTo(3);
  }

  @Test
  @DisplayName("a role change is seen once announced, long before the TTL: a player made admin may use the admin "
      + "API, and loses it again")
  void roleChangeIsSeenOnceAnnounced() throws InterruptedException {
    String token = FakeIdentity.issue("US", "player");
    String userId = FakeIdentity.userOf(token);
    assertThat(get(stack.client, ADMIN_AUDIT, token).statusCode()).isEqualTo(403);
    assertThat(get(stack.client, ADMIN_AUDIT, token).statusCode()).isEqualTo(403);
    assertThat(FakeIdentity.authentications(token)).isEqualTo(1);

    FakeIdentity.change(stack.vertx, userId, p -> p.put("roles", new JsonArray().add("player").add("admin")));
    HttpResponse<Buffer> promoted = awaitStatus(stack.client, ADMIN_AUDIT, token, 200);

    assertThat(promoted.statusCode()).as(promoted.bodyAsString()).isEqualTo(200);
    assertThat(stack.catalog.received()).hasSize(1);
    assertThat(stack.catalog.received().get(0).roles()).isEqualTo("player,admin");

    FakeIdentity.change(stack.vertx, userId, p -> p.put("roles", new JsonArray().add("player")));
    assertThat(awaitStatus(stack.client, ADMIN_AUDIT, token, 403).statusCode()).isEqualTo(403);
    assertThat(FakeIdentity.authentications(token)).as("once more per announcement, no more").isEqualTo(3);
  }

  @Test
  @DisplayName("a residence change made with the token is seen on the very next call")
  void residenceChangeIsSeenAtOnce() {
    String token = FakeIdentity.issue("US", "player");
    assertThat(get(stack.client, POINTS, token).bodyAsJsonObject().getString("country")).isEqualTo("US");

    HttpResponse<Buffer> changed = patchMe(stack.client, token, new JsonObject().put("residenceCountry", "JP"));

    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(get(stack.client, POINTS, token).bodyAsJsonObject().getString("country")).isEqualTo("JP");
    assertThat(get(stack.client, POINTS, token).bodyAsJsonObject().getString("country")).isEqualTo("JP");
    assertThat(FakeIdentity.authentications(token)).as("the change itself was served from the cache").isEqualTo(2);
  }

  @Test
  @DisplayName("a change of one user leaves the other users' tokens cached")
  void otherUsersStayCached() {
    String changed = FakeIdentity.issue("US", "player");
    String other = FakeIdentity.issue("US", "player");
    get(stack.client, POINTS, changed);
    get(stack.client, POINTS, other);

    assertThat(patchMe(stack.client, changed, new JsonObject().put("lang", "ko")).statusCode()).isEqualTo(200);
    get(stack.client, POINTS, changed);
    get(stack.client, POINTS, other);

    assertThat(FakeIdentity.authentications(changed)).isEqualTo(2);
    assertThat(FakeIdentity.authentications(other)).isEqualTo(1);
  }

  @Test
  @DisplayName("every edge instance hears the change (it is published, not sent) and refuses the token")
  void everyInstanceDropsTheUser() throws IOException, InterruptedException {
    TestStack.ExtraEdge edge = stack.deployExtra(new JsonObject(), TestDirs.create("kstore-edge-second"));
    try {
      String token = FakeIdentity.issue("US", "player");
      assertThat(get(stack.client, POINTS, token).statusCode()).isEqualTo(200);
      assertThat(get(edge.client(), POINTS, token).statusCode()).isEqualTo(200);
      assertThat(get(edge.client(), POINTS, token).statusCode()).isEqualTo(200);
      assertThat(FakeIdentity.authentications(token)).as("once per instance").isEqualTo(2);

      assertThat(signOutEverywhere(stack.client, token).statusCode()).isEqualTo(204);

      assertUnauthenticated(get(stack.client, POINTS, token));
      // the other instance runs on another event loop: it hears the announcement on its own time
      assertUnauthenticated(awaitStatus(edge.client(), POINTS, token, 401));
    } finally {
      stack.undeploy(edge);
    }
  }

  @Test
  @DisplayName("with edge.authCacheSeconds 0 every call asks identity, as before")
  void disabled() throws IOException {
    TestStack.ExtraEdge edge = stack.deployExtra(new JsonObject().put("edge", new JsonObject()
        .put("authCacheSeconds", 0)), TestDirs.create("kstore-edge-uncached"));
    try {
      String token = FakeIdentity.issue("US", "player");
      assertThat(get(edge.client(), POINTS, token).statusCode()).isEqualTo(200);
      assertThat(get(edge.client(), POINTS, token).statusCode()).isEqualTo(200);
      assertThat(FakeIdentity.authentications(token)).isEqualTo(2);

      FakeIdentity.change(stack.vertx, FakeIdentity.userOf(token), p -> p.put("residenceCountry", "DE"));
      assertThat(get(edge.client(), POINTS, token).bodyAsJsonObject().getString("country")).isEqualTo("DE");
      assertThat(get(edge.client(), ADMIN_AUDIT, token).statusCode()).isEqualTo(403);
      assertThat(signOutEverywhere(edge.client(), token).statusCode()).isEqualTo(204);
      assertUnauthenticated(get(edge.client(), POINTS, token));
      assertThat(FakeIdentity.authentications(token)).isEqualTo(6);
    } finally {
      stack.undeploy(edge);
    }
  }

  @Test
  @DisplayName("session cookies, refusals and principals without a future expiresAt are never kept")
  void notKept() {
    int sessions = FakeIdentity.authentications(FakeIdentity.PLAYER_SESSION);
    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> res = TestStack.send(stack.client.get(POINTS)
          .putHeader("Cookie", "kstore_session=" + FakeIdentity.PLAYER_SESSION));
      assertThat(res.statusCode()).isEqualTo(200);
    }
    assertThat(FakeIdentity.authentications(FakeIdentity.PLAYER_SESSION)).isEqualTo(sessions + 2);

    String unknown = "unknown-" + UUID.randomUUID();
    assertUnauthenticated(get(stack.client, POINTS, unknown));
    assertUnauthenticated(get(stack.client, POINTS, unknown));
    assertThat(FakeIdentity.authentications(unknown)).isEqualTo(2);

    String noExpiry = FakeIdentity.issueFor(UUID.randomUUID().toString(), "US", null, "player");
    String expired = FakeIdentity.issueFor(UUID.randomUUID().toString(), "US", Instant.now().minusSeconds(1), "player");
    for (String token : new String[] {noExpiry, expired}) {
      assertThat(get(stack.client, POINTS, token).statusCode()).isEqualTo(200);
      assertThat(get(stack.client, POINTS, token).statusCode()).isEqualTo(200);
      assertThat(FakeIdentity.authentications(token)).isEqualTo(2);
    }
  }
}

package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Friends through the HTTP API of a whole store (S2.4–S2.6): find a player, ask, get mailed and notified, accept;
 * and every way one user could act on another's requests or read another's private data is refused.
 */
@DisplayName("Friends through the API")
class FriendsApiTest {
  private static final String PASSWORD = "correct-horse-battery";
  private static String base;

  @BeforeAll
  static void start() {
    base = TestStore.baseUrl();
  }

  private static Client player(String name, String country, String lang) {
    Client c = new Client(base);
    Http.Response r = c.register(Client.email(name.toLowerCase().replace(' ', '-')), PASSWORD, name, country, lang);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return c;
  }

  private static JsonObject me(Client c) {
    return c.get("/api/v1/me").json();
  }

  @Test
  @DisplayName("S2.4–S2.6: search by name, request, the other side is mailed and notified, accepts; both list each other")
  void requestAndAccept() throws InterruptedException {
    String suffix = Long.toString(System.nanoTime() % 1_000_000);
    Client sora = player("Sora " + suffix, "KR", "ko");
    Client jin = player("Jin " + suffix, "KR", "ko");
    JsonObject jinMe = me(jin);

    JsonArray found = sora.get("/api/v1/users/search?q=Jin%20" + suffix).json().getJsonArray("users");
    assertThat(Client.ids(found, "userId")).containsExactly(jinMe.getString("id"));
    assertThat(found.getJsonObject(0).containsKey("email")).as("no private data in search").isFalse();
    assertThat(found.getJsonObject(0).getString("relation")).isEqualTo("none");

    Http.Response asked = sora.post("/api/v1/friends/requests", new JsonObject().put("userId", jinMe.getString("id")));
    assertThat(asked.status()).as(asked.body()).isEqualTo(201);
    String requestId = asked.json().getJsonObject("request").getString("id");
    Http.Response askedAgain = sora.post("/api/v1/friends/requests",
        new JsonObject().put("friendCode", jinMe.getString("friendCode")));
    assertThat(askedAgain.json().getJsonObject("request").getString("id")).as("a retry is the same request")
        .isEqualTo(requestId);

    JsonObject mail = Client.awaitMail(jinMe.getString("email"), "Sora " + suffix);
    assertThat(mail.getString("text")).contains(base + "/friends");
    JsonObject notes = jin.get("/api/v1/me/notifications").json();
    assertThat(notes.getInteger("unread")).isEqualTo(1);
    assertThat(notes.getJsonArray("items").getJsonObject(0).getString("kind")).isEqualTo("friend.request");

    JsonObject jinLists = jin.get("/api/v1/friends").json();
    assertThat(Client.ids(jinLists.getJsonArray("incoming"), "id")).containsExactly(requestId);
    assertThat(jinLists.getJsonArray("friends")).as("no friendship before approval").isEmpty();
    assertThat(sora.get("/api/v1/friends").json().getJsonArray("friends")).isEmpty();

    Http.Response accepted = jin.post("/api/v1/friends/requests/" + requestId + "/accept", new JsonObject());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    JsonArray soraFriends = sora.get("/api/v1/friends").json().getJsonArray("friends");
    assertThat(soraFriends.getJsonObject(0).getString("userId")).isEqualTo(jinMe.getString("id"));
    assertThat(soraFriends.getJsonObject(0).getString("presence")).isNotNull();
    assertThat(jin.get("/api/v1/friends").json().getJsonArray("friends")).hasSize(1);
    assertThat(me(sora).getString("id")).isEqualTo(accepted.json().getJsonObject("friend").getString("userId"));

    Http.Response read = jin.post("/api/v1/me/notifications/read", new JsonObject());
    assertThat(read.status()).isEqualTo(204);
    assertThat(jin.get("/api/v1/me/notifications").json().getInteger("unread")).isZero();

    Http.Response removed = sora.delete("/api/v1/friends/" + jinMe.getString("id"));
    assertThat(removed.status()).isEqualTo(204);
    assertThat(jin.get("/api/v1/friends").json().getJsonArray("friends")).isEmpty();
  }

  @Test
  @DisplayName("IDOR: nobody can accept, decline or cancel another pair's request, remove another's friend, or read another's notifications")
  void noActingForOthers() {
    Client a = player("Ada", "US", "en");
    Client b = player("Bo", "US", "en");
    Client c = player("Cy", "US", "en");
    String aId = me(a).getString("id");
    String bId = me(b).getString("id");
    String requestId = a.post("/api/v1/friends/requests", new JsonObject().put("userId", bId)).json()
        .getJsonObject("request").getString("id");

    for (String action : new String[] {"accept", "decline"}) {
      Http.Response r = c.post("/api/v1/friends/requests/" + requestId + "/" + action, new JsonObject());
      assertThat(r.status()).as(action).isEqualTo(404);
      assertThat(r.json().getString("error")).isEqualTo("NOT_FOUND");
    }
    assertThat(a.post("/api/v1/friends/requests/" + requestId + "/accept", new JsonObject()).status())
        .as("the sender cannot accept their own request").isEqualTo(404);
    assertThat(c.delete("/api/v1/friends/requests/" + requestId).status()).isEqualTo(404);
    assertThat(b.delete("/api/v1/friends/requests/" + requestId).status()).as("only the sender cancels").isEqualTo(404);

    assertThat(b.post("/api/v1/friends/requests/" + requestId + "/accept", new JsonObject()).status()).isEqualTo(200);
    assertThat(c.delete("/api/v1/friends/" + bId).status()).as("C is not B's friend").isEqualTo(404);
    assertThat(a.get("/api/v1/friends").json().getJsonArray("friends")).as("still friends").hasSize(1);

    assertThat(c.get("/api/v1/friends").json().getJsonArray("incoming")).isEmpty();
    JsonArray cNotes = c.get("/api/v1/me/notifications").json().getJsonArray("items");
    assertThat(cNotes).isEmpty();
    c.post("/api/v1/me/notifications/read", new JsonObject());
    assertThat(a.get("/api/v1/me/notifications").json().getInteger("unread")).as("A's accepted note untouched")
        .isEqualTo(1);

    Http.Response anonymous = new Client(base).get("/api/v1/friends");
    assertThat(anonymous.status()).isEqualTo(401);
    Http.Response self = a.post("/api/v1/friends/requests", new JsonObject().put("userId", aId));
    assertThat(self.status()).isEqualTo(400);
    Http.Response bad = a.post("/api/v1/friends/requests/not-a-uuid/accept", new JsonObject());
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a blocked player cannot send requests and does not find the blocker")
  void blocking() {
    String suffix = Long.toString(System.nanoTime() % 1_000_000);
    Client quiet = player("Quiet " + suffix, "JP", "ja");
    Client pest = player("Pest " + suffix, "JP", "ja");
    String quietId = me(quiet).getString("id");
    String pestId = me(pest).getString("id");

    assertThat(quiet.post("/api/v1/friends/blocks", new JsonObject().put("userId", pestId)).status()).isEqualTo(204);

    Http.Response refused = pest.post("/api/v1/friends/requests", new JsonObject().put("userId", quietId));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().getString("message")).doesNotContain("block");
    assertThat(pest.get("/api/v1/users/search?q=Quiet%20" + suffix).json().getJsonArray("users")).isEmpty();

    assertThat(quiet.delete("/api/v1/friends/blocks/" + pestId).status()).isEqualTo(204);
    assertThat(pest.post("/api/v1/friends/requests", new JsonObject().put("userId", quietId)).status()).isEqualTo(201);
  }
}

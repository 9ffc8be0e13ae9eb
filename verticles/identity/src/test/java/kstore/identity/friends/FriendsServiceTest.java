package kstore.identity.friends;

import static kstore.identity.friends.FriendsFixture.await;
import static kstore.identity.friends.FriendsFixture.body;
import static kstore.identity.friends.FriendsFixture.errorOf;
import static kstore.identity.friends.FriendsFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import kstore.contracts.ErrorCode;
import kstore.identity.friends.FriendsFixture.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Friend requests, friendships and blocks on the real PostgreSQL of the dev stack. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FriendsServiceTest {
  private FriendsFixture db;
  private RecordingFriendNotifier notifier;
  private FriendsService friends;
  private NotificationsService notifications;

  @BeforeAll
  void start() {
    db = new FriendsFixture();
    notifier = new RecordingFriendNotifier();
    friends = new FriendsService(db.pool, notifier);
    notifications = new NotificationsService(db.pool);
  }

  @AfterAll
  void stop() {
    db.close();
  }

  private JsonObject request(User from, User to) {
    return await(friends.request(from.id(), body("userId", to.idText())));
  }

  private static List<String> ids(JsonArray people) {
    return people.stream().map(p -> ((JsonObject) p).getString("userId")).toList();
  }

  @Test
  @DisplayName("A asks B, B is told in-app and by mail, B accepts, and both list each other as friends")
  void happyPath() {
    User a = db.user("Alice");
    User b = db.user("Bora");

    JsonObject sent = request(a, b).getJsonObject("request");
    assertThat(sent.getString("status")).isEqualTo("pending");
    assertThat(sent.getJsonObject("to")).isEqualTo(new JsonObject().put("userId", b.idText())
        .put("displayName", b.displayName()).put("friendCode", b.friendCode()));
    assertThat(sent.getJsonObject("from").getString("userId")).isEqualTo(a.idText());
    assertThat(sent.getString("createdAt")).isNotBlank();
    String requestId = sent.getString("id");

    JsonObject inbox = await(notifications.list(b.id(), 20, null));
    assertThat(inbox.getLong("unread")).isEqualTo(1);
    JsonObject note = inbox.getJsonArray("items").getJsonObject(0);
    assertThat(note.getString("kind")).isEqualTo(FriendsService.KIND_REQUEST);
    assertThat(note.getBoolean("read")).isFalse();
    assertThat(note.getJsonObject("data").getString("requestId")).isEqualTo(requestId);
    assertThat(note.getJsonObject("data").getJsonObject("from").getString("userId")).isEqualTo(a.idText());
    assertThat(note.encode()).doesNotContain(a.email());

    List<RecordingFriendNotifier.Call> mails = notifier.to("requested", b.id());
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).requestId()).isEqualTo(requestId);
    assertThat(mails.get(0).to().getString("email")).isEqualTo(b.email());
    assertThat(mails.get(0).to().getString("lang")).isEqualTo("ko");
    assertThat(mails.get(0).from().getString("displayName")).isEqualTo(a.displayName());

    JsonObject bPage = await(friends.list(b.id()));
    assertThat(bPage.getJsonArray("incoming")).hasSize(1);
    assertThat(bPage.getJsonArray("incoming").getJsonObject(0).getString("id")).isEqualTo(requestId);
    assertThat(bPage.getJsonArray("incoming").getJsonObject(0).getJsonObject("from").getString("userId"))
        .isEqualTo(a.idText());
    JsonObject aPage = await(friends.list(a.id()));
    assertThat(aPage.getJsonArray("outgoing").getJsonObject(0).getJsonObject("to").getString("userId"))
        .isEqualTo(b.idText());
    assertThat(ids(await(friends.search(a.id(), b.displayName(), 5)).getJsonArray("users"))).containsExactly(b.idText());
    assertThat(await(friends.search(a.id(), b.displayName(), 5)).getJsonArray("users").getJsonObject(0)
        .getString("relation")).isEqualTo("requested");
    assertThat(await(friends.search(b.id(), a.displayName(), 5)).getJsonArray("users").getJsonObject(0)
        .getString("relation")).isEqualTo("incoming");

    JsonObject accepted = await(friends.accept(b.id(), requestId));
    assertThat(accepted.getJsonObject("request").getString("status")).isEqualTo("accepted");
    assertThat(accepted.getJsonObject("request").getString("decidedAt")).isNotBlank();
    assertThat(accepted.getJsonObject("friend").getString("userId")).isEqualTo(a.idText());
    assertThat(accepted.getJsonObject("friend").getString("presence")).isEqualTo("offline");

    JsonObject aFriends = await(friends.list(a.id()));
    JsonObject bFriends = await(friends.list(b.id()));
    assertThat(ids(aFriends.getJsonArray("friends"))).containsExactly(b.idText());
    assertThat(ids(bFriends.getJsonArray("friends"))).containsExactly(a.idText());
    JsonObject friendOfA = aFriends.getJsonArray("friends").getJsonObject(0);
    assertThat(friendOfA.fieldNames()).containsExactlyInAnyOrder("userId", "displayName", "friendCode", "since",
        "presence");
    assertThat(friendOfA.getString("presence")).isEqualTo("offline");
    assertThat(aFriends.getJsonArray("outgoing")).isEmpty();
    assertThat(bFriends.getJsonArray("incoming")).isEmpty();
    assertThat(db.friendshipRows(a, b)).isEqualTo(1);

    assertThat(db.notifications(a, FriendsService.KIND_ACCEPTED)).isEqualTo(1);
    List<RecordingFriendNotifier.Call> acceptedMails = notifier.to("accepted", a.id());
    assertThat(acceptedMails).hasSize(1);
    assertThat(acceptedMails.get(0).from().getString("userId")).isEqualTo(b.idText());
    assertThat(await(friends.relation(a.id(), b.idText())).getJsonObject("user").getString("relation"))
        .isEqualTo("friend");
    assertThat(db.count("SELECT count(*) FROM identity.outbox WHERE payload->>'type' = $1 "
        + "AND payload->'data'->'users' ? $2", FriendsService.EVENT_FRIENDSHIP_STARTED, a.idText())).isEqualTo(1);
  }

  @Test
  @DisplayName("A friend code finds its owner in any case, with or without the dash, and can be asked directly")
  void friendCode() {
    User a = db.user("Ahn");
    User b = db.user("Byun");
    String plain = b.friendCode().replace("-", "").toLowerCase();

    JsonArray found = await(friends.search(a.id(), plain, 10)).getJsonArray("users");
    assertThat(ids(found)).containsExactly(b.idText());
    assertThat(found.getJsonObject(0).getString("relation")).isEqualTo("none");

    JsonObject sent = await(friends.request(a.id(), body("friendCode", b.friendCode().toLowerCase())));
    assertThat(sent.getJsonObject("request").getJsonObject("to").getString("userId")).isEqualTo(b.idText());
    assertThat(errorOf(friends.request(a.id(), body("friendCode", "ZZZZ-ZZZ1")))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.request(a.id(), body("friendCode", FriendsFixture.code()))))
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  @DisplayName("Asking twice answers the same pending request and notifies once")
  void idempotentRequest() {
    User a = db.user("Arin");
    User b = db.user("Bomi");
    JsonObject first = request(a, b).getJsonObject("request");
    JsonObject second = request(a, b).getJsonObject("request");
    assertThat(second.getString("id")).isEqualTo(first.getString("id"));
    assertThat(second.getString("status")).isEqualTo("pending");
    assertThat(db.pendingBetween(a, b)).isEqualTo(1);
    assertThat(db.notifications(b, FriendsService.KIND_REQUEST)).isEqualTo(1);
    assertThat(notifier.to("requested", b.id())).hasSize(1);
  }

  @Test
  @DisplayName("When B asks A while A's request to B waits, B's request accepts A's: one friendship")
  void crossingRequests() {
    User a = db.user("Ara");
    User b = db.user("Bin");
    String requestId = request(a, b).getJsonObject("request").getString("id");

    JsonObject reply = request(b, a);
    assertThat(reply.getJsonObject("request").getString("id")).isEqualTo(requestId);
    assertThat(reply.getJsonObject("request").getString("status")).isEqualTo("accepted");
    assertThat(reply.getJsonObject("friend").getString("userId")).isEqualTo(a.idText());
    assertThat(db.friendshipRows(a, b)).isEqualTo(1);
    assertThat(db.pendingBetween(a, b)).isZero();
    assertThat(notifier.to("accepted", a.id())).hasSize(1);
    assertThat(errorOf(friends.request(a.id(), body("userId", b.idText())))).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  @DisplayName("Requests fired at once in opposite directions end in exactly one friendship")
  void concurrentCrossingRequests() {
    for (int round = 0; round < 5; round++) {
      User a = db.user("Cross" + round + "a");
      User b = db.user("Cross" + round + "b");
      Future<JsonObject> ab = friends.request(a.id(), body("userId", b.idText()));
      Future<JsonObject> ba = friends.request(b.id(), body("userId", a.idText()));
      List<String> statuses = List.of(await(ab), await(ba)).stream()
          .map(r -> r.getJsonObject("request").getString("status")).sorted().toList();
      assertThat(statuses).containsExactly("accepted", "pending");
      assertThat(db.friendshipRows(a, b)).isEqualTo(1);
      assertThat(db.pendingBetween(a, b)).isZero();
    }
  }

  @Test
  @DisplayName("Two accepts fired at once make one friendship, one notification and one mail")
  void concurrentAccepts() {
    for (int round = 0; round < 5; round++) {
      User a = db.user("Race" + round + "a");
      User b = db.user("Race" + round + "b");
      String requestId = request(a, b).getJsonObject("request").getString("id");
      List<Future<JsonObject>> accepts = IntStream.range(0, 3).mapToObj(i -> friends.accept(b.id(), requestId)).toList();
      for (Future<JsonObject> accepted : accepts) {
        JsonObject reply = await(accepted);
        assertThat(reply.getJsonObject("request").getString("status")).isEqualTo("accepted");
        assertThat(reply.getJsonObject("friend").getString("userId")).isEqualTo(a.idText());
      }
      assertThat(db.friendshipRows(a, b)).isEqualTo(1);
      assertThat(db.notifications(a, FriendsService.KIND_ACCEPTED)).isEqualTo(1);
      assertThat(notifier.to("accepted", a.id())).hasSize(1);
    }
  }

  @Test
  @DisplayName("Nobody but the recipient may accept or decline, and nobody but the sender may cancel")
  void onlyThePartiesDecide() {
    User a = db.user("Ami");
    User b = db.user("Beom");
    User c = db.user("Chul");
    String requestId = request(a, b).getJsonObject("request").getString("id");

    assertThat(errorOf(friends.accept(c.id(), requestId))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.decline(c.id(), requestId))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.cancel(c.id(), requestId))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.accept(a.id(), requestId))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.decline(a.id(), requestId))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.cancel(b.id(), requestId))).isEqualTo(ErrorCode.NOT_FOUND);
    // Same answer as for a request that does not exist at all: nothing is revealed.
    assertThat(failure(friends.accept(c.id(), requestId)).getMessage())
        .isEqualTo(failure(friends.accept(c.id(), UUID.randomUUID().toString())).getMessage());
    assertThat(db.pendingBetween(a, b)).isEqualTo(1);
    assertThat(db.friendshipRows(a, c) + db.friendshipRows(b, c) + db.friendshipRows(a, b)).isZero();
  }

  @Test
  @DisplayName("Declining is final for that request; declining again answers the same, accepting it then conflicts")
  void decline() {
    User a = db.user("Ayo");
    User b = db.user("Bae");
    String requestId = request(a, b).getJsonObject("request").getString("id");

    assertThat(await(friends.decline(b.id(), requestId)).getJsonObject("request").getString("status"))
        .isEqualTo("declined");
    assertThat(await(friends.decline(b.id(), requestId)).getJsonObject("request").getString("status"))
        .isEqualTo("declined");
    assertThat(errorOf(friends.accept(b.id(), requestId))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(errorOf(friends.cancel(a.id(), requestId))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(db.friendshipRows(a, b)).isZero();
    assertThat(notifier.to("accepted", a.id())).isEmpty();
    // A may ask again later: a new request.
    assertThat(request(a, b).getJsonObject("request").getString("id")).isNotEqualTo(requestId);
  }

  @Test
  @DisplayName("Cancelling withdraws the request and its notification from the recipient's inbox")
  void cancel() {
    User a = db.user("Aeri");
    User b = db.user("Byeol");
    String requestId = request(a, b).getJsonObject("request").getString("id");
    assertThat(db.notifications(b, FriendsService.KIND_REQUEST)).isEqualTo(1);

    assertThat(await(friends.cancel(a.id(), requestId)).getJsonObject("request").getString("status"))
        .isEqualTo("cancelled");
    assertThat(db.notifications(b, FriendsService.KIND_REQUEST)).isZero();
    assertThat(await(friends.list(b.id())).getJsonArray("incoming")).isEmpty();
    assertThat(await(friends.list(a.id())).getJsonArray("outgoing")).isEmpty();
    assertThat(errorOf(friends.accept(b.id(), requestId))).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  @DisplayName("Only the two friends can end a friendship; a third user gets NOT_FOUND and changes nothing")
  void remove() {
    User a = db.user("Aram");
    User b = db.user("Boram");
    User c = db.user("Chae");
    await(friends.accept(b.id(), request(a, b).getJsonObject("request").getString("id")));

    assertThat(errorOf(friends.remove(c.id(), b.idText()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.remove(c.id(), a.idText()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(db.friendshipRows(a, b)).isEqualTo(1);

    assertThat(await(friends.remove(b.id(), a.idText()))).isEqualTo(new JsonObject().put("userId", a.idText())
        .put("removed", true));
    assertThat(db.friendshipRows(a, b)).isZero();
    assertThat(await(friends.list(a.id())).getJsonArray("friends")).isEmpty();
    assertThat(errorOf(friends.remove(a.id(), b.idText()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(db.count("SELECT count(*) FROM identity.outbox WHERE payload->>'type' = $1 "
        + "AND payload->'data'->'users' ? $2", FriendsService.EVENT_FRIENDSHIP_ENDED, a.idText())).isEqualTo(1);
  }

  @Test
  @DisplayName("Search shows only public fields, never emails, and leaves out the actor and disabled users")
  void searchIsPublic() {
    User a = db.user("Seeker");
    User b = db.user("Seen");
    db.user("Seen Disabled", "disabled");

    JsonArray found = await(friends.search(a.id(), db.tag + " Se", 50)).getJsonArray("users");
    assertThat(ids(found)).containsExactly(b.idText());
    for (Object user : found) {
      assertThat(((JsonObject) user).fieldNames()).containsExactlyInAnyOrder("userId", "displayName", "friendCode",
          "relation");
    }
    assertThat(found.encode()).doesNotContain("@");
    assertThat(await(friends.search(a.id(), b.email(), 50)).getJsonArray("users")).isEmpty();
    // Names match by prefix in any case; LIKE wildcards are taken literally.
    assertThat(ids(await(friends.search(a.id(), db.tag.toLowerCase() + " seen", 50)).getJsonArray("users")))
        .containsExactly(b.idText());
    assertThat(await(friends.search(a.id(), db.tag + " %", 50)).getJsonArray("users")).isEmpty();
    assertThat(await(friends.search(a.id(), db.tag + "_", 50)).getJsonArray("users")).isEmpty();
    assertThat(errorOf(friends.search(a.id(), "  ", 10))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.search(a.id(), "x", 0))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.search(a.id(), "x", 51))).isEqualTo(ErrorCode.VALIDATION);
  }

  @Test
  @DisplayName("Blocking ends the friendship and requests, hides the blocker from search and refuses new requests")
  void blocking() {
    User a = db.user("Blocked Ann");
    User b = db.user("Blocker Ben");
    User c = db.user("Bystander Cy");
    await(friends.accept(b.id(), request(a, b).getJsonObject("request").getString("id")));
    String pendingId = request(c, b).getJsonObject("request").getString("id");

    assertThat(await(friends.block(b.id(), a.idText()))).isEqualTo(new JsonObject().put("userId", a.idText())
        .put("blocked", true));
    assertThat(await(friends.block(b.id(), a.idText())).getBoolean("blocked")).isTrue();
    assertThat(db.friendshipRows(a, b)).isZero();

    assertThat(await(friends.search(a.id(), b.displayName(), 10)).getJsonArray("users")).isEmpty();
    assertThat(await(friends.search(a.id(), b.friendCode(), 10)).getJsonArray("users")).isEmpty();
    assertThat(errorOf(friends.relation(a.id(), b.idText()))).isEqualTo(ErrorCode.NOT_FOUND);
    JsonArray seenByB = await(friends.search(b.id(), a.displayName(), 10)).getJsonArray("users");
    assertThat(seenByB.getJsonObject(0).getString("relation")).isEqualTo("blocked");

    Throwable fromBlocked = failure(friends.request(a.id(), body("userId", b.idText())));
    Throwable fromBlocker = failure(friends.request(b.id(), body("userId", a.idText())));
    assertThat(errorOf(Future.failedFuture(fromBlocked))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(errorOf(Future.failedFuture(fromBlocker))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(fromBlocked.getMessage()).isEqualTo(fromBlocker.getMessage())
        .isEqualTo("You cannot send a friend request to this user");
    assertThat(errorOf(friends.request(a.id(), body("friendCode", b.friendCode())))).isEqualTo(ErrorCode.FORBIDDEN);

    JsonObject bPage = await(friends.list(b.id()));
    assertThat(ids(bPage.getJsonArray("blocked"))).containsExactly(a.idText());
    assertThat(bPage.getJsonArray("friends")).isEmpty();
    // C's pending request is untouched by B blocking A.
    assertThat(bPage.getJsonArray("incoming").getJsonObject(0).getString("id")).isEqualTo(pendingId);

    // A block also closes a pending request between the two.
    await(friends.block(b.id(), c.idText()));
    assertThat(db.pendingBetween(b, c)).isZero();
    assertThat(errorOf(friends.accept(b.id(), pendingId))).isEqualTo(ErrorCode.CONFLICT);

    assertThat(await(friends.unblock(b.id(), a.idText()))).isEqualTo(new JsonObject().put("userId", a.idText())
        .put("blocked", false));
    assertThat(ids(await(friends.search(a.id(), b.displayName(), 10)).getJsonArray("users")))
        .containsExactly(b.idText());
    assertThat(request(a, b).getJsonObject("request").getString("status")).isEqualTo("pending");
  }

  @Test
  @DisplayName("Asking oneself is invalid, asking an unknown or disabled user is NOT_FOUND, bad bodies are invalid")
  void requestRules() {
    User a = db.user("Rules");
    User off = db.user("Gone", "disabled");
    assertThat(errorOf(friends.request(a.id(), body("userId", a.idText())))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.request(a.id(), body("friendCode", " - "))))
        .isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.request(a.id(), body("userId", UUID.randomUUID().toString()))))
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.request(a.id(), body("userId", off.idText())))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(errorOf(friends.request(a.id(), body("userId", "not-a-uuid")))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.request(a.id(), new JsonObject()))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.request(a.id(), null))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.request(a.id(), new JsonObject().put("userId", off.idText())
        .put("friendCode", off.friendCode())))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.accept(a.id(), "nope"))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.block(a.id(), a.idText()))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(friends.block(a.id(), UUID.randomUUID().toString()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(await(friends.search(a.id(), off.displayName(), 10)).getJsonArray("users")).isEmpty();
  }
}

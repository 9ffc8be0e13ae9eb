package kstore.identity.friends;

import static kstore.identity.friends.FriendsFixture.await;
import static kstore.identity.friends.FriendsFixture.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kstore.contracts.ErrorCode;
import kstore.identity.friends.FriendsFixture.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The in-app inbox on the real PostgreSQL of the dev stack. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsServiceTest {
  private FriendsFixture db;
  private NotificationsService notifications;

  @BeforeAll
  void start() {
    db = new FriendsFixture();
    notifications = new NotificationsService(db.pool);
  }

  @AfterAll
  void stop() {
    db.close();
  }

  /** Writes {@code n} notifications for the user, one transaction each, oldest first; answers their ids. */
  private List<String> notify(User user, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int number = i;
      ids.add(await(db.pool.withTransaction(tx -> NotificationsService.append(tx, user.id(), "test.note",
          new JsonObject().put("n", number)))).toString());
    }
    return ids;
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  @Test
  @DisplayName("The inbox pages newest first with a cursor and counts every unread notification")
  void pages() {
    User u = db.user("Reader");
    List<String> written = notify(u, 5);

    JsonObject first = await(notifications.list(u.id(), 2, null));
    assertThat(ids(first)).containsExactly(written.get(4), written.get(3));
    assertThat(first.getLong("unread")).isEqualTo(5);
    JsonObject item = first.getJsonArray("items").getJsonObject(0);
    assertThat(item.fieldNames()).containsExactlyInAnyOrder("id", "kind", "data", "createdAt", "read");
    assertThat(item.getString("kind")).isEqualTo("test.note");
    assertThat(item.getJsonObject("data")).isEqualTo(new JsonObject().put("n", 4));
    assertThat(item.getBoolean("read")).isFalse();

    JsonObject second = await(notifications.list(u.id(), 2, first.getString("next")));
    assertThat(ids(second)).containsExactly(written.get(2), written.get(1));
    JsonObject third = await(notifications.list(u.id(), 2, second.getString("next")));
    assertThat(ids(third)).containsExactly(written.get(0));
    assertThat(third.getString("next")).isNull();

    assertThat(errorOf(notifications.list(u.id(), 0, null))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(notifications.list(u.id(), 101, null))).isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(notifications.list(u.id(), 10, "nope"))).isEqualTo(ErrorCode.VALIDATION);
  }

  @Test
  @DisplayName("Marking read touches the named notifications, or all of them, and only the actor's own")
  void markRead() {
    User b = db.user("Owner");
    User c = db.user("Intruder");
    List<String> bIds = notify(b, 3);
    List<String> cIds = notify(c, 1);

    // C names B's notifications: nothing of B's changes, and C cannot page through B's inbox with B's ids.
    assertThat(await(notifications.markRead(c.id(), new JsonObject().put("ids", new JsonArray(bIds)))))
        .isEqualTo(new JsonObject().put("marked", 0).put("unread", 1L));
    assertThat(await(notifications.list(c.id(), 10, bIds.get(2))).getJsonArray("items")).isEmpty();
    // C marks all of C's: still only C's.
    assertThat(await(notifications.markRead(c.id(), new JsonObject())).getInteger("marked")).isEqualTo(1);
    assertThat(await(notifications.list(b.id(), 10, null)).getLong("unread")).isEqualTo(3);
    assertThat(await(notifications.list(c.id(), 10, null)).getJsonArray("items").getJsonObject(0)
        .getString("id")).isEqualTo(cIds.get(0));

    JsonObject some = await(notifications.markRead(b.id(), new JsonObject()
        .put("ids", new JsonArray().add(bIds.get(0)).add(UUID.randomUUID().toString()))));
    assertThat(some).isEqualTo(new JsonObject().put("marked", 1).put("unread", 2L));
    JsonObject page = await(notifications.list(b.id(), 10, null));
    assertThat(page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getBoolean("read")).toList())
        .containsExactly(false, false, true);

    assertThat(await(notifications.markRead(b.id(), null))).isEqualTo(new JsonObject().put("marked", 2)
        .put("unread", 0L));
    assertThat(errorOf(notifications.markRead(b.id(), new JsonObject().put("ids", "all"))))
        .isEqualTo(ErrorCode.VALIDATION);
    assertThat(errorOf(notifications.markRead(b.id(), new JsonObject().put("ids", new JsonArray().add("x")))))
        .isEqualTo(ErrorCode.VALIDATION);
  }
}

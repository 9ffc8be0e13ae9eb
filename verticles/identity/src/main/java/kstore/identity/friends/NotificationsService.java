package kstore.identity.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;

/**
 * A user's in-app notifications: friend requests and acceptances now, gifts later. Every read and write is
 * scoped to the acting user, so nobody can read or mark another person's notifications.
 */
public final class NotificationsService {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  /** Most ids one {@link #markRead} may name. */
  public static final int MAX_MARK_IDS = 500;

  static final String INSERT = "INSERT INTO identity.notifications (id, user_id, kind, data) VALUES ($1, $2, $3, $4)";
  /** Keyset page: rows strictly older than the cursor row, which must be the actor's own (else an empty page). */
  static final String PAGE = "SELECT n.id, n.kind, n.data, n.created_at, n.read_at FROM identity.notifications n "
      + "WHERE n.user_id = $1 AND ($2::uuid IS NULL OR (n.created_at, n.id) < "
      + "(SELECT c.created_at, c.id FROM identity.notifications c WHERE c.id = $2::uuid AND c.user_id = $1)) "
      + "ORDER BY n.created_at DESC, n.id DESC LIMIT $3";
  static final String UNREAD = "SELECT count(*) AS unread FROM identity.notifications "
      + "WHERE user_id = $1 AND read_at IS NULL";
  static final String MARK_ALL = "UPDATE identity.notifications SET read_at = clock_timestamp() "
      + "WHERE user_id = $1 AND read_at IS NULL";
  static final String MARK_SOME = "UPDATE identity.notifications SET read_at = clock_timestamp() "
      + "WHERE user_id = $1 AND read_at IS NULL AND id = ANY($2::uuid[])";

  private final Pool pool;

  public NotificationsService(Pool pool) {
    this.pool = pool;
  }

  /**
   * Writes one notification for {@code userId}; call inside the transaction that causes it, so it exists
   * exactly when the change does. Answers the new notification's id.
   */
  public static Future<UUID> append(SqlClient tx, UUID userId, String kind, JsonObject data) {
    UUID id = UUID.randomUUID();
    return tx.preparedQuery(INSERT).execute(Tuple.of(id, userId, kind, data)).map(rows -> id);
  }

  /**
   * The actor's notifications, newest first: {@code {items:[{id, kind, data, createdAt, read}], unread, next}}.
   * {@code before} is the {@code next} of the previous page (a notification id; null for the first page);
   * {@code next} is null on the last page. {@code unread} counts all unread notifications, not just this page.
   */
  public Future<JsonObject> list(UUID actor, int limit, String before) {
    if (limit < 1 || limit > MAX_LIMIT) {
      return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "limit must be between 1 and " + MAX_LIMIT));
    }
    UUID cursor = null;
    if (before != null && !before.isBlank()) {
      cursor = FriendsService.uuidOrNull(before.strip());
      if (cursor == null) {
        return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "before must be a notification id"));
      }
    }
    Future<JsonArray> page = pool.preparedQuery(PAGE).execute(Tuple.of(actor, cursor, (long) limit)).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) {
        items.add(new JsonObject().put("id", r.getUUID("id").toString()).put("kind", r.getString("kind"))
            .put("data", r.getJsonObject("data"))
            .put("createdAt", FriendsService.time(r.getOffsetDateTime("created_at")))
            .put("read", r.getOffsetDateTime("read_at") != null));
      }
      return items;
    });
    return Future.all(page, unread(pool, actor)).map(all -> {
      JsonArray items = all.resultAt(0);
      String next = items.size() == limit ? items.getJsonObject(items.size() - 1).getString("id") : null;
      return new JsonObject().put("items", items).put("unread", all.<Long>resultAt(1)).put("next", next);
    });
  }

  /**
   * Marks the actor's notifications read: those named in {@code body.ids}, or all of them when {@code ids} is
   * absent. Ids that are not the actor's are ignored. Answers {@code {marked, unread}}.
   */
  public Future<JsonObject> markRead(UUID actor, JsonObject body) {
    Object rawIds = body == null ? null : body.getValue("ids");
    Future<Integer> marked;
    if (rawIds == null) {
      marked = pool.preparedQuery(MARK_ALL).execute(Tuple.of(actor)).map(rows -> rows.rowCount());
    } else {
      if (!(rawIds instanceof JsonArray list) || list.size() > MAX_MARK_IDS) {
        return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION,
            "ids must be an array of at most " + MAX_MARK_IDS + " notification ids"));
      }
      UUID[] ids = new UUID[list.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = list.getValue(i) instanceof String s ? FriendsService.uuidOrNull(s.strip()) : null;
        if (ids[i] == null) {
          return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "ids[" + i + "] is not a notification id"));
        }
      }
      marked = pool.preparedQuery(MARK_SOME).execute(Tuple.tuple().addUUID(actor).addArrayOfUUID(ids)).map(rows -> rows.rowCount());
    }
    return marked.compose(n -> unread(pool, actor).map(left -> new JsonObject().put("marked", n).put("unread", left)));
  }

  private static Future<Long> unread(SqlClient client, UUID actor) {
    return client.preparedQuery(UNREAD).execute(Tuple.of(actor)).map(rows -> rows.iterator().next().getLong("unread"));
  }
}

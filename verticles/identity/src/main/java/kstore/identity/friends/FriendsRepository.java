package kstore.identity.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * All SQL of friends, requests and blocks in the {@code identity} schema. Every statement is prepared, with
 * {@code $n} parameters. Writes that touch one pair of users first take {@link #lockPair}: the rules read
 * the pair's state and then change it, and the lock makes that read-then-write atomic across instances.
 */
final class FriendsRepository {
  /** First key of the two-key advisory lock space, so pair locks never collide with other advisory locks. */
  private static final int PAIR_LOCK_SPACE = 0x4B46; // "KF"

  private static final String PAIR = "least($1::uuid, $2::uuid)";
  private static final String PAIR_HI = "greatest($1::uuid, $2::uuid)";

  static final String LOCK_PAIR = "SELECT pg_advisory_xact_lock(" + PAIR_LOCK_SPACE + ", hashtext(" + PAIR
      + "::text || " + PAIR_HI + "::text))";

  private static final String USER_COLUMNS = "id, display_name, friend_code, email, lang, status";
  static final String USER_BY_ID = "SELECT " + USER_COLUMNS + " FROM identity.users WHERE id = $1";
  static final String USER_BY_CODE = "SELECT " + USER_COLUMNS + " FROM identity.users "
      + "WHERE replace(upper(friend_code), '-', '') = $1";

  static final String BLOCKED_EITHER = "SELECT 1 FROM identity.blocks "
      + "WHERE (blocker = $1 AND blocked = $2) OR (blocker = $2 AND blocked = $1)";
  static final String FRIENDS_SINCE = "SELECT since FROM identity.friendships WHERE user_a = " + PAIR
      + " AND user_b = " + PAIR_HI;
  /** Keeps the first {@code since} when the row is already there (ON CONFLICT DO UPDATE so that RETURNING answers). */
  static final String BEFRIEND = "INSERT INTO identity.friendships (user_a, user_b) VALUES (" + PAIR + ", " + PAIR_HI
      + ") ON CONFLICT (user_a, user_b) DO UPDATE SET since = identity.friendships.since RETURNING since";
  static final String UNFRIEND = "DELETE FROM identity.friendships WHERE user_a = " + PAIR + " AND user_b = " + PAIR_HI
      + " RETURNING since";

  private static final String REQUEST_COLUMNS = "id, from_user, to_user, status, created_at, decided_at";
  static final String REQUEST_BY_ID = "SELECT " + REQUEST_COLUMNS + " FROM identity.friend_requests WHERE id = $1";
  static final String PENDING_BETWEEN = "SELECT " + REQUEST_COLUMNS + " FROM identity.friend_requests "
      + "WHERE least(from_user, to_user) = " + PAIR + " AND greatest(from_user, to_user) = " + PAIR_HI
      + " AND status = 'pending'";
  static final String INSERT_REQUEST = "INSERT INTO identity.friend_requests (id, from_user, to_user) "
      + "VALUES ($1, $2, $3) RETURNING " + REQUEST_COLUMNS;
  static final String DECIDE = "UPDATE identity.friend_requests SET status = $2, decided_at = clock_timestamp() "
      + "WHERE id = $1 AND status = 'pending' RETURNING " + REQUEST_COLUMNS;
  /** On a block: the blocker's own requests count as cancelled, the ones sent to the blocker as declined. */
  static final String CLOSE_PENDING_BETWEEN = "UPDATE identity.friend_requests "
      + "SET status = CASE WHEN from_user = $1 THEN 'cancelled' ELSE 'declined' END, decided_at = clock_timestamp() "
      + "WHERE least(from_user, to_user) = " + PAIR + " AND greatest(from_user, to_user) = " + PAIR_HI
      + " AND status = 'pending' RETURNING id";
  /** A cancelled request should not stay in the recipient's inbox. */
  static final String DELETE_REQUEST_NOTIFICATION = "DELETE FROM identity.notifications "
      + "WHERE user_id = $1 AND kind = '" + FriendsService.KIND_REQUEST + "' AND data->>'requestId' = $2";

  static final String INSERT_BLOCK = "INSERT INTO identity.blocks (blocker, blocked) VALUES ($1, $2) "
      + "ON CONFLICT DO NOTHING";
  static final String DELETE_BLOCK = "DELETE FROM identity.blocks WHERE blocker = $1 AND blocked = $2";

  /** How the actor ($1) stands to user {@code u}; a block by the actor wins over everything else. */
  private static final String RELATION = "CASE"
      + " WHEN EXISTS (SELECT 1 FROM identity.blocks b WHERE b.blocker = $1::uuid AND b.blocked = u.id) THEN 'blocked'"
      + " WHEN EXISTS (SELECT 1 FROM identity.friendships f WHERE f.user_a = least($1::uuid, u.id)"
      + " AND f.user_b = greatest($1::uuid, u.id)) THEN 'friend'"
      + " WHEN EXISTS (SELECT 1 FROM identity.friend_requests r WHERE r.from_user = $1::uuid AND r.to_user = u.id"
      + " AND r.status = 'pending') THEN 'requested'"
      + " WHEN EXISTS (SELECT 1 FROM identity.friend_requests r WHERE r.from_user = u.id AND r.to_user = $1::uuid"
      + " AND r.status = 'pending') THEN 'incoming'"
      + " ELSE 'none' END AS relation";
  /** Who the actor may see: active, not the actor, and not someone who blocked the actor. */
  private static final String VISIBLE = "u.id <> $1::uuid AND u.status = 'active' AND NOT EXISTS "
      + "(SELECT 1 FROM identity.blocks x WHERE x.blocker = u.id AND x.blocked = $1::uuid)";
  private static final String CODE_MATCH = "replace(upper(u.friend_code), '-', '') = $2";

  static final String SEARCH = "SELECT u.id, u.display_name, u.friend_code, " + RELATION
      + " FROM identity.users u WHERE " + VISIBLE + " AND (" + CODE_MATCH + " OR lower(u.display_name) LIKE lower($3))"
      + " ORDER BY " + CODE_MATCH + " DESC, lower(u.display_name), u.id LIMIT $4";
  static final String RELATION_TO = "SELECT u.id, u.display_name, u.friend_code, " + RELATION
      + " FROM identity.users u WHERE " + VISIBLE + " AND u.id = $2";

  static final String LIST_FRIENDS = "SELECT u.id, u.display_name, u.friend_code, f.since "
      + "FROM identity.friendships f "
      + "JOIN identity.users u ON u.id = CASE WHEN f.user_a = $1 THEN f.user_b ELSE f.user_a END "
      + "WHERE (f.user_a = $1 OR f.user_b = $1) AND u.status = 'active' ORDER BY lower(u.display_name), u.id";
  static final String LIST_INCOMING = "SELECT r.id, r.created_at, u.id AS user_id, u.display_name, u.friend_code "
      + "FROM identity.friend_requests r JOIN identity.users u ON u.id = r.from_user "
      + "WHERE r.to_user = $1 AND r.status = 'pending' AND u.status = 'active' ORDER BY r.created_at DESC, r.id";
  static final String LIST_OUTGOING = "SELECT r.id, r.created_at, u.id AS user_id, u.display_name, u.friend_code "
      + "FROM identity.friend_requests r JOIN identity.users u ON u.id = r.to_user "
      + "WHERE r.from_user = $1 AND r.status = 'pending' AND u.status = 'active' ORDER BY r.created_at DESC, r.id";
  static final String LIST_BLOCKED = "SELECT u.id, u.display_name, b.at FROM identity.blocks b "
      + "JOIN identity.users u ON u.id = b.blocked WHERE b.blocker = $1 ORDER BY lower(u.display_name), u.id";

  /** A user as the friends feature sees them; {@link #publicJson()} is all other users ever get. */
  record Person(UUID id, String displayName, String friendCode, String email, String lang, boolean active) {

    /** {@code {userId, displayName, friendCode}}: what any user may see of another. Never the email. */
    JsonObject publicJson() {
      return new JsonObject().put("userId", id.toString()).put("displayName", displayName).put("friendCode", friendCode);
    }

    /** {@link #publicJson()} plus {@code email} and {@code lang}: only for {@link FriendNotifier}. */
    JsonObject contactJson() {
      return publicJson().put("email", email).put("lang", lang);
    }
  }

  /** One row of {@code friend_requests}. */
  record FriendRequest(UUID id, UUID from, UUID to, String status, OffsetDateTime createdAt,
                       OffsetDateTime decidedAt) {
  }

  Future<Void> lockPair(SqlClient tx, UUID a, UUID b) {
    return tx.preparedQuery(LOCK_PAIR).execute(Tuple.of(a, b)).mapEmpty();
  }

  /** The user, or null. */
  Future<Person> userById(SqlClient client, UUID id) {
    return client.preparedQuery(USER_BY_ID).execute(Tuple.of(id)).map(FriendsRepository::person);
  }

  /** The user holding this friend code (already upper-cased, without the dash), or null. */
  Future<Person> userByCode(SqlClient client, String plainCode) {
    return client.preparedQuery(USER_BY_CODE).execute(Tuple.of(plainCode)).map(FriendsRepository::person);
  }

  Future<Boolean> blockedEither(SqlClient tx, UUID a, UUID b) {
    return tx.preparedQuery(BLOCKED_EITHER).execute(Tuple.of(a, b)).map(rows -> rows.size() > 0);
  }

  /** When {@code a} and {@code b} became friends, or null when they are not. */
  Future<OffsetDateTime> friendsSince(SqlClient client, UUID a, UUID b) {
    return client.preparedQuery(FRIENDS_SINCE).execute(Tuple.of(a, b)).map(FriendsRepository::since);
  }

  /** Makes them friends (no-op when they are); answers since when. */
  Future<OffsetDateTime> befriend(SqlClient tx, UUID a, UUID b) {
    return tx.preparedQuery(BEFRIEND).execute(Tuple.of(a, b)).map(FriendsRepository::since);
  }

  /** Ends the friendship; answers since when it lasted, or null when there was none. */
  Future<OffsetDateTime> unfriend(SqlClient tx, UUID a, UUID b) {
    return tx.preparedQuery(UNFRIEND).execute(Tuple.of(a, b)).map(FriendsRepository::since);
  }

  /** The request, or null. */
  Future<FriendRequest> requestById(SqlClient client, UUID id) {
    return client.preparedQuery(REQUEST_BY_ID).execute(Tuple.of(id)).map(FriendsRepository::request);
  }

  /** The pending request between the two, in either direction, or null. */
  Future<FriendRequest> pendingBetween(SqlClient tx, UUID a, UUID b) {
    return tx.preparedQuery(PENDING_BETWEEN).execute(Tuple.of(a, b)).map(FriendsRepository::request);
  }

  Future<FriendRequest> insertRequest(SqlClient tx, UUID id, UUID from, UUID to) {
    return tx.preparedQuery(INSERT_REQUEST).execute(Tuple.of(id, from, to)).map(FriendsRepository::request);
  }

  /** Moves a pending request to {@code status}; null when it was not pending. */
  Future<FriendRequest> decide(SqlClient tx, UUID id, String status) {
    return tx.preparedQuery(DECIDE).execute(Tuple.of(id, status)).map(FriendsRepository::request);
  }

  /** Closes every pending request between {@code blocker} and {@code other}; answers how many. */
  Future<Integer> closePendingBetween(SqlClient tx, UUID blocker, UUID other) {
    return tx.preparedQuery(CLOSE_PENDING_BETWEEN).execute(Tuple.of(blocker, other)).map(RowSet::rowCount);
  }

  Future<Void> deleteRequestNotification(SqlClient tx, UUID recipient, UUID requestId) {
    return tx.preparedQuery(DELETE_REQUEST_NOTIFICATION).execute(Tuple.of(recipient, requestId.toString()))
        .mapEmpty();
  }

  Future<Void> block(SqlClient tx, UUID blocker, UUID blocked) {
    return tx.preparedQuery(INSERT_BLOCK).execute(Tuple.of(blocker, blocked)).mapEmpty();
  }

  /** Answers whether there was a block to lift. */
  Future<Boolean> unblock(SqlClient client, UUID blocker, UUID blocked) {
    return client.preparedQuery(DELETE_BLOCK).execute(Tuple.of(blocker, blocked)).map(rows -> rows.rowCount() > 0);
  }

  /** {@code [{userId, displayName, friendCode, relation}]}, exact friend-code match first. */
  Future<JsonArray> search(SqlClient client, UUID actor, String plainCode, String namePattern, int limit) {
    return client.preparedQuery(SEARCH).execute(Tuple.of(actor, plainCode, namePattern, (long) limit))
        .map(FriendsRepository::relations);
  }

  /** {@code {userId, displayName, friendCode, relation}} of one user the actor may see, or null. */
  Future<JsonObject> relationTo(SqlClient client, UUID actor, UUID other) {
    return client.preparedQuery(RELATION_TO).execute(Tuple.of(actor, other))
        .map(rows -> rows.size() == 0 ? null : relations(rows).getJsonObject(0));
  }

  /** {@code [{userId, displayName, friendCode, since, presence}]} by display name. */
  Future<JsonArray> friends(SqlClient client, UUID actor) {
    return client.preparedQuery(LIST_FRIENDS).execute(Tuple.of(actor)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(userJson(r, "id").put("since", FriendsService.time(r.getOffsetDateTime("since")))
            .put("presence", FriendsService.PRESENCE_OFFLINE));
      }
      return out;
    });
  }

  /** Pending requests to the actor: {@code [{id, from:{...}, createdAt}]}, newest first. */
  Future<JsonArray> incoming(SqlClient client, UUID actor) {
    return pending(client, LIST_INCOMING, actor, "from");
  }

  /** Pending requests from the actor: {@code [{id, to:{...}, createdAt}]}, newest first. */
  Future<JsonArray> outgoing(SqlClient client, UUID actor) {
    return pending(client, LIST_OUTGOING, actor, "to");
  }

  /** {@code [{userId, displayName, since}]} of the users the actor blocked, by display name. */
  Future<JsonArray> blocked(SqlClient client, UUID actor) {
    return client.preparedQuery(LIST_BLOCKED).execute(Tuple.of(actor)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("userId", r.getUUID("id").toString())
            .put("displayName", r.getString("display_name"))
            .put("since", FriendsService.time(r.getOffsetDateTime("at"))));
      }
      return out;
    });
  }

  private static Future<JsonArray> pending(SqlClient client, String sql, UUID actor, String side) {
    return client.preparedQuery(sql).execute(Tuple.of(actor)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("id", r.getUUID("id").toString()).put(side, userJson(r, "user_id"))
            .put("createdAt", FriendsService.time(r.getOffsetDateTime("created_at"))));
      }
      return out;
    });
  }

  private static JsonArray relations(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      out.add(userJson(r, "id").put("relation", r.getString("relation")));
    }
    return out;
  }

  private static JsonObject userJson(Row r, String idColumn) {
    return new JsonObject().put("userId", r.getUUID(idColumn).toString())
        .put("displayName", r.getString("display_name")).put("friendCode", r.getString("friend_code"));
  }

  private static Person person(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    return new Person(r.getUUID("id"), r.getString("display_name"), r.getString("friend_code"),
        r.getString("email"), r.getString("lang"), "active".equals(r.getString("status")));
  }

  private static FriendRequest request(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    return new FriendRequest(r.getUUID("id"), r.getUUID("from_user"), r.getUUID("to_user"), r.getString("status"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("decided_at"));
  }

  private static OffsetDateTime since(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("since");
  }
}

package kstore.identity.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import kstore.contracts.ErrorCode;
import kstore.contracts.EventEnvelope;
import kstore.contracts.ServiceError;
import kstore.contracts.identity.IdentityAddresses;
import kstore.identity.friends.FriendsRepository.FriendRequest;
import kstore.identity.friends.FriendsRepository.Person;
import kstore.platform.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Friends (S2.4, S2.6): find people, ask them to be friends, and become friends only when they accept.
 * Every method acts for {@code actor}, a user id the caller has already authenticated, and answers a JSON
 * object or fails with {@link ServiceError}. Requests the actor is not a party to answer NOT_FOUND, so their
 * existence is never revealed.
 *
 * <p>Each change commits in one transaction together with its in-app notification and outbox event, under the
 * pair's advisory lock: two accepts at once, or requests crossing in opposite directions, make one friendship.
 * Mail and push ({@link FriendNotifier}) run after the commit.
 *
 * <p>Repeating a decision answers the same result again (accepting an accepted request whose friendship still
 * stands, declining a declined one, cancelling a cancelled one); any other decision on a request that is no
 * longer pending is a CONFLICT.
 */
public final class FriendsService {
  private static final Logger LOG = LoggerFactory.getLogger(FriendsService.class);

  public static final int DEFAULT_SEARCH_LIMIT = 20;
  public static final int MAX_SEARCH_LIMIT = 50;
  public static final int MAX_QUERY_LENGTH = 100;
  /** Notification kinds written by this service. */
  public static final String KIND_REQUEST = "friend.request";
  public static final String KIND_ACCEPTED = "friend.accepted";
  /** Outbox event types on {@link IdentityAddresses#TOPIC}; data {@code {users:[a, b], since}}. */
  public static final String EVENT_FRIENDSHIP_STARTED = "identity.friendship-started";
  public static final String EVENT_FRIENDSHIP_ENDED = "identity.friendship-ended";
  /** Presence is not tracked yet (chat will); every friend shows as offline. */
  static final String PRESENCE_OFFLINE = "offline";
  /** Neutral on purpose: neither side learns who blocked whom. */
  static final String CANNOT_REQUEST = "You cannot send a friend request to this user";

  private final Pool pool;
  private final FriendNotifier notifier;
  private final FriendsRepository repository = new FriendsRepository();

  public FriendsService(Pool pool, FriendNotifier notifier) {
    this.pool = pool;
    this.notifier = notifier == null ? FriendNotifier.NONE : notifier;
  }

  /**
   * People matching {@code q}: an exact friend code (any case, dash optional) or a display-name prefix (any case).
   * Answers {@code {users:[{userId, displayName, friendCode, relation}]}} with relation none|friend|requested|
   * incoming|blocked, the friend-code match first, then by display name. Never lists the actor, disabled users or
   * anyone who blocked the actor.
   */
  public Future<JsonObject> search(UUID actor, String q, int limit) {
    String text = q == null ? "" : q.strip();
    if (text.isEmpty() || text.length() > MAX_QUERY_LENGTH) {
      return fail(ErrorCode.VALIDATION, "q must be 1 to " + MAX_QUERY_LENGTH + " characters");
    }
    if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
      return fail(ErrorCode.VALIDATION, "limit must be between 1 and " + MAX_SEARCH_LIMIT);
    }
    return repository.search(pool, actor, plainCode(text), likePrefix(text), limit)
        .map(users -> new JsonObject().put("users", users));
  }

  /**
   * How the actor stands to one user: {@code {user:{userId, displayName, friendCode, relation}}}; NOT_FOUND for
   * unknown or disabled users and for users who blocked the actor (the same rules as {@link #search}).
   */
  public Future<JsonObject> relation(UUID actor, String userId) {
    UUID other = uuidOrNull(userId);
    if (other == null) {
      return fail(ErrorCode.VALIDATION, "userId must be a user id");
    }
    return repository.relationTo(pool, actor, other).compose(user -> user == null
        ? fail(ErrorCode.NOT_FOUND, "No such user")
        : Future.succeededFuture(new JsonObject().put("user", user)));
  }

  /**
   * Asks {@code body.userId} or {@code body.friendCode} to be friends. Answers
   * {@code {request:{id, status:"pending", from, to, createdAt}}}; the same pending request again when it already
   * exists; and when the other side had already asked the actor, accepts that request instead and answers
   * {@code {request:{... status:"accepted"}, friend:{...}}} (see {@link #accept}).
   */
  public Future<JsonObject> request(UUID actor, JsonObject body) {
    if (body == null) {
      return fail(ErrorCode.VALIDATION, "request body must be a JSON object");
    }
    Object userId = body.getValue("userId");
    Object friendCode = body.getValue("friendCode");
    if ((userId == null) == (friendCode == null)) {
      return fail(ErrorCode.VALIDATION, "give either userId or friendCode");
    }
    UUID targetId = null;
    String code = null;
    if (userId != null) {
      targetId = userId instanceof String s ? uuidOrNull(s.strip()) : null;
      if (targetId == null) {
        return fail(ErrorCode.VALIDATION, "userId must be a user id");
      }
      if (targetId.equals(actor)) {
        return fail(ErrorCode.VALIDATION, "You cannot send a friend request to yourself");
      }
    } else {
      code = friendCode instanceof String s ? plainCode(s) : "";
      if (code.isEmpty() || code.length() > MAX_QUERY_LENGTH) {
        return fail(ErrorCode.VALIDATION, "friendCode must be a friend code such as K7Q2-M9XD");
      }
    }
    UUID byId = targetId;
    String byCode = code;
    return write(tx -> repository.userById(tx, actor).compose(me -> {
      if (me == null || !me.active()) {
        return fail(ErrorCode.UNAUTHENTICATED, "Your account is not active");
      }
      Future<Person> target = byId != null ? repository.userById(tx, byId) : repository.userByCode(tx, byCode);
      return target.compose(other -> {
        if (other == null || !other.active()) {
          return fail(ErrorCode.NOT_FOUND, byId != null ? "No user with this id" : "No user with this friend code");
        }
        if (other.id().equals(actor)) {
          return fail(ErrorCode.VALIDATION, "You cannot send a friend request to yourself");
        }
        return repository.lockPair(tx, actor, other.id())
            .compose(v -> repository.blockedEither(tx, actor, other.id()))
            .compose(blocked -> blocked ? fail(ErrorCode.FORBIDDEN, CANNOT_REQUEST)
                : repository.friendsSince(tx, actor, other.id()).compose(since -> since != null
                    ? fail(ErrorCode.CONFLICT, "You are already friends with this user")
                    : repository.pendingBetween(tx, actor, other.id())))
            .compose(pending -> {
              if (pending == null) {
                return send(tx, me, other);
              }
              if (pending.from().equals(actor)) {
                return Future.succeededFuture(Outcome.of(new JsonObject().put("request", requestJson(pending, me, other))));
              }
              return acceptPending(tx, pending, other, me);
            });
      });
    }));
  }

  /**
   * The recipient accepts a pending request: they become friends. Answers
   * {@code {request:{id, status:"accepted", from, to, createdAt, decidedAt}, friend:{userId, displayName,
   * friendCode, since, presence}}}. NOT_FOUND unless the actor is the request's recipient.
   */
  public Future<JsonObject> accept(UUID actor, String requestId) {
    UUID id = uuidOrNull(requestId);
    if (id == null) {
      return fail(ErrorCode.VALIDATION, "requestId must be a friend request id");
    }
    return write(tx -> lockedRequest(tx, id, actor, true).compose(current -> {
      Future<Person> sender = repository.userById(tx, current.from());
      return sender.compose(from -> repository.userById(tx, current.to()).compose(to -> {
        if (from == null || !from.active()) {
          return fail(ErrorCode.NOT_FOUND, "No such friend request");
        }
        if ("pending".equals(current.status())) {
          return acceptPending(tx, current, from, to);
        }
        if ("accepted".equals(current.status())) {
          return repository.friendsSince(tx, from.id(), to.id()).compose(since -> since == null
              ? notPending()
              : Future.succeededFuture(Outcome.of(accepted(current, from, to, since))));
        }
        return notPending();
      }));
    }));
  }

  /** The recipient turns a pending request down: {@code {request:{... status:"declined"}}}. The sender is not told. */
  public Future<JsonObject> decline(UUID actor, String requestId) {
    return close(actor, requestId, true, "declined");
  }

  /** The sender withdraws a pending request: {@code {request:{... status:"cancelled"}}}. */
  public Future<JsonObject> cancel(UUID actor, String requestId) {
    return close(actor, requestId, false, "cancelled");
  }

  /** Ends a friendship: {@code {userId, removed:true}}; NOT_FOUND when the actor is not friends with them. */
  public Future<JsonObject> remove(UUID actor, String friendUserId) {
    UUID other = uuidOrNull(friendUserId);
    if (other == null) {
      return fail(ErrorCode.VALIDATION, "userId must be a user id");
    }
    return write(tx -> repository.lockPair(tx, actor, other)
        .compose(v -> repository.unfriend(tx, actor, other))
        .compose(since -> since == null ? fail(ErrorCode.NOT_FOUND, "You are not friends with this user")
            : friendshipEvent(tx, EVENT_FRIENDSHIP_ENDED, actor, other, since)
                .map(v -> Outcome.of(new JsonObject().put("userId", other.toString()).put("removed", true)))));
  }

  /**
   * Blocks a user: ends the friendship and every pending request between them, and keeps them from asking
   * again or finding the actor. Answers {@code {userId, blocked:true}}; blocking twice is harmless.
   */
  public Future<JsonObject> block(UUID actor, String userId) {
    UUID other = uuidOrNull(userId);
    if (other == null) {
      return fail(ErrorCode.VALIDATION, "userId must be a user id");
    }
    if (other.equals(actor)) {
      return fail(ErrorCode.VALIDATION, "You cannot block yourself");
    }
    return write(tx -> repository.userById(tx, other).compose(user -> user == null
        ? fail(ErrorCode.NOT_FOUND, "No user with this id")
        : repository.lockPair(tx, actor, other)
            .compose(v -> repository.unfriend(tx, actor, other))
            .compose(since -> since == null ? Future.<Void>succeededFuture()
                : friendshipEvent(tx, EVENT_FRIENDSHIP_ENDED, actor, other, since))
            .compose(v -> repository.closePendingBetween(tx, actor, other))
            .compose(n -> repository.block(tx, actor, other))
            .map(v -> Outcome.of(new JsonObject().put("userId", other.toString()).put("blocked", true)))));
  }

  /** Lifts a block: {@code {userId, blocked:false}}, also when there was none. */
  public Future<JsonObject> unblock(UUID actor, String userId) {
    UUID other = uuidOrNull(userId);
    if (other == null) {
      return fail(ErrorCode.VALIDATION, "userId must be a user id");
    }
    return repository.unblock(pool, actor, other)
        .map(v -> new JsonObject().put("userId", other.toString()).put("blocked", false));
  }

  /**
   * The actor's friends page: {@code {friends:[{userId, displayName, friendCode, since, presence}],
   * incoming:[{id, from:{userId, displayName, friendCode}, createdAt}], outgoing:[{id, to:{...}, createdAt}],
   * blocked:[{userId, displayName, since}]}}. Friends and blocked by display name, requests newest first;
   * disabled users are left out of friends and requests.
   */
  public Future<JsonObject> list(UUID actor) {
    Future<JsonArray> friends = repository.friends(pool, actor);
    Future<JsonArray> incoming = repository.incoming(pool, actor);
    Future<JsonArray> outgoing = repository.outgoing(pool, actor);
    Future<JsonArray> blocked = repository.blocked(pool, actor);
    return Future.all(friends, incoming, outgoing, blocked).map(all -> new JsonObject()
        .put("friends", friends.result()).put("incoming", incoming.result())
        .put("outgoing", outgoing.result()).put("blocked", blocked.result()));
  }

  // ---- transactions -------------------------------------------------------------------------------------------

  /** A committed change's reply and what to tell people once it is committed. */
  private record Outcome(JsonObject reply, Runnable afterCommit) {
    static Outcome of(JsonObject reply) {
      return new Outcome(reply, () -> { });
    }
  }

  private Future<JsonObject> write(Function<SqlClient, Future<Outcome>> work) {
    return pool.withTransaction(work::apply).recover(FriendsService::raced).map(outcome -> {
      try {
        outcome.afterCommit().run();
      } catch (RuntimeException e) {
        LOG.warn("friend notifier failed (the change is committed): {}", e.toString());
      }
      return outcome.reply();
    });
  }

  /** Inserts a new request, notifies the recipient in-app, and mails/pushes after commit. */
  private Future<Outcome> send(SqlClient tx, Person me, Person other) {
    return repository.insertRequest(tx, UUID.randomUUID(), me.id(), other.id()).compose(created ->
        NotificationsService.append(tx, other.id(), KIND_REQUEST, new JsonObject()
                .put("requestId", created.id().toString()).put("from", me.publicJson()))
            .map(n -> new Outcome(new JsonObject().put("request", requestJson(created, me, other)),
                () -> notifier.friendRequested(other.contactJson(), me.contactJson(), created.id().toString()))));
  }

  /** Accepts a pending request inside the pair lock: friendship, notification to the sender, outbox event. */
  private Future<Outcome> acceptPending(SqlClient tx, FriendRequest pending, Person sender, Person recipient) {
    return repository.decide(tx, pending.id(), "accepted").compose(decided -> decided == null ? notPending()
        : repository.befriend(tx, sender.id(), recipient.id()).compose(since ->
            NotificationsService.append(tx, sender.id(), KIND_ACCEPTED, new JsonObject()
                    .put("requestId", decided.id().toString()).put("friend", recipient.publicJson()))
                .compose(n -> friendshipEvent(tx, EVENT_FRIENDSHIP_STARTED, sender.id(), recipient.id(), since))
                .map(v -> new Outcome(accepted(decided, sender, recipient, since),
                    () -> notifier.friendAccepted(sender.contactJson(), recipient.contactJson())))));
  }

  /** Decline (recipient) or cancel (sender). */
  private Future<JsonObject> close(UUID actor, String requestId, boolean asRecipient, String status) {
    UUID id = uuidOrNull(requestId);
    if (id == null) {
      return fail(ErrorCode.VALIDATION, "requestId must be a friend request id");
    }
    return write(tx -> lockedRequest(tx, id, actor, asRecipient).compose(current -> {
      Future<FriendRequest> decided;
      if ("pending".equals(current.status())) {
        decided = repository.decide(tx, id, status).compose(r -> asRecipient ? Future.succeededFuture(r)
            : repository.deleteRequestNotification(tx, r.to(), id).map(v -> r));
      } else if (status.equals(current.status())) {
        decided = Future.succeededFuture(current);
      } else {
        return notPending();
      }
      return decided.compose(r -> repository.userById(tx, r.from()).compose(from -> repository.userById(tx, r.to())
          .map(to -> Outcome.of(new JsonObject().put("request", requestJson(r, from, to))))));
    }));
  }

  /**
   * The request, read again after taking its pair's lock so its status is current; NOT_FOUND unless the actor is
   * its recipient ({@code asRecipient}) or its sender.
   */
  private Future<FriendRequest> lockedRequest(SqlClient tx, UUID id, UUID actor, boolean asRecipient) {
    return repository.requestById(tx, id).compose(r -> {
      if (r == null || !(asRecipient ? r.to() : r.from()).equals(actor)) {
        return fail(ErrorCode.NOT_FOUND, "No such friend request");
      }
      return repository.lockPair(tx, r.from(), r.to()).compose(v -> repository.requestById(tx, id));
    });
  }

  private static Future<Void> friendshipEvent(SqlClient tx, String type, UUID a, UUID b, OffsetDateTime since) {
    JsonObject event = EventEnvelope.of(type, 1, new JsonObject()
        .put("users", new JsonArray().add(a.toString()).add(b.toString())).put("since", time(since)));
    return OutboxRelay.append(tx, "identity", IdentityAddresses.TOPIC, a.toString(), event);
  }

  /** The unique indexes are the backstop behind the pair lock: a duplicate means someone else got there first. */
  private static <T> Future<T> raced(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return fail(ErrorCode.CONFLICT, "This changed at the same time elsewhere; try again");
    }
    return Future.failedFuture(err);
  }

  // ---- JSON ---------------------------------------------------------------------------------------------------

  private static JsonObject accepted(FriendRequest r, Person sender, Person recipient, OffsetDateTime since) {
    return new JsonObject().put("request", requestJson(r, sender, recipient))
        .put("friend", sender.publicJson().put("since", time(since)).put("presence", PRESENCE_OFFLINE));
  }

  /** {@code {id, status, from:{userId, displayName, friendCode}, to:{...}, createdAt, decidedAt?}}. */
  private static JsonObject requestJson(FriendRequest r, Person from, Person to) {
    JsonObject json = new JsonObject().put("id", r.id().toString()).put("status", r.status())
        .put("from", from.publicJson()).put("to", to.publicJson()).put("createdAt", time(r.createdAt()));
    if (r.decidedAt() != null) {
      json.put("decidedAt", time(r.decidedAt()));
    }
    return json;
  }

  static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  /** A friend code as stored for search: upper case, no dash or spaces. */
  static String plainCode(String code) {
    return code.strip().replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /** A LIKE pattern matching names that start with {@code text} literally. */
  static String likePrefix(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  static UUID uuidOrNull(String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static <T> Future<T> notPending() {
    return fail(ErrorCode.CONFLICT, "This friend request is no longer pending");
  }

  private static <T> Future<T> fail(ErrorCode code, String message) {
    return Future.failedFuture(ServiceError.of(code, message));
  }
}

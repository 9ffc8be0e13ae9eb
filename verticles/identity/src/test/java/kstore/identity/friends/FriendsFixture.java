package kstore.identity.friends;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.devstack.DevStack;
import kstore.platform.Pg;
import kstore.platform.PgConfig;

/**
 * The identity schema on this JVM's dev-stack PostgreSQL, and users inserted straight into it (the account
 * service is not needed to test friends). Every user gets a fresh id, friend code and a display name starting
 * with this fixture's own tag, so tests never see each other's users.
 */
final class FriendsFixture implements AutoCloseable {
  private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  final Vertx vertx = Vertx.vertx();
  final Pool pool;
  /** Starts every display name made here; search for it to see only this fixture's users. */
  final String tag = "T" + code().substring(0, 4) + code().substring(5, 8);

  /** A user as inserted: what the tests need to know about them. */
  record User(UUID id, String displayName, String friendCode, String email) {
    String idText() {
      return id.toString();
    }
  }

  FriendsFixture() {
    PgConfig pg = PgConfig.from(DevStack.shared().config());
    await(Pg.migrate(vertx, pg, "identity"));
    pool = Pg.pool(vertx, pg);
  }

  /** An active user named "{tag} {name}". */
  User user(String name) {
    return user(name, "active");
  }

  User user(String name, String status) {
    UUID id = UUID.randomUUID();
    String displayName = tag + " " + name;
    String friendCode = code();
    String email = name.toLowerCase() + "." + id + "@example.test";
    await(pool.preparedQuery("INSERT INTO identity.users (id, email, display_name, friend_code, residence_country, "
        + "lang, status) VALUES ($1, $2, $3, $4, 'KR', 'ko', $5)")
        .execute(Tuple.of(id, email, displayName, friendCode, status)));
    return new User(id, displayName, friendCode, email);
  }

  /** Number of rows a single-count query answers. */
  long count(String sql, Object... params) {
    Row row = await(pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next();
    return row.getLong(0);
  }

  long friendshipRows(User a, User b) {
    return count("SELECT count(*) FROM identity.friendships WHERE (user_a = $1 AND user_b = $2) "
        + "OR (user_a = $2 AND user_b = $1)", a.id(), b.id());
  }

  long pendingBetween(User a, User b) {
    return count("SELECT count(*) FROM identity.friend_requests WHERE status = 'pending' AND "
        + "((from_user = $1 AND to_user = $2) OR (from_user = $2 AND to_user = $1))", a.id(), b.id());
  }

  long notifications(User user, String kind) {
    return count("SELECT count(*) FROM identity.notifications WHERE user_id = $1 AND kind = $2", user.id(), kind);
  }

  /** A random code in the store's format, e.g. K7Q2-M9XD. */
  static String code() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        b.append('-');
      }
      b.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
    }
    return b.toString();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The failure of a future expected to fail. */
  static Throwable failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /** The error code a future expected to fail fails with. */
  static ErrorCode errorOf(Future<?> future) {
    return ServiceError.codeOf(failure(future));
  }

  static JsonObject body(String key, Object value) {
    return new JsonObject().put(key, value);
  }

  @Override
  public void close() {
    await(pool.close());
    await(vertx.close());
  }
}

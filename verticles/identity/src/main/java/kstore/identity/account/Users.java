package kstore.identity.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes {@code identity.users}, {@code identities} and {@code audit}; prepared statements only. */
public final class Users {
  private static final String FRIEND_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;

  public Users(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Optional<User>> byId(SqlClient client, UUID id) {
    return one(client, "SELECT " + User.COLUMNS + " FROM identity.users WHERE id = $1", Tuple.of(id));
  }

  public Future<Optional<User>> byId(UUID id) {
    return byId(pool, id);
  }

  public Future<Optional<User>> byEmail(SqlClient client, String email) {
    return one(client, "SELECT " + User.COLUMNS + " FROM identity.users WHERE email = $1", Tuple.of(email));
  }

  public Future<Optional<User>> byIdentity(String provider, String subject) {
    return one(pool, "SELECT " + prefixed("u") + " FROM identity.users u JOIN identity.identities i ON i.user_id = u.id"
        + " WHERE i.provider = $1 AND i.subject = $2", Tuple.of(provider, subject));
  }

  /** Inserts a new account with a fresh friend code (retried on the rare code collision). */
  public Future<User> insert(SqlClient tx, UUID id, String email, boolean verified, String displayName,
                             String passwordHash, String country, String lang, String[] roles) {
    return insertAttempt(tx, id, email, verified, displayName, passwordHash, country, lang, roles, 0);
  }

  private Future<User> insertAttempt(SqlClient tx, UUID id, String email, boolean verified, String displayName,
                                     String passwordHash, String country, String lang, String[] roles, int attempt) {
    String code = friendCode();
    return tx.preparedQuery("INSERT INTO identity.users (id, email, email_verified, display_name, friend_code, "
            + "password_hash, residence_country, lang, roles) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
            + "ON CONFLICT (friend_code) DO NOTHING RETURNING " + User.COLUMNS)
        .execute(Tuple.tuple().addUUID(id).addString(email).addBoolean(verified).addString(displayName)
            .addString(code).addString(passwordHash).addString(country).addString(lang).addArrayOfString(roles))
        .compose(rows -> {
          if (rows.rowCount() == 1) {
            return Future.succeededFuture(User.of(rows.iterator().next()));
          }
          if (attempt >= 5) {
            return Future.failedFuture(new IllegalStateException("no free friend code after 6 attempts"));
          }
          return insertAttempt(tx, id, email, verified, displayName, passwordHash, country, lang, roles, attempt + 1);
        });
  }

  public Future<Void> link(SqlClient tx, String provider, String subject, UUID userId, String email) {
    return tx.preparedQuery("INSERT INTO identity.identities (provider, subject, user_id, email) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT (provider, subject) DO NOTHING")
        .execute(Tuple.of(provider, subject, userId, email)).mapEmpty();
  }

  public Future<RowSet<Row>> identitiesOf(UUID userId) {
    return pool.preparedQuery("SELECT provider, email, linked_at FROM identity.identities WHERE user_id = $1 "
        + "ORDER BY linked_at").execute(Tuple.of(userId));
  }

  /** Appends one audit row (sign-ins, failures, token reuse, residence and role changes). */
  public Future<Void> audit(SqlClient client, UUID userId, String kind, String ip, JsonObject detail) {
    return client.preparedQuery("INSERT INTO identity.audit (user_id, kind, ip, detail) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(userId, kind, ip, detail == null ? new JsonObject() : detail)).mapEmpty();
  }

  public Future<Void> audit(UUID userId, String kind, String ip, JsonObject detail) {
    return audit(pool, userId, kind, ip, detail);
  }

  /** True when a failure is a unique violation (SQLSTATE 23505) of the named constraint or index. */
  public static boolean uniqueViolation(Throwable e, String constraint) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }

  static String friendCode() {
    StringBuilder sb = new StringBuilder(9);
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        sb.append('-');
      }
      sb.append(FRIEND_CODE_ALPHABET.charAt(RANDOM.nextInt(FRIEND_CODE_ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String prefixed(String alias) {
    StringBuilder sb = new StringBuilder();
    for (String c : User.COLUMNS.split(", ")) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(alias).append('.').append(c);
    }
    return sb.toString();
  }

  private static Future<Optional<User>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args)
        .map(rows -> rows.rowCount() == 0 ? Optional.<User>empty() : Optional.of(User.of(rows.iterator().next())));
  }
}

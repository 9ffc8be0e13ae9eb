package kstore.identity.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;

/**
 * Mobile credentials. Access tokens are HS256 JWTs ({@code sub}, {@code epoch}, at most 15 minutes); the epoch
 * must still equal the account's {@code token_epoch}, so "sign out everywhere" kills them at once. Refresh tokens
 * are random, stored as SHA-256, rotated on every use within a family; presenting a used one again revokes the
 * whole family (someone copied it).
 */
public final class Tokens {
  static final String ISSUER = "kstore";
  static final String AUDIENCE = "kstore-api";

  private final JWTAuth jwt;
  private final Duration accessTtl;
  private final Duration refreshTtl;

  public Tokens(Vertx vertx, String secret, Duration accessTtl, Duration refreshTtl) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).addAudience(AUDIENCE)));
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
  }

  /** Loads the configured signing secret, or the one generated for this store on its first start. */
  public static Future<String> secret(Pool pool, String configured) {
    if (configured != null) {
      return Future.succeededFuture(configured);
    }
    return pool.preparedQuery("INSERT INTO identity.settings (name, value) VALUES ('jwt-secret', $1) "
            + "ON CONFLICT (name) DO NOTHING").execute(Tuple.of(Secrets.token() + Secrets.token()))
        .compose(v -> pool.preparedQuery("SELECT value FROM identity.settings WHERE name = 'jwt-secret'").execute())
        .map(rows -> rows.iterator().next().getString("value"));
  }

  public String access(User user) {
    return jwt.generateToken(new JsonObject().put("epoch", user.tokenEpoch()),
        new JWTOptions().setAlgorithm("HS256").setSubject(user.id().toString()).setIssuer(ISSUER)
            .addAudience(AUDIENCE).setExpiresInSeconds((int) accessTtl.toSeconds()));
  }

  public long accessTtlSeconds() {
    return accessTtl.toSeconds();
  }

  /** The verified claims of an access token ({@code sub}, {@code epoch}, {@code exp}), or UNAUTHENTICATED. */
  public Future<JsonObject> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        // the JWT provider keeps exp (and iat, nbf) among the user's attributes, not in its principal
        .map(user -> user.principal().copy().put("exp", user.attributes().getLong("exp")))
        .recover(e -> Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED,
            "The access token is not valid or has expired; refresh it or sign in again")));
  }

  /** Starts a refresh-token family (a sign-in) or continues one (a rotation); answers the token. */
  public Future<String> issueRefresh(SqlClient tx, UUID userId, UUID family, String client) {
    String token = Secrets.token();
    return tx.preparedQuery("INSERT INTO identity.refresh_tokens (id, family, user_id, token_hash, client, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(UUID.randomUUID(), family, userId, io.vertx.core.buffer.Buffer.buffer(Secrets.sha256(token)),
            client, OffsetDateTime.now(ZoneOffset.UTC).plus(refreshTtl)))
        .map(token);
  }

  /** The outcome of presenting a refresh token. */
  public record Presented(UUID userId, UUID family, boolean reused) {
  }

  /**
   * Marks a refresh token used (in the caller's transaction, row locked). A token already used or revoked is
   * reuse: the whole family is revoked and {@code reused} is true. Unknown or expired tokens fail.
   */
  public Future<Presented> present(SqlClient tx, String token) {
    return tx.preparedQuery("SELECT id, family, user_id, expires_at, used_at, revoked_at FROM identity.refresh_tokens"
            + " WHERE token_hash = $1 FOR UPDATE")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Secrets.sha256(token))))
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED,
                "The refresh token is not valid; sign in again"));
          }
          Row row = rows.iterator().next();
          UUID family = row.getUUID("family");
          UUID userId = row.getUUID("user_id");
          if (row.getOffsetDateTime("used_at") != null || row.getOffsetDateTime("revoked_at") != null) {
            return revokeFamily(tx, family).map(n -> new Presented(userId, family, true));
          }
          if (row.getOffsetDateTime("expires_at").isBefore(OffsetDateTime.now(ZoneOffset.UTC))) {
            return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED,
                "The refresh token has expired; sign in again"));
          }
          return tx.preparedQuery("UPDATE identity.refresh_tokens SET used_at = now() WHERE id = $1")
              .execute(Tuple.of(row.getUUID("id"))).map(v -> new Presented(userId, family, false));
        });
  }

  public Future<Integer> revokeFamily(SqlClient client, UUID family) {
    return client.preparedQuery("UPDATE identity.refresh_tokens SET revoked_at = now() WHERE family = $1 "
        + "AND revoked_at IS NULL").execute(Tuple.of(family)).map(r -> r.rowCount());
  }

  /** Revokes the family of one token (logout of one app); unknown tokens are ignored. */
  public Future<Integer> revokeByToken(SqlClient client, String token) {
    return client.preparedQuery("UPDATE identity.refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND "
            + "family = (SELECT family FROM identity.refresh_tokens WHERE token_hash = $1)")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Secrets.sha256(token)))).map(r -> r.rowCount());
  }

  public Future<Integer> revokeAll(SqlClient client, UUID userId) {
    return client.preparedQuery("UPDATE identity.refresh_tokens SET revoked_at = now() WHERE user_id = $1 "
        + "AND revoked_at IS NULL").execute(Tuple.of(userId)).map(r -> r.rowCount());
  }
}

package kstore.identity.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Browser sessions in Redis: the cookie holds a random token, Redis holds {@code sha256(token) → {userId, csrf}}
 * with a sliding idle timeout, plus each user's set of session keys so "sign out everywhere" can end them all.
 */
public final class Sessions {
  private static final String KEY = "kstore:identity:session:";
  private static final String USER_SET = "kstore:identity:user-sessions:";

  private final RedisAPI redis;
  private final Duration idle;

  public Sessions(RedisAPI redis, Duration idle) {
    this.redis = redis;
    this.idle = idle;
  }

  /** A new session for {@code userId}: the cookie value and the CSRF token the page must echo on writes. */
  public record Created(String token, String csrf) {
  }

  public Future<Created> create(UUID userId, String ip) {
    String token = Secrets.token();
    String csrf = Secrets.token();
    String hash = Secrets.sha256Hex(token);
    JsonObject value = new JsonObject().put("userId", userId.toString()).put("csrf", csrf)
        .put("createdAt", Instant.now().toString()).put("ip", ip);
    String seconds = Long.toString(idle.toSeconds());
    return redis.set(List.of(KEY + hash, value.encode(), "EX", seconds))
        .compose(ok -> redis.sadd(List.of(USER_SET + userId, hash)))
        .compose(ok -> redis.expire(List.of(USER_SET + userId, seconds)))
        .map(ok -> new Created(token, csrf));
  }

  /** The session of a cookie value (its idle timer restarts), or empty when it ended or never existed. */
  public Future<Optional<JsonObject>> touch(String token) {
    return redis.getex(List.of(KEY + Secrets.sha256Hex(token), "EX", Long.toString(idle.toSeconds())))
        .map(r -> r == null ? Optional.<JsonObject>empty() : Optional.of(new JsonObject(r.toString())));
  }

  public Future<Void> end(String token) {
    String hash = Secrets.sha256Hex(token);
    return redis.getdel(KEY + hash).compose(r -> {
      if (r == null) {
        return Future.succeededFuture();
      }
      String userId = new JsonObject(r.toString()).getString("userId");
      return redis.srem(List.of(USER_SET + userId, hash)).mapEmpty();
    });
  }

  /** Ends every browser session of a user; answers how many there were. */
  public Future<Integer> endAll(UUID userId) {
    return redis.smembers(USER_SET + userId).compose(members -> {
      List<String> keys = new ArrayList<>();
      for (Response m : members) {
        keys.add(KEY + m.toString());
      }
      keys.add(USER_SET + userId);
      return redis.del(keys).map(r -> keys.size() - 1);
    });
  }
}

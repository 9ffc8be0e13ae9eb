package kstore.identity.account;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Sign-in throttling in Redis, per account and per client address: failures are counted in a window; at the
 * limit a lockout key is set, and while it lives sign-in answers ACCOUNT_LOCKED with the seconds left. A success
 * clears the account's count (not the address's: one good password must not unlock guessing at others).
 */
public final class Throttle {
  private static final String FAIL = "kstore:identity:fail:";
  private static final String LOCK = "kstore:identity:lock:";

  private final RedisAPI redis;
  private final int maxAccount;
  private final int maxIp;
  private final Duration window;
  private final Duration lockout;

  public Throttle(RedisAPI redis, int maxAccount, int maxIp, Duration window, Duration lockout) {
    this.redis = redis;
    this.maxAccount = maxAccount;
    this.maxIp = maxIp;
    this.window = window;
    this.lockout = lockout;
  }

  /** Seconds until the account or the address may try again; 0 when neither is locked. */
  public Future<Long> lockedFor(String email, String ip) {
    return ttl(LOCK + "acct:" + key(email)).compose(a -> ip == null
        ? Future.succeededFuture(a)
        : ttl(LOCK + "ip:" + ip).map(b -> Math.max(a, b)));
  }

  /** Counts a failure; answers the lockout in seconds when this failure reached a limit, else 0. */
  public Future<Long> failed(String email, String ip) {
    Future<Long> account = count("acct:" + key(email), maxAccount);
    Future<Long> address = ip == null ? Future.succeededFuture(0L) : count("ip:" + ip, maxIp);
    return Future.all(account, address).map(v -> Math.max(account.result(), address.result()));
  }

  public Future<Void> succeeded(String email) {
    return redis.del(List.of(FAIL + "acct:" + key(email))).mapEmpty();
  }

  /** Clears the account's failures and lockout (after a password reset). */
  public Future<Void> clear(String email) {
    return redis.del(List.of(FAIL + "acct:" + key(email), LOCK + "acct:" + key(email))).mapEmpty();
  }

  private Future<Long> count(String suffix, int max) {
    return redis.incr(FAIL + suffix).compose(n -> {
      long value = n.toLong();
      Future<?> expiry = value == 1
          ? redis.expire(List.of(FAIL + suffix, Long.toString(window.toSeconds())))
          : Future.succeededFuture();
      if (value < max) {
        return expiry.map(x -> 0L);
      }
      return expiry.compose(x -> redis.set(List.of(LOCK + suffix, "1", "EX", Long.toString(lockout.toSeconds()))))
          .compose(x -> redis.del(List.of(FAIL + suffix)))
          .map(x -> lockout.toSeconds());
    });
  }

  private Future<Long> ttl(String key) {
    return redis.ttl(key).map(r -> Math.max(0L, r.toLong()));
  }

  private static String key(String email) {
    return email == null ? "-" : email.toLowerCase(Locale.ROOT);
  }
}

package kstore.identity.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Locale;
import java.util.Set;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;

/**
 * Password rules and hashing: Argon2id (password4j, OWASP's minimum: 19 MiB, 2 passes, 1 lane), stored as the
 * PHC string so parameters can be raised later. Hashing runs on a small shared worker pool, never on the event loop.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 128;
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
  /** Checked against when an account does not exist, so a miss costs as long as a wrong password. */
  private static final String DUMMY = Password.hash("not-a-real-password").addRandomSalt(16).with(ARGON2).getResult();
  private static final Set<String> COMMON = Set.of("password12", "password123", "1234567890", "qwertyuiop",
      "0123456789", "passw0rd12", "iloveyou12", "1q2w3e4r5t", "qwerty1234", "abcdefghij", "kstore1234");

  /** Each hash takes 19 MiB: at most this many at once per JVM, so a burst of sign-ins cannot exhaust the heap. */
  static final int MAX_CONCURRENT = 4;

  private final WorkerExecutor workers;

  public Passwords(Vertx vertx) {
    this.workers = vertx.createSharedWorkerExecutor("kstore-password-hashing", MAX_CONCURRENT);
  }

  /** Fails with VALIDATION and a message a person can act on when the password is too weak. */
  public static void requireAcceptable(String password, String email) {
    if (password == null || password.length() < MIN_LENGTH) {
      throw ServiceError.of(ErrorCode.VALIDATION, "The password must have at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) {
      throw ServiceError.of(ErrorCode.VALIDATION, "The password must have at most " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower) || lower.chars().distinct().count() < 4) {
      throw ServiceError.of(ErrorCode.VALIDATION, "This password is too easy to guess; choose another one");
    }
    if (email != null && lower.contains(email.toLowerCase(Locale.ROOT))) {
      throw ServiceError.of(ErrorCode.VALIDATION, "The password must not contain your email address");
    }
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult(), false);
  }

  /** True when {@code password} matches {@code hash}; a null hash (no password set) takes as long and fails. */
  public Future<Boolean> verify(String password, String hash) {
    return workers.executeBlocking(() -> {
      if (hash == null) {
        Password.check(password, DUMMY).with(ARGON2);
        return false;
      }
      return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }, false);
  }
}

package kstore.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stable failure codes carried by event-bus replies ({@code ReplyException.failureCode()}) and shown to
 * API clients as {@code {"error": CODE, "message": ...}}. Numbers never change once released; only the
 * edge maps them to HTTP statuses.
 */
public enum ErrorCode {
  VALIDATION(1000),
  UNAUTHENTICATED(1001),
  FORBIDDEN(1002),
  NOT_FOUND(1003),
  CONFLICT(1004),
  REGION_BLOCKED(1005),
  PAYMENT_DECLINED(1006),
  RATE_LIMITED(1007),
  PAYLOAD_TOO_LARGE(1008),
  UNSUPPORTED_MEDIA_TYPE(1009),
  UNAVAILABLE(1010),
  TIMEOUT(1011),
  INTERNAL(1012),
  /** Too many failed sign-ins for this account or address: wait (the reply says how long). */
  ACCOUNT_LOCKED(1013),
  /** A social sign-in whose verified email belongs to an existing account: sign in and confirm the link. */
  LINK_REQUIRED(1014),
  /** A write with a cookie session but without the matching {@code X-CSRF-Token} header. */
  CSRF_FAILED(1015),
  /** The email address is taken by another account. */
  EMAIL_TAKEN(1016);

  private static final Map<Integer, ErrorCode> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toMap(ErrorCode::failureCode, Function.identity()));

  private final int failureCode;

  ErrorCode(int failureCode) {
    this.failureCode = failureCode;
  }

  /** The integer sent as the event-bus failure code. */
  public int failureCode() {
    return failureCode;
  }

  /** The code for an event-bus failure code, or {@link #INTERNAL} when it is not one of ours. */
  public static ErrorCode ofFailureCode(int failureCode) {
    return BY_CODE.getOrDefault(failureCode, INTERNAL);
  }
}

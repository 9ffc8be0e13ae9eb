package kstore.contracts;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** Builds the one failure shape every service replies with: an error code plus a human message. */
public final class ServiceError {
  private ServiceError() {
  }

  /** A failure to pass to {@code Message.fail}/{@code Promise.fail} that the edge turns into a 4xx/5xx. */
  public static ReplyException of(ErrorCode code, String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code.failureCode(), message);
  }

  /** The error code of any failure: ours when it carries one, TIMEOUT/UNAVAILABLE for bus failures. */
  public static ErrorCode codeOf(Throwable failure) {
    if (failure instanceof ReplyException rex) {
      return switch (rex.failureType()) {
        case TIMEOUT -> ErrorCode.TIMEOUT;
        case NO_HANDLERS -> ErrorCode.UNAVAILABLE;
        default -> ErrorCode.ofFailureCode(rex.failureCode());
      };
    }
    return ErrorCode.INTERNAL;
  }
}

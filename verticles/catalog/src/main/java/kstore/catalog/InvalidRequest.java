package kstore.catalog;

import kstore.contracts.ErrorCode;

/** A request the catalog refuses, with the error code and a message naming the offending field. */
public final class InvalidRequest extends RuntimeException {
  private final ErrorCode code;

  public InvalidRequest(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static InvalidRequest validation(String message) {
    return new InvalidRequest(ErrorCode.VALIDATION, message);
  }

  public ErrorCode code() {
    return code;
  }
}

package kstore.edge;

import kstore.contracts.ErrorCode;

/** A request the edge refuses itself, with the code and status the client sees; no stack trace is kept. */
public final class EdgeException extends RuntimeException {
  private final ErrorCode code;
  private final int status;

  public EdgeException(ErrorCode code, String message) {
    this(ApiErrors.status(code), code, message);
  }

  public EdgeException(int status, ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  public static EdgeException invalid(String message) {
    return new EdgeException(ErrorCode.VALIDATION, message);
  }

  public ErrorCode code() {
    return code;
  }

  public int status() {
    return status;
  }
}

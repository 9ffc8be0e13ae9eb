package kstore.checkout.payments;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import kstore.contracts.ErrorCode;

/**
 * A request the provider answered with a 4xx of its own (not the buyer's decline): a {@link kstore.contracts.ServiceError}
 * failure that also keeps the provider's HTTP status and error code, so a caller can tell a refusal that repeating
 * cannot change ({@code charge_already_refunded}, {@code charge_disputed}, an unknown payment) from one that a fix on
 * our side or time may clear (our key refused, rate limited).
 */
public final class ProviderRefusal extends ReplyException {
  /** The provider's code for a refund of a payment that was refunded in full already. */
  public static final String ALREADY_REFUNDED = "charge_already_refunded";

  private final int httpStatus;
  private final String providerCode;

  ProviderRefusal(ErrorCode code, String message, int httpStatus, String providerCode) {
    super(ReplyFailure.RECIPIENT_FAILURE, code.failureCode(), message);
    this.httpStatus = httpStatus;
    this.providerCode = providerCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The provider's {@code error.code}, or null when it gave none. */
  public String providerCode() {
    return providerCode;
  }

  /**
   * True when the same request can never succeed: a 4xx other than 401/403 (our secret key, fixed by config), 408 and
   * 429 (try later).
   */
  public boolean permanent() {
    return httpStatus / 100 == 4 && httpStatus != 401 && httpStatus != 403 && httpStatus != 408 && httpStatus != 429;
  }
}

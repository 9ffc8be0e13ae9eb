package kstore.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import kstore.contracts.identity.IdentityAddresses;

/** Asks identity where and how to write to a user ({@link IdentityAddresses#USERS_CONTACT}). */
final class Contacts {
  private static final String ACTOR = "notifications";

  private final Vertx vertx;
  private final Duration timeout;

  Contacts(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
  }

  /**
   * The user's contact, empty when identity knows no such user; fails when identity did not answer (timeout, no
   * instance running, internal error): worth trying again later.
   */
  Future<Optional<Contact>> of(String userId, String requestId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis())
        .addHeader(Headers.ACTOR, ACTOR).addHeader(Headers.REQUEST_ID, requestId);
    return vertx.eventBus().<Object>request(IdentityAddresses.USERS_CONTACT, new JsonObject().put("userId", userId), options)
        .map(reply -> reply.body() instanceof JsonObject body ? Optional.of(Contact.of(body)) : Optional.<Contact>empty())
        .recover(err -> ServiceError.codeOf(err) == ErrorCode.NOT_FOUND
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(err));
  }
}

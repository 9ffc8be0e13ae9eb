package kstore.identity.account;

import io.vertx.core.MultiMap;
import java.util.UUID;
import kstore.contracts.Headers;

/**
 * Who sends a request and from where, from the headers the edge sets: the authenticated user (or null), the
 * client address (throttling, audit) and the country the request comes from (service availability).
 */
public record RequestMeta(UUID actor, String ip, String requestCountry, String requestId) {

  public static RequestMeta of(MultiMap headers) {
    String actor = headers.get(Headers.ACTOR);
    UUID id = null;
    if (actor != null) {
      try {
        id = UUID.fromString(actor);
      } catch (IllegalArgumentException e) {
        id = null;
      }
    }
    return new RequestMeta(id, headers.get(Headers.CLIENT_IP), headers.get(Headers.REQUEST_COUNTRY),
        headers.get(Headers.REQUEST_ID));
  }
}

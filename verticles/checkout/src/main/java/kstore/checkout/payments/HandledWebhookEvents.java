package kstore.checkout.payments;

import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The second half of webhook replay protection (the first is {@link WebhookVerifier}'s signature and timestamp
 * check): remember which event ids were handled so a redelivered or replayed event changes nothing.
 *
 * <p>The checkout implements it on PostgreSQL, in the same transaction that applies the event, so an event is
 * either handled and remembered or neither:
 * <pre>
 * CREATE TABLE checkout.webhook_events (event_id text PRIMARY KEY, type text NOT NULL,
 *                                       received_at timestamptz NOT NULL DEFAULT now());
 * INSERT INTO checkout.webhook_events (event_id, type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING
 *   -- rowCount() == 1: first delivery, apply it; 0: duplicate, answer 2xx and do nothing
 * </pre>
 * A duplicate must still be answered 2xx, otherwise the provider keeps retrying it.
 */
@FunctionalInterface
public interface HandledWebhookEvents {

  /** Records the event id; true the first time it is seen, false for a duplicate. */
  Future<Boolean> firstTime(WebhookEvent event);

  /** An in-memory record for tests and single-node tools (forgets on restart: never for production). */
  static HandledWebhookEvents inMemory() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return event -> Future.succeededFuture(seen.add(event.id()));
  }
}

package kstore.notifications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** The {@code notifications.sent} table: which checkout events already caused their mail. */
final class SentMails {
  private static final String FIND = "SELECT 1 FROM notifications.sent WHERE event_id = $1";
  // a second instance that sent the same event concurrently (a rebalance) finds the row already there
  private static final String RECORD = "INSERT INTO notifications.sent (event_id, kind, user_id) VALUES ($1, $2, $3) "
      + "ON CONFLICT (event_id) DO NOTHING";

  private final Pool pool;

  SentMails(Pool pool) {
    this.pool = pool;
  }

  /** Whether the mail of this event was sent already. */
  Future<Boolean> contains(UUID eventId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(eventId)).map(rows -> rows.size() > 0);
  }

  /** Records that the mail of this event was sent; idempotent. */
  Future<Void> record(UUID eventId, String kind, String userId) {
    return pool.preparedQuery(RECORD).execute(Tuple.of(eventId, kind, userId)).mapEmpty();
  }
}

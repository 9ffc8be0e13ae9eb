package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.platform.Bus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release day, and release dates that move (issue #4). The catalog's instant is the truth: when the catalog publishes
 * {@code catalog.events.game-changed} for a game whose release changed, every checkout instance asks the catalog for
 * the instant and moves the game's pre-orders (entitlements) and its {@code release} job there; the release job asks
 * again before releasing, so a missed event only costs a reschedule (moved later) or a release at the old instant
 * (moved earlier). An instant already past releases at once. What the catalog said is kept in
 * {@code checkout.game_releases}, and a pre-order paid later (quoted before the move) takes it over its quoted instant.
 *
 * <p>Any number of nodes may apply the same change at once: one per game at a time (a transaction-scoped advisory
 * lock), the latest catalog answer wins ({@code asked_at}), and every write is conditional, so a repeat does nothing.
 */
public final class ReleaseSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseSchedule.class);
  /** The {@code checkout.jobs} kind; the key is the game id. */
  public static final String JOB = "release";
  static final String GAME_CHANGED = "catalog.game-changed";
  /** Any country will do: the release instant is the same everywhere. */
  private static final String CATALOG_COUNTRY = "US";
  private static final long CATALOG_TIMEOUT_MS = 5_000;
  /**
   * Other catalog instances index a change within a second of its event (contracts README), and one of them may
   * answer our first question: ask once more a little later.
   */
  private static final Duration ASK_AGAIN = Duration.ofSeconds(3);

  /** What {@link #apply} did. */
  public enum Outcome { RESCHEDULED, RELEASED }

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;

  public ReleaseSchedule(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * The catalog's {@code {id, type: catalog.game-changed, data: {id, action, changed: [field...]}}}: when the release
   * instant may have changed, moves the game's pre-orders to the catalog's instant (now and once more shortly after).
   */
  public Future<Void> onGameChanged(JsonObject envelope) {
    if (envelope == null || !GAME_CHANGED.equals(envelope.getValue("type"))
        || !(envelope.getValue("data") instanceof JsonObject data) || !(data.getValue("id") instanceof Number id)) {
      return Future.succeededFuture();
    }
    long gameId = id.longValue();
    Object changed = data.getValue("changed");
    if ("create".equals(data.getValue("action"))
        || changed instanceof JsonArray fields && !fields.contains("releaseAt")) {
      return Future.succeededFuture();
    }
    vertx.setTimer(ASK_AGAIN.toMillis(), t -> follow(gameId).onFailure(e ->
        LOG.warn("release of game {}: asking the catalog again failed: {}", gameId, e.toString())));
    return follow(gameId).mapEmpty();
  }

  /**
   * The release job of a game is due: asks the catalog first, then releases the pre-orders, or moves them and the job
   * when the catalog's instant is later. A catalog that does not answer fails the attempt (the job runs again): a
   * game is never released on our word alone.
   */
  public Future<Outcome> due(long gameId) {
    return follow(gameId);
  }

  private Future<Outcome> follow(long gameId) {
    Instant asked = clock.instant();
    return Bus.request(vertx, CatalogAddresses.GET, new JsonObject().put("idOrSlug", String.valueOf(gameId))
            .put("country", CATALOG_COUNTRY).put("lang", "en"), Bus.options(null, CATALOG_TIMEOUT_MS))
        .compose(game -> {
          String releaseAt = game.getString("releaseAt");
          if (releaseAt == null) {
            return Future.failedFuture(new IllegalStateException("the catalog names no release instant of game "
                + gameId));
          }
          return apply(gameId, Instant.parse(releaseAt), asked);
        });
  }

  /**
   * Moves every pre-order of a game to the catalog's release instant {@code releaseAt} (asked at {@code askedAt}),
   * or releases them when it is not in the future; the release job follows. Idempotent; safe on any number of nodes
   * at once.
   */
  Future<Outcome> apply(long gameId, Instant releaseAt, Instant askedAt) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
            .execute(Tuple.of("release:" + gameId))
            .compose(v -> tx.preparedQuery("INSERT INTO checkout.game_releases (game_id, release_at, asked_at) "
                    + "VALUES ($1, $2, $3) ON CONFLICT (game_id) DO UPDATE SET release_at = EXCLUDED.release_at, "
                    + "asked_at = EXCLUDED.asked_at, changed_at = CASE WHEN checkout.game_releases.release_at = "
                    + "EXCLUDED.release_at THEN checkout.game_releases.changed_at ELSE now() END "
                    + "WHERE checkout.game_releases.asked_at <= EXCLUDED.asked_at")
                .execute(Tuple.of(gameId, utc(releaseAt), utc(askedAt))))
            // a later answer may have been stored by another node already: it wins
            .compose(v -> tx.preparedQuery("SELECT release_at FROM checkout.game_releases WHERE game_id = $1")
                .execute(Tuple.of(gameId)))
            .compose(rows -> {
              OffsetDateTime at = rows.iterator().next().getOffsetDateTime("release_at");
              return at.isAfter(now) ? reschedule(tx, gameId, at) : release(tx, gameId, at, now);
            }))
        .onSuccess(outcome -> LOG.info("release of game {}: {}", gameId, outcome));
  }

  /**
   * The job first: its row is locked by a payment settling a pre-order of this game right now, so waiting for it
   * here lets the entitlement update below see that pre-order.
   */
  private static Future<Outcome> reschedule(SqlClient tx, long gameId, OffsetDateTime at) {
    return tx.preparedQuery("INSERT INTO checkout.jobs (kind, key, run_at, payload) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (kind, key) DO UPDATE SET run_at = EXCLUDED.run_at, done_at = NULL")
        .execute(Tuple.of(JOB, String.valueOf(gameId), at, new JsonObject().put("gameId", gameId)))
        .compose(v -> tx.preparedQuery("UPDATE checkout.entitlements SET release_at = $2 WHERE game_id = $1 "
            + "AND status = 'pre-ordered' AND release_at <> $2").execute(Tuple.of(gameId, at)))
        .map(moved -> {
          if (moved.rowCount() > 0) {
            LOG.info("release of game {} moved to {}: {} pre-orders follow", gameId, at.toInstant(), moved.rowCount());
          }
          return Outcome.RESCHEDULED;
        });
  }

  /**
   * Every pre-order of the game becomes owned, with the catalog's instant as its release; the job is done (its row
   * first, for the same reason as in {@link #reschedule}).
   */
  private static Future<Outcome> release(SqlClient tx, long gameId, OffsetDateTime at, OffsetDateTime now) {
    return tx.preparedQuery("UPDATE checkout.jobs SET done_at = coalesce(done_at, $3) WHERE kind = $1 AND key = $2")
        .execute(Tuple.of(JOB, String.valueOf(gameId), now))
        .compose(v -> tx.preparedQuery("UPDATE checkout.entitlements SET status = 'owned', owned_at = $3, "
            + "release_at = $2 WHERE game_id = $1 AND status = 'pre-ordered'").execute(Tuple.of(gameId, at, now)))
        .map(released -> {
          LOG.info("release of game {} ({}): {} pre-orders are now owned", gameId, at.toInstant(),
              released.rowCount());
          return Outcome.RELEASED;
        });
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}

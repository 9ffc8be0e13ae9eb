package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the durable jobs of {@code checkout.jobs} on whichever node is alive: due rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased (their {@code run_at} moves a minute ahead, so a node that dies
 * mid-job only delays it); a finished job is marked done. Kinds: {@code release} (a game's release instant: pre-orders
 * become owned, or move with the catalog's date), {@code reconcile} (an unsettled payment is asked of its provider,
 * with back-off) and {@code refund-orphan} (a charge that pays for nothing is refunded; a failed refund runs again
 * after an exponential back-off, and stops after {@code checkout.orphanRefunds.maxAttempts}, see {@link OrphanCharges}).
 * Any other failed attempt runs again when its lease ends. Time comes from the injected clock, so tests can move it.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final Pool pool;
  private final OrderService orders;
  private final ReleaseSchedule releases;
  private final OrphanCharges orphans;
  private final Clock clock;
  private long timer = -1;
  private boolean running;

  public JobRunner(Vertx vertx, Pool pool, OrderService orders, ReleaseSchedule releases, OrphanCharges orphans,
                   Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.orders = orders;
    this.releases = releases;
    this.orphans = orphans;
    this.clock = clock;
  }

  public JobRunner start(long pollMs) {
    timer = vertx.setPeriodic(pollMs, t -> tick());
    return this;
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Runs what is due now; answers how many jobs finished. */
  public Future<Integer> tick() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.preparedQuery("UPDATE checkout.jobs SET run_at = $2, attempts = attempts + 1 WHERE id IN ("
            + "SELECT id FROM checkout.jobs WHERE done_at IS NULL AND run_at <= $1 ORDER BY run_at LIMIT 20 "
            + "FOR UPDATE SKIP LOCKED) RETURNING id, kind, key, payload, attempts")
        .execute(Tuple.of(now, now.plus(LEASE)))
        .compose(rows -> {
          List<Future<Boolean>> all = new ArrayList<>();
          for (Row job : rows) {
            all.add(run(job).recover(e -> {
              LOG.warn("job {} {} failed (attempt {}): {}", job.getString("kind"), job.getString("key"),
                  job.getInteger("attempts"), e.toString());
              return pool.preparedQuery("UPDATE checkout.jobs SET last_error = $2 WHERE id = $1")
                  .execute(Tuple.of(job.getLong("id"), String.valueOf(e.getMessage()))).map(false);
            }));
          }
          return Future.join(all).map(v -> (int) all.stream().filter(f -> f.succeeded() && f.result()).count());
        })
        .onComplete(done -> running = false);
  }

  private Future<Boolean> run(Row job) {
    long id = job.getLong("id");
    String key = job.getString("key");
    LOG.info("job {} {} (attempt {})", job.getString("kind"), key, job.getInteger("attempts"));
    return switch (job.getString("kind")) {
      // not released: the catalog's instant is later, and the job's run_at is that instant already
      case ReleaseSchedule.JOB -> releases.due(Long.parseLong(key)).compose(outcome ->
          outcome == ReleaseSchedule.Outcome.RELEASED ? done(id) : Future.succeededFuture(false));
      // a failed refund runs again after a back-off, or stops and leaves the charge to a person (OrphanCharges)
      case OrphanCharges.JOB -> orphans.refund(UUID.fromString(key)).compose(v -> done(id))
          .recover(e -> orphans.afterFailure(UUID.fromString(key), job.getInteger("attempts"), e)
              .compose(next -> pool.preparedQuery("UPDATE checkout.jobs SET last_error = $2, run_at = coalesce($3, "
                      + "run_at), done_at = CASE WHEN $3 IS NULL THEN now() END WHERE id = $1")
                  .execute(Tuple.of(id, String.valueOf(e.getMessage()),
                      next == null ? null : OffsetDateTime.ofInstant(next, ZoneOffset.UTC)))
                  .map(false)));
      case "reconcile" -> orders.reconcile(UUID.fromString(key)).compose(settled -> {
        if (settled) {
          return done(id);
        }
        long backoff = Math.min(600, 15L * job.getInteger("attempts"));
        return pool.preparedQuery("UPDATE checkout.jobs SET run_at = $2 WHERE id = $1")
            .execute(Tuple.of(id, OffsetDateTime.ofInstant(clock.instant().plusSeconds(backoff), ZoneOffset.UTC)))
            .map(false);
      });
      default -> {
        LOG.warn("unknown job kind {}: left alone", job.getString("kind"));
        yield Future.succeededFuture(false);
      }
    };
  }

  private Future<Boolean> done(long id) {
    return pool.preparedQuery("UPDATE checkout.jobs SET done_at = now() WHERE id = $1").execute(Tuple.of(id)).map(true);
  }

  static JsonObject describe(Row job) {
    return new JsonObject().put("kind", job.getString("kind")).put("key", job.getString("key"));
  }
}

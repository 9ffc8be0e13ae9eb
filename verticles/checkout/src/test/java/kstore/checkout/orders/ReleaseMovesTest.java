package kstore.checkout.orders;

import static kstore.checkout.orders.CheckoutStack.await;
import static kstore.checkout.orders.CheckoutStack.buyer;
import static kstore.checkout.orders.CheckoutStack.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kstore.checkout.orders.CheckoutStack.Buyer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #4, release dates that move, on two instances of the real checkout verticle (two nodes: both receive every
 * published catalog event) and the real PostgreSQL; the catalog is the {@link CatalogStandIn}, time the test's clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Release date changes move pre-orders")
class ReleaseMovesTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private CheckoutStack stack;

  @BeforeAll
  void start() {
    stack = new CheckoutStack(2);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  private Instant now() {
    return stack.clock.instant();
  }

  /** A paid pre-order of the game by a new buyer; answers the order id. */
  private String preOrder(long game) {
    JsonObject order = stack.order(buyer("US"), game, "card", "pm_card_visa");
    assertThat(order.getString("status")).as(order.encode()).isEqualTo("paid");
    assertThat(order.getString("kind")).isEqualTo("pre-order");
    return order.getString("id");
  }

  private Row entitlement(String orderId) {
    return stack.row("SELECT status, release_at, owned_at FROM checkout.entitlements WHERE order_id = $1",
        UUID.fromString(orderId));
  }

  private Instant releaseOf(String orderId) {
    return entitlement(orderId).getOffsetDateTime("release_at").toInstant();
  }

  private Row job(long game) {
    return stack.row("SELECT run_at, done_at, attempts, last_error FROM checkout.jobs WHERE kind = $1 AND key = $2",
        ReleaseSchedule.JOB, String.valueOf(game));
  }

  private Instant jobAt(long game) {
    return job(game).getOffsetDateTime("run_at").toInstant();
  }

  private Instant quoted(String orderId) {
    return stack.row("SELECT release_at FROM checkout.order_items WHERE order_id = $1", UUID.fromString(orderId))
        .getOffsetDateTime("release_at").toInstant();
  }

  /** Moves the clock, then waits until a job runner has run a job due at the new time (a reconcile of nothing). */
  private void moveClockAndTick(Instant to) {
    stack.clock.moveTo(to);
    String probe = UUID.randomUUID().toString();
    stack.rows("INSERT INTO checkout.jobs (kind, key, run_at) VALUES ('reconcile', $1, $2)", probe,
        OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    eventually("a job runner ran at " + to, () -> stack.count("SELECT count(*) FROM checkout.jobs WHERE "
        + "kind = 'reconcile' AND key = $1 AND done_at IS NOT NULL", probe) == 1);
  }

  @Test
  @DisplayName("a later release instant published by the catalog moves every pre-order and the release job; "
      + "nothing is released at the old instant, all of it at the new one")
  void movedLater() {
    Instant old = now().plus(DAY.multipliedBy(10));
    Instant later = now().plus(DAY.multipliedBy(20));
    long game = stack.catalog.game("Starfall Odyssey", old);
    String first = preOrder(game);
    String second = preOrder(game);
    assertThat(releaseOf(first)).isEqualTo(old);
    assertThat(jobAt(game)).isEqualTo(old);

    stack.catalog.moveRelease(game, later);
    stack.catalog.publishChanged(game);
    eventually("both pre-orders follow the new release", () -> releaseOf(first).equals(later)
        && releaseOf(second).equals(later));
    assertThat(jobAt(game)).isEqualTo(later);
    assertThat(job(game).getOffsetDateTime("done_at")).isNull();
    assertThat(stack.row("SELECT release_at FROM checkout.game_releases WHERE game_id = $1", game)
        .getOffsetDateTime("release_at").toInstant()).isEqualTo(later);
    assertThat(quoted(first)).as("the order keeps the instant it was charged for").isEqualTo(old);

    moveClockAndTick(old.plus(MINUTE));
    assertThat(job(game).getInteger("attempts")).as("the release job did not run at the old instant").isZero();
    assertThat(entitlement(first).getString("status")).isEqualTo("pre-ordered");

    Instant releaseDay = later.plus(MINUTE);
    stack.clock.moveTo(releaseDay);
    eventually("the pre-orders are released", () -> "owned".equals(entitlement(first).getString("status"))
        && "owned".equals(entitlement(second).getString("status")));
    assertThat(entitlement(first).getOffsetDateTime("owned_at").toInstant()).isEqualTo(releaseDay);
    assertThat(releaseOf(second)).isEqualTo(later);
    eventually("the release job is done", () -> job(game).getOffsetDateTime("done_at") != null);
  }

  @Test
  @DisplayName("a release job whose move event was missed asks the catalog and reschedules instead of releasing")
  void missedEvent() {
    Instant old = now().plus(DAY.multipliedBy(10));
    Instant later = now().plus(DAY.multipliedBy(30));
    long game = stack.catalog.game("Hanbit Chronicles", old);
    String order = preOrder(game);
    stack.catalog.moveRelease(game, later);   // and the event never arrives
    int asked = stack.catalog.asked(game);

    stack.clock.moveTo(old.plus(MINUTE));
    eventually("the release job moved to the catalog's instant", () -> jobAt(game).equals(later));
    assertThat(stack.catalog.asked(game)).as("the job asked the catalog").isGreaterThan(asked);
    assertThat(entitlement(order).getString("status")).isEqualTo("pre-ordered");
    assertThat(releaseOf(order)).isEqualTo(later);
    assertThat(job(game).getOffsetDateTime("done_at")).isNull();

    stack.clock.moveTo(later.plus(MINUTE));
    eventually("the pre-order is released", () -> "owned".equals(entitlement(order).getString("status")));
    assertThat(releaseOf(order)).isEqualTo(later);
  }

  @Test
  @DisplayName("a release moved earlier releases the pre-orders at the earlier instant")
  void movedEarlier() {
    Instant old = now().plus(DAY.multipliedBy(10));
    Instant earlier = now().plus(DAY.multipliedBy(5));
    long game = stack.catalog.game("Moonlit Harbor", old);
    String order = preOrder(game);
    stack.catalog.moveRelease(game, earlier);
    stack.catalog.publishChanged(game);
    eventually("the pre-order follows the earlier release", () -> releaseOf(order).equals(earlier));
    assertThat(jobAt(game)).isEqualTo(earlier);

    Instant releaseDay = earlier.plus(MINUTE);
    stack.clock.moveTo(releaseDay);
    eventually("the pre-order is released", () -> "owned".equals(entitlement(order).getString("status")));
    assertThat(entitlement(order).getOffsetDateTime("owned_at").toInstant()).isEqualTo(releaseDay).isBefore(old);
  }

  @Test
  @DisplayName("a release moved to an instant already past releases the pre-orders at once")
  void movedIntoThePast() {
    long game = stack.catalog.game("Paper Lanterns", now().plus(DAY.multipliedBy(10)));
    String order = preOrder(game);
    Instant yesterday = now().minus(DAY);
    stack.catalog.moveRelease(game, yesterday);
    stack.catalog.publishChanged(game);
    eventually("the pre-order is released", () -> "owned".equals(entitlement(order).getString("status")));
    assertThat(releaseOf(order)).isEqualTo(yesterday);
    assertThat(job(game).getOffsetDateTime("done_at")).isNotNull();
  }

  @Test
  @DisplayName("a pre-order quoted before a move and paid after it takes the catalog's new instant; "
      + "its order keeps the quoted one")
  void quotedBeforeTheMovePaidAfter() {
    Instant old = now().plus(DAY.multipliedBy(10));
    Instant later = now().plus(DAY.multipliedBy(20));
    long game = stack.catalog.game("Tidewater", old);
    String early = preOrder(game);
    Buyer buyer = buyer("US");
    JsonObject quote = stack.quote(buyer, game);
    stack.catalog.moveRelease(game, later);
    stack.catalog.publishChanged(game);
    eventually("the early pre-order follows", () -> releaseOf(early).equals(later));

    JsonObject paid = stack.place(buyer, quote, "card", "pm_card_visa");
    assertThat(paid.getString("status")).isEqualTo("paid");
    String order = paid.getString("id");
    assertThat(quoted(order)).isEqualTo(old);
    assertThat(entitlement(order).getString("status")).isEqualTo("pre-ordered");
    assertThat(releaseOf(order)).isEqualTo(later);
    assertThat(jobAt(game)).as("the payment did not pull the job back to the quoted instant").isEqualTo(later);
  }

  @Test
  @DisplayName("a pre-order paid after its quoted instant passed, for a game moved later, is not owned early")
  void paidAfterTheQuotedInstantOfAGameMovedLater() {
    Instant old = now().plus(Duration.ofMinutes(10));
    Instant later = now().plus(DAY.multipliedBy(20));
    long game = stack.catalog.game("Clockwork Bay", old);
    Buyer buyer = buyer("US");
    JsonObject quote = stack.quote(buyer, game);
    assertThat(quote.getString("kind")).isEqualTo("pre-order");
    stack.catalog.moveRelease(game, later);
    stack.catalog.publishChanged(game);
    eventually("the catalog's new instant is known", () -> stack.count("SELECT count(*) FROM checkout.game_releases "
        + "WHERE game_id = $1 AND release_at = $2", game, OffsetDateTime.ofInstant(later, ZoneOffset.UTC)) == 1);

    stack.clock.moveTo(old.plus(MINUTE));   // the quote (15 minutes) still holds
    JsonObject paid = stack.place(buyer, quote, "card", "pm_card_visa");
    assertThat(paid.getString("status")).as(paid.encode()).isEqualTo("paid");
    Row entitlement = entitlement(paid.getString("id"));
    assertThat(entitlement.getString("status")).isEqualTo("pre-ordered");
    assertThat(entitlement.getOffsetDateTime("owned_at")).isNull();
    assertThat(entitlement.getOffsetDateTime("release_at").toInstant()).isEqualTo(later);
    assertThat(jobAt(game)).isEqualTo(later);
  }

  @Test
  @DisplayName("the same move applied by many nodes at once ends in one state, and a slower, older catalog answer "
      + "does not undo a newer one")
  void appliedConcurrently() {
    Instant old = now().plus(DAY.multipliedBy(10));
    Instant later = now().plus(DAY.multipliedBy(20));
    Instant stale = now().plus(DAY.multipliedBy(15));
    long game = stack.catalog.game("Glass Orchard", old);
    String first = preOrder(game);
    String second = preOrder(game);
    ReleaseSchedule nodes = new ReleaseSchedule(stack.vertx, stack.pool, stack.clock);
    Instant asked = now();

    List<Future<ReleaseSchedule.Outcome>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(nodes.apply(game, later, asked));
    }
    await(Future.all(all));
    assertThat(all).allMatch(f -> f.result() == ReleaseSchedule.Outcome.RESCHEDULED);
    // an answer the catalog gave before the move, committed after it
    await(Future.all(nodes.apply(game, stale, asked.minusSeconds(1)), nodes.apply(game, stale,
        asked.minusSeconds(2))));

    assertThat(releaseOf(first)).isEqualTo(later);
    assertThat(releaseOf(second)).isEqualTo(later);
    assertThat(stack.count("SELECT count(*) FROM checkout.jobs WHERE kind = $1 AND key = $2", ReleaseSchedule.JOB,
        String.valueOf(game))).isEqualTo(1);
    assertThat(jobAt(game)).isEqualTo(later);
    assertThat(stack.row("SELECT release_at FROM checkout.game_releases WHERE game_id = $1", game)
        .getOffsetDateTime("release_at").toInstant()).isEqualTo(later);
  }

  @Test
  @DisplayName("a catalog that cannot answer on release day delays the release; it happens once the catalog answers")
  void catalogDown() {
    Instant release = now().plus(DAY.multipliedBy(10));
    long game = stack.catalog.game("Quiet Meridian", release);
    String order = preOrder(game);
    stack.catalog.silence(game, true);

    Instant releaseDay = release.plus(MINUTE);
    stack.clock.moveTo(releaseDay);
    eventually("the release attempt failed", () -> job(game).getString("last_error") != null);
    assertThat(entitlement(order).getString("status")).isEqualTo("pre-ordered");
    assertThat(job(game).getOffsetDateTime("done_at")).isNull();

    stack.catalog.silence(game, false);
    stack.clock.moveTo(releaseDay.plus(Duration.ofSeconds(61)));   // the failed attempt's lease is over
    eventually("the pre-order is released", () -> "owned".equals(entitlement(order).getString("status")));
  }
}

package kstore.checkout.orders;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import kstore.checkout.CheckoutConfig;
import kstore.contracts.ErrorCode;
import kstore.contracts.EventEnvelope;
import kstore.contracts.ServiceError;
import kstore.contracts.checkout.CheckoutAddresses;
import kstore.platform.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders and pre-orders (S1.3–S1.11): an order is written (with its points reserved) before any provider is
 * asked, charged with the order id as the provider's idempotency key, and settled exactly once by whichever comes
 * first: the provider's answer, the buyer's return from a redirect, a signed webhook, or the reconciliation job.
 * Settling writes the entitlements, the earned points and the activity event in one transaction; failing returns
 * the reserved points. A repeated request (same idempotency key) answers the same order.
 */
public final class OrderService {
  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
  static final String COLUMNS = "id, user_id, kind, status, country, currency, digits, subtotal, discount, points_spent, "
      + "points_value, tax, tax_included, total, points_earned, method, provider, provider_ref, next_action_url, "
      + "failure_code, failure_message, created_at, paid_at, refunded_at, request_hash, instrument, return_url, "
      + "payment_country";

  /** Checks that a buyer in a country may use a payment method (routing per country). */
  public interface MethodPolicy {
    void require(String country, String method);
  }

  private final Pool pool;
  private final Quotes quotes;
  private final PaymentGateway payments;
  private final MethodPolicy methods;
  private final CheckoutConfig config;
  private final Clock clock;
  private final Runnable kickRelay;

  public OrderService(Pool pool, Quotes quotes, PaymentGateway payments, MethodPolicy methods, CheckoutConfig config,
                      Clock clock, Runnable kickRelay) {
    this.pool = pool;
    this.quotes = quotes;
    this.payments = payments;
    this.methods = methods;
    this.config = config;
    this.clock = clock;
    this.kickRelay = kickRelay;
  }

  // ---- placing an order ----

  /**
   * {@code {quoteToken, method, instrument?, returnUrl?, idempotencyKey}}: region check (through the fresh quote),
   * method check, points reservation, then payment. Answers the order (status paid, requires_action with
   * {@code nextActionUrl}, pending, or failed with the reason).
   */
  public Future<JsonObject> create(JsonObject body, Quotes.Buyer buyer) {
    UUID userId = UUID.fromString(buyer.userId());
    String key = text(body, "idempotencyKey");
    if (key.length() > 200) {
      throw ServiceError.of(ErrorCode.VALIDATION, "Idempotency-Key must have at most 200 characters");
    }
    String token = text(body, "quoteToken");
    String method = text(body, "method");
    String instrument = body.getString("instrument");
    String requestHash = sha256(token + "|" + method + "|" + instrument);
    Future<JsonObject> placed;
    try {
      JsonObject quoted = quotes.verify(token, buyer.userId());
      methods.require(buyer.residence(), method);
      if (!buyer.residence().equals(quoted.getString("country"))) {
        throw ServiceError.of(ErrorCode.CONFLICT, "Your residence country changed since the quote; ask for a new quote");
      }
      placed = placeAndPay(userId, key, requestHash, method, instrument, body.getString("returnUrl"), quoted, buyer);
    } catch (ReplyException e) {   // ServiceError's failures: refused before anything was written
      placed = Future.failedFuture(e);
    }
    // The first attempt needs no lookup (a twin is caught by the insert). A retry of an order placed before answers
    // that order whatever changed since: the quote expired, a price or the residence changed, a step failed.
    return placed.recover(err -> existing(userId, key, requestHash)
        .compose(found -> found != null ? Future.succeededFuture(found) : Future.failedFuture(err)));
  }

  private Future<JsonObject> placeAndPay(UUID userId, String key, String requestHash, String method, String instrument,
                                         String returnUrl, JsonObject quoted, Quotes.Buyer buyer) {
    JsonObject again = new JsonObject().put("items", ids(quoted)).put("points", quoted.getLong("points"));
    return quotes.quote(again, buyer).compose(fresh -> {
          if (!Quotes.samePrices(quoted, fresh)) {
            return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "The price changed since your quote: now "
                + fresh.getLong("total") + " (minor units of " + fresh.getString("currency") + ", was "
                + quoted.getLong("total") + "); ask for a new quote"));
          }
          return place(userId, key, requestHash, method, instrument, returnUrl, quoted);
        })
        .compose(order -> order.getString("status").equals("pending") && order.getBoolean("placedNow", false)
            ? pay(order, instrument, buyer) : Future.succeededFuture(order.copy()))
        .map(order -> {
          order.remove("placedNow");
          return order;
        });
  }

  private Future<JsonObject> existing(UUID userId, String key, String requestHash) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM checkout.orders WHERE user_id = $1 AND idempotency_key = $2")
        .execute(Tuple.of(userId, key)).compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.succeededFuture(null);
          }
          Row row = rows.iterator().next();
          if (!requestHash.equals(row.getString("request_hash"))) {
            return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT,
                "This Idempotency-Key was used for another order; use a new key for a new order"));
          }
          return view(row);
        });
  }

  /**
   * Writes the order, its reconciliation job, its items and the points reservation in one transaction, under the
   * buyer's lock; answers the order as written (no second read), or the concurrent twin's order.
   *
   * <p>Two statements, pipelined (sent together, run by PostgreSQL in the order sent, answered in one round trip):
   * the buyer's lock, then {@link #PLACE}, which sees everything committed before the lock was granted. It refuses
   * by writing nothing: a game the buyer holds or is paying for already ({@code owned_title}), too few points
   * ({@code balance}), or the same key placed by a concurrent twin (no order row).
   */
  private Future<JsonObject> place(UUID userId, String key, String requestHash, String method, String instrument,
                                   String returnUrl, JsonObject q) {
    UUID orderId = UUID.randomUUID();
    long points = q.getLong("points");
    JsonArray lines = q.getJsonArray("items");
    int n = lines.size();
    Long[] games = new Long[n];
    String[] titles = new String[n];
    Long[] lists = new Long[n];
    Integer[] percents = new Integer[n];
    String[] kinds = new String[n];
    Long[] prices = new Long[n];
    OffsetDateTime[] releases = new OffsetDateTime[n];
    for (int k = 0; k < n; k++) {
      JsonObject line = lines.getJsonObject(k);
      games[k] = line.getLong("gameId");
      titles[k] = line.getString("title");
      lists[k] = line.getLong("list");
      percents[k] = line.getInteger("discountPercent");
      kinds[k] = line.getString("discountKind");
      prices[k] = line.getLong("amount");
      releases[k] = OffsetDateTime.ofInstant(Instant.parse(line.getString("releaseAt")), ZoneOffset.UTC);
    }
    JsonObject spendEvent = PointsLedger.movedEvent(userId, -points, "spend", orderId, null);
    Tuple args = Tuple.tuple().addUUID(orderId).addUUID(userId).addString(key).addString(requestHash)
        .addString(q.getString("kind")).addString(q.getString("country")).addString(q.getString("currency"))
        .addInteger(q.getInteger("digits")).addLong(q.getLong("subtotal")).addLong(q.getLong("discount"))
        .addLong(points).addLong(q.getLong("pointsValue")).addLong(q.getLong("tax"))
        .addBoolean(q.getBoolean("taxIncluded")).addLong(q.getLong("total"))
        .addLong(q.getLong("pointsEarned")).addString(method).addString(instrument)
        // stored whole, so a re-issued charge (reconciliation, any node) is the identical request
        .addString(config.publicUrl() + (returnUrl == null ? "/checkout/return?order=" + orderId : returnUrl))
        // if this node dies between the provider's charge and our commit, the reconcile job settles the order
        .addOffsetDateTime(OffsetDateTime.ofInstant(clock.instant().plus(config.reconcileAfter()), ZoneOffset.UTC))
        .addArrayOfLong(games).addArrayOfString(titles).addArrayOfLong(lists).addArrayOfInteger(percents)
        .addArrayOfString(kinds).addArrayOfLong(prices).addArrayOfOffsetDateTime(releases)
        .addUUID(UUID.fromString(spendEvent.getString("id"))).addString(CheckoutAddresses.TOPIC)
        .addString(userId.toString()).addValue(spendEvent);
    return pool.withTransaction(tx -> {
          Future<Void> locked = PointsLedger.lock(tx, userId);
          Future<RowSet<Row>> written = tx.preparedQuery(PLACE).execute(args);
          return Future.all(locked, written).compose(all -> {
            Row r = written.result().iterator().next();
            if (r.getString("owned_title") != null) {
              return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "paid".equals(r.getString("owned_status"))
                  ? "You already have " + r.getString("owned_title") + " in your library"
                  : "An order for " + r.getString("owned_title") + " is already waiting for its payment"));
            }
            long balance = r.getNumeric("balance").longValue();
            if (balance < points) {
              return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "You have " + Math.max(0, balance)
                  + " points; this order wants " + points));
            }
            // no row: a concurrent twin (same key) placed its order first; answer that one
            return Future.succeededFuture(r.getUUID("id") == null ? null : r);
          });
        })
        .compose(row -> row == null ? existing(userId, key, requestHash)
            : Future.succeededFuture(view(row, quotedLines(q)).put("placedNow", true)));
  }

  /**
   * The order, its reconcile job, its items, its points spend and that spend's event, in one statement, unless the
   * buyer holds or is paying for one of the games already or has too few points (then nothing is written); also
   * answers what decided (the first such game, the balance). Items come as parallel arrays ($21–$27).
   */
  private static final String PLACE = "WITH owned AS (SELECT oi.title, o.status FROM checkout.order_items oi JOIN "
      + "checkout.orders o ON o.id = oi.order_id WHERE o.user_id = $2 AND oi.game_id = ANY($21) AND (o.status IN "
      + "('pending', 'requires_action') OR (o.status = 'paid' AND EXISTS (SELECT 1 FROM checkout.entitlements e WHERE "
      + "e.order_id = o.id AND e.game_id = oi.game_id AND e.status <> 'revoked'))) LIMIT 1), "
      + "b AS (SELECT coalesce(sum(delta), 0) AS balance FROM checkout.points_ledger WHERE user_id = $2), "
      + "o AS (INSERT INTO checkout.orders (id, user_id, idempotency_key, request_hash, kind, status, country, "
      + "currency, digits, subtotal, discount, points_spent, points_value, tax, tax_included, total, points_earned, "
      + "method, instrument, return_url) SELECT $1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, $11::bigint, $12, "
      + "$13, $14, "
      + "$15, $16, $17, $18, $19 WHERE NOT EXISTS (SELECT 1 FROM owned) AND (SELECT balance FROM b) >= $11::bigint "
      + "ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING " + COLUMNS + "), "
      + "j AS (INSERT INTO checkout.jobs (kind, key, run_at) SELECT 'reconcile', id::text, $20 FROM o "
      + "ON CONFLICT (kind, key) DO NOTHING), "
      + "i AS (INSERT INTO checkout.order_items (order_id, game_id, title, list_price, discount_percent, "
      + "discount_kind, price, release_at) SELECT o.id, u.* FROM o, unnest($21::bigint[], $22::text[], $23::bigint[], "
      + "$24::int[], $25::text[], $26::bigint[], $27::timestamptz[]) AS u), "
      + "l AS (INSERT INTO checkout.points_ledger (user_id, delta, kind, order_id, note) SELECT $2, -$11::bigint, "
      + "'spend', o.id, NULL FROM o WHERE $11::bigint > 0 RETURNING id), "
      + "x AS (INSERT INTO checkout.outbox (id, topic, key, payload) SELECT $28, $29, $30, $31 FROM l) "
      + "SELECT o.*, (SELECT title FROM owned) AS owned_title, (SELECT status FROM owned) AS owned_status, "
      + "(SELECT balance FROM b) AS balance FROM (VALUES (1)) AS v LEFT JOIN o ON true";

  /** The quote's lines in the shape (and order) of an order's items. */
  private static JsonArray quotedLines(JsonObject q) {
    List<JsonObject> lines = new ArrayList<>();
    for (Object o : q.getJsonArray("items")) {
      JsonObject l = (JsonObject) o;
      lines.add(new JsonObject().put("gameId", l.getLong("gameId")).put("title", l.getString("title"))
          .put("list", l.getLong("list")).put("discountPercent", l.getInteger("discountPercent"))
          .put("discountKind", l.getString("discountKind")).put("amount", l.getLong("amount"))
          .put("releaseAt", Instant.parse(l.getString("releaseAt")).toString()));
    }
    lines.sort(Comparator.comparing(l -> l.getLong("gameId")));
    return new JsonArray(new ArrayList<>(lines));
  }

  private Future<JsonObject> pay(JsonObject order, String instrument, Quotes.Buyer buyer) {
    UUID orderId = UUID.fromString(order.getString("id"));
    if (order.getLong("total") == 0) {
      return settled(settlePaid(orderId, "points", null, null), order, null);
    }
    Promise<Row> applied = Promise.promise();
    CHARGING.put(orderId, applied.future());
    return payments.charge(charge(orderId, order.getString("method"), order.getLong("total"),
            order.getString("currency"), order.getInteger("digits"), instrument, order.getString("returnUrl"),
            buyer.userId()))
        .recover(e -> Future.succeededFuture(PaymentGateway.Outcome.unknown(null, e.getMessage())))
        .compose(outcome -> outcome.state() == PaymentGateway.State.SUCCEEDED
            ? settled(settlePaid(orderId, outcome.provider(), outcome.providerRef(), outcome.paymentCountry())
                // committed: a waiting webhook judges the order by the row this call wrote
                .onComplete(paid -> applied.tryComplete(paid.succeeded() ? paid.result() : null)), order,
                outcome.paymentCountry())
            : apply(orderId, order.getString("method"), outcome).compose(v -> get(orderId)))
        .onComplete(done -> {
          CHARGING.remove(orderId, applied.future());
          applied.tryComplete(null);
        });
  }

  /**
   * Orders this JVM's order calls are charging right now (from the charge request until what the provider answered
   * is applied), each with a future completed once it is: with the order's row when this call settled it paid,
   * else null. The provider's webhook for such an order usually arrives
   * while the order call settles it; waiting for that instead of settling too saves a transaction that would only
   * queue on the order's row lock and then find nothing to do. Only a shortcut: an order charged on another node
   * or JVM is settled by whichever comes first, as always.
   */
  private static final Map<UUID, Future<Row>> CHARGING = new ConcurrentHashMap<>();

  /**
   * Completes once the order call charging this order (in this JVM) applied the provider's answer, with the paid
   * order's row ({@link #COLUMNS}) when that call settled it, else with null; null when no call is charging it.
   */
  public static Future<Row> charging(UUID orderId) {
    return CHARGING.get(orderId);
  }

  /**
   * The order after this call settled it (its row from the settling update), or as stored if someone else did:
   * then a card's issuer country this call learnt is kept too (the provider's webhook, which may settle the order
   * first, carries none).
   */
  private Future<JsonObject> settled(Future<Row> settling, JsonObject placed, String paymentCountry) {
    UUID orderId = UUID.fromString(placed.getString("id"));
    return settling.compose(row -> {
      if (row != null) {
        return Future.succeededFuture(view(row, placed.getJsonArray("items")));
      }
      Future<?> country = paymentCountry == null ? Future.succeededFuture()
          : pool.preparedQuery("UPDATE checkout.orders SET payment_country = $2 WHERE id = $1 AND payment_country "
              + "IS NULL").execute(Tuple.of(orderId, paymentCountry));
      return country.compose(v -> get(orderId));
    });
  }

  /** The provider charge of an order; the order id is the idempotency key, so re-issuing it never charges twice. */
  private PaymentGateway.Charge charge(UUID orderId, String method, long total, String currency, int digits,
                                       String instrument, String returnUrl, String buyerId) {
    return new PaymentGateway.Charge(orderId.toString(), orderId.toString(), method, total, currency, digits,
        instrument, returnUrl, buyerId);
  }

  // ---- settling: the one place an order changes state after payment news ----

  /** Applies what a provider said about an order; safe to call any number of times, from anywhere. */
  public Future<Void> apply(UUID orderId, String method, PaymentGateway.Outcome outcome) {
    return switch (outcome.state()) {
      case SUCCEEDED -> settlePaid(orderId, outcome.provider(), outcome.providerRef(), outcome.paymentCountry())
          .mapEmpty();
      case DECLINED -> fail(orderId, outcome.code(), outcome.message(), outcome.paymentCountry());
      case REQUIRES_ACTION, PENDING -> pool.preparedQuery("UPDATE checkout.orders SET status = $2, provider = "
              + "coalesce($3, provider), provider_ref = coalesce($4, provider_ref), next_action_url = $5, "
              + "payment_country = coalesce($6, payment_country) WHERE id = $1 AND status IN ('pending', 'requires_action')")
          .execute(Tuple.of(orderId, outcome.state() == PaymentGateway.State.REQUIRES_ACTION ? "requires_action"
              : "pending", outcome.provider(), outcome.providerRef(), outcome.redirectUrl(), outcome.paymentCountry()))
          .compose(v -> scheduleReconcile(orderId, config.reconcileAfter().multipliedBy(4)));
      case UNKNOWN -> pool.preparedQuery("UPDATE checkout.orders SET provider = coalesce($2, provider), "
              + "provider_ref = coalesce($3, provider_ref), payment_country = coalesce($4, payment_country) WHERE id = $1")
          .execute(Tuple.of(orderId, outcome.provider(), outcome.providerRef(), outcome.paymentCountry()))
          .compose(v -> scheduleReconcile(orderId, config.reconcileAfter()));
    };
  }

  private Future<Void> scheduleReconcile(UUID orderId, Duration after) {
    return pool.preparedQuery("INSERT INTO checkout.jobs (kind, key, run_at) VALUES ('reconcile', $1, $2) "
            + "ON CONFLICT (kind, key) DO UPDATE SET run_at = least(checkout.jobs.run_at, EXCLUDED.run_at), "
            + "done_at = NULL")
        .execute(Tuple.of(orderId.toString(), OffsetDateTime.ofInstant(clock.instant().plus(after), ZoneOffset.UTC)))
        .mapEmpty();
  }

  /**
   * Paid: entitlements (pre-ordered until the release instant, else owned), earned points, the release job and
   * the activity event, all in one transaction, once (the status update is the guard). Answers the order's updated
   * row, or null when it was not pending any more (settled or failed before).
   */
  Future<Row> settlePaid(UUID orderId, String provider, String providerRef, String paymentCountry) {
    Instant now = clock.instant();
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE checkout.orders SET status = 'paid', paid_at = $2, "
                + "provider = coalesce($3, provider), provider_ref = coalesce($4, provider_ref), next_action_url = NULL, "
                // later reports (the 3-D Secure return, status, webhooks) carry no country: keep the charge's
                + "payment_country = coalesce($5, payment_country) "
                + "WHERE id = $1 AND status IN ('pending', 'requires_action') RETURNING " + COLUMNS)
            .execute(Tuple.of(orderId, at, provider, providerRef, paymentCountry))
            .compose(rows -> {
              if (rows.rowCount() == 0) {
                // failed, or paid by another charge: a charge that pays for nothing is recorded and refunded
                return OrphanCharges.detect(this, tx, orderId, providerRef).map((Row) null);
              }
              Row order = rows.iterator().next();
              UUID userId = order.getUUID("user_id");
              // the items, read while each becomes an entitlement (one statement); for a pre-order, a release date
              // the catalog moved since the quote (checkout.game_releases, see ReleaseSchedule) wins over the quoted one
              Future<RowSet<Row>> entitled = tx.preparedQuery("WITH i AS (SELECT oi.game_id, oi.title, "
                      + "oi.list_price, oi.discount_percent, oi.discount_kind, oi.price, CASE WHEN $4 THEN coalesce(r.release_at, oi.release_at) "
                      + "ELSE oi.release_at END AS release_at FROM checkout.order_items oi LEFT JOIN "
                      + "checkout.game_releases r ON r.game_id = oi.game_id WHERE oi.order_id = $1), e AS (INSERT INTO "
                      + "checkout.entitlements (user_id, game_id, order_id, status, release_at, granted_at, owned_at) "
                      + "SELECT $2, game_id, $1, CASE WHEN release_at <= $3 THEN 'owned' ELSE 'pre-ordered' END, "
                      + "release_at, $3, CASE WHEN release_at <= $3 THEN $3 END FROM i), "
                      // settled: its reconciliation job has nothing left to ask (no claim, read and done-mark later)
                      + "j AS (UPDATE checkout.jobs SET done_at = $3 WHERE kind = 'reconcile' AND key = $1::text "
                      + "AND done_at IS NULL) SELECT * FROM i ORDER BY game_id")
                  .execute(Tuple.of(orderId, userId, at, "pre-order".equals(order.getString("kind"))));
              // pipelined (sent without waiting, run in the order sent): the earned points with the entitlements,
              // then the release jobs with the activity event
              Future<Void> earned = PointsLedger.append(tx, userId, order.getLong("points_earned"), "earn", orderId,
                  null);
              return Future.all(entitled, earned).map(v -> entitled.result())
                  .compose(items -> {
                    List<Future<?>> writes = new ArrayList<>();
                    for (Row item : items) {
                      OffsetDateTime release = item.getOffsetDateTime("release_at");
                      if (release.toInstant().isAfter(now)) {
                        writes.add(scheduleRelease(tx, item.getLong("game_id"), release));
                      }
                    }
                    writes.add(event(tx, "checkout.order-paid", order, items, new JsonObject()
                        .put("pointsSpent", order.getLong("points_spent"))
                        .put("pointsEarned", order.getLong("points_earned"))));
                    return Future.all(writes).map(order);
                  });
            }))
        .onSuccess(row -> {
          if (row != null) {
            LOG.info("order {} paid", orderId);
          }
        });
  }

  /**
   * Makes sure the game's release job runs at {@code release}. Only writes when the job is missing, done or at
   * another instant: an upsert would lock the game's job row until commit, serializing every settlement of the
   * game (PostgreSQL locks the conflicting row even when the update's WHERE is false).
   */
  static Future<Void> scheduleRelease(SqlClient tx, long gameId, OffsetDateTime release) {
    return tx.preparedQuery("INSERT INTO checkout.jobs (kind, key, run_at, payload) SELECT 'release', $1, $2, $3 "
            + "WHERE NOT EXISTS (SELECT 1 FROM checkout.jobs WHERE kind = 'release' AND key = $1 AND run_at = $2 "
            + "AND done_at IS NULL) ON CONFLICT (kind, key) DO UPDATE SET run_at = EXCLUDED.run_at, done_at = NULL "
            + "WHERE checkout.jobs.done_at IS NOT NULL OR checkout.jobs.run_at <> EXCLUDED.run_at")
        .execute(Tuple.of(String.valueOf(gameId), release, new JsonObject().put("gameId", gameId))).mapEmpty();
  }

  /** Failed (declined, cancelled, expired): the reserved points come back; once. */
  Future<Void> fail(UUID orderId, String code, String message) {
    return fail(orderId, code, message, null);
  }

  /** {@link #fail(UUID, String, String)}, recording the refused card's issuer country when the provider told it. */
  Future<Void> fail(UUID orderId, String code, String message, String paymentCountry) {
    return pool.withTransaction(tx -> tx.preparedQuery("WITH o AS (UPDATE checkout.orders SET status = 'failed', "
                + "failure_code = $2, failure_message = $3, next_action_url = NULL, payment_country = "
                + "coalesce($4, payment_country) WHERE id = $1 AND status IN ('pending', 'requires_action') "
                + "RETURNING user_id, points_spent), "
                // failed: nothing left for its reconciliation job to ask
                + "j AS (UPDATE checkout.jobs SET done_at = now() WHERE kind = 'reconcile' AND key = $1::text "
                + "AND done_at IS NULL AND EXISTS (SELECT 1 FROM o)) SELECT * FROM o")
            .execute(Tuple.of(orderId, code, message, paymentCountry))
            .compose(rows -> rows.rowCount() == 0
                // failed (or settled) by someone else first, e.g. the provider's webhook, which names no country
                ? (paymentCountry == null ? Future.succeededFuture() : tx.preparedQuery("UPDATE checkout.orders SET "
                    + "payment_country = $2 WHERE id = $1 AND payment_country IS NULL")
                    .execute(Tuple.of(orderId, paymentCountry)).mapEmpty())
                : PointsLedger.append(tx, rows.iterator().next().getUUID("user_id"),
                    rows.iterator().next().getLong("points_spent"), "spend-returned", orderId, "payment failed")))
        .mapEmpty();
  }

  // ---- after a redirect, and reconciliation ----

  /** The buyer came back from the provider's page: ask the provider and settle. */
  public Future<JsonObject> confirm(JsonObject body, String actor) {
    UUID orderId = uuid(body.getString("orderId"), "orderId");
    return row(orderId, actor).compose(order -> {
      String status = order.getString("status");
      if (!status.equals("pending") && !status.equals("requires_action")) {
        return view(order);
      }
      return payments.confirm(order.getString("method"), orderId.toString(), order.getString("provider_ref"),
              body.getJsonObject("params", new JsonObject()))
          .recover(e -> Future.succeededFuture(PaymentGateway.Outcome.unknown(order.getString("provider"), e.getMessage())))
          .compose(outcome -> apply(orderId, order.getString("method"), outcome))
          .compose(v -> get(orderId));
    });
  }

  /** Asks the provider about an unsettled order (the reconciliation job): settles, fails, or tries again later. */
  public Future<Boolean> reconcile(UUID orderId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM checkout.orders WHERE id = $1").execute(Tuple.of(orderId))
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.succeededFuture(true);
          }
          Row order = rows.iterator().next();
          String status = order.getString("status");
          if (!status.equals("pending") && !status.equals("requires_action")) {
            return Future.succeededFuture(true);
          }
          // no provider reference yet (we may have died before storing it): re-issue the charge with the same
          // idempotency key, which answers the provider's first outcome instead of charging again
          Future<PaymentGateway.Outcome> asked = order.getString("provider_ref") == null
              ? payments.charge(charge(orderId, order.getString("method"), order.getLong("total"),
                  order.getString("currency"), order.getInteger("digits"), order.getString("instrument"),
                  order.getString("return_url"), order.getUUID("user_id").toString()))
              : payments.status(order.getString("method"), orderId.toString(), order.getString("provider_ref"));
          return asked
              .recover(e -> Future.succeededFuture(PaymentGateway.Outcome.unknown(null, e.getMessage())))
              .compose(outcome -> {
                LOG.info("reconciling order {}: the provider says {} {} {}", orderId, outcome.state(),
                    outcome.code() == null ? "" : outcome.code(), outcome.message() == null ? "" : outcome.message());
                boolean stale = order.getOffsetDateTime("created_at").toInstant()
                    .plus(Duration.ofHours(24)).isBefore(clock.instant());
                if (outcome.state() == PaymentGateway.State.UNKNOWN && stale) {
                  return fail(orderId, "EXPIRED", "The payment was never confirmed").map(true);
                }
                return apply(orderId, order.getString("method"), outcome)
                    .map(v -> outcome.state() == PaymentGateway.State.SUCCEEDED
                        || outcome.state() == PaymentGateway.State.DECLINED);
              });
        });
  }

  // ---- reading ----

  public Future<JsonObject> get(JsonObject body, String actor) {
    UUID orderId = uuid(body.getString("orderId"), "orderId");
    return row(orderId, actor).compose(this::view);
  }

  Future<JsonObject> get(UUID orderId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM checkout.orders WHERE id = $1").execute(Tuple.of(orderId))
        .compose(rows -> view(rows.iterator().next()));
  }

  /** The order if it is the actor's; NOT_FOUND otherwise (never reveals that someone else's order exists). */
  Future<Row> row(UUID orderId, String actor) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM checkout.orders WHERE id = $1").execute(Tuple.of(orderId))
        .compose(rows -> {
          if (rows.rowCount() == 0 || !rows.iterator().next().getUUID("user_id").toString().equals(actor)) {
            return Future.failedFuture(ServiceError.of(ErrorCode.NOT_FOUND, "No order " + orderId));
          }
          return Future.succeededFuture(rows.iterator().next());
        });
  }

  Future<JsonObject> view(Row o) {
    return items(pool, o.getUUID("id")).map(items -> {
      JsonArray lines = new JsonArray();
      for (Row i : items) {
        lines.add(new JsonObject().put("gameId", i.getLong("game_id")).put("title", i.getString("title"))
            .put("list", i.getLong("list_price")).put("discountPercent", i.getInteger("discount_percent"))
            .put("discountKind", i.getString("discount_kind"))
            .put("amount", i.getLong("price"))
            .put("releaseAt", i.getOffsetDateTime("release_at").toInstant().toString()));
      }
      return view(o, lines);
    });
  }

  /** The order as the API shows it, from its row and its lines (already in the API's shape). */
  static JsonObject view(Row o, JsonArray lines) {
    JsonObject view = new JsonObject()
        .put("id", o.getUUID("id").toString())
        .put("kind", o.getString("kind"))
        .put("status", o.getString("status"))
        .put("country", o.getString("country"))
        .put("currency", o.getString("currency")).put("digits", o.getInteger("digits"))
        .put("items", lines)
        .put("subtotal", o.getLong("subtotal")).put("discount", o.getLong("discount"))
        .put("tax", o.getLong("tax")).put("taxIncluded", o.getBoolean("tax_included"))
        .put("pointsSpent", o.getLong("points_spent")).put("pointsValue", o.getLong("points_value"))
        .put("total", o.getLong("total")).put("pointsEarned", o.getLong("points_earned"))
        .put("method", o.getString("method"))
        .put("returnUrl", o.getString("return_url"))
        .put("createdAt", o.getOffsetDateTime("created_at").toInstant().toString());
    if (o.getString("next_action_url") != null) {
      view.put("nextActionUrl", o.getString("next_action_url"));
    }
    if (o.getString("failure_code") != null) {
      view.put("failure", new JsonObject().put("code", o.getString("failure_code"))
          .put("message", o.getString("failure_message")));
    }
    if (o.getOffsetDateTime("paid_at") != null) {
      view.put("paidAt", o.getOffsetDateTime("paid_at").toInstant().toString());
    }
    if (o.getOffsetDateTime("refunded_at") != null) {
      view.put("refundedAt", o.getOffsetDateTime("refunded_at").toInstant().toString());
    }
    if (o.getString("payment_country") != null) {
      view.put("paymentCountry", o.getString("payment_country"));
    }
    return view;
  }

  static Future<RowSet<Row>> items(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT game_id, title, list_price, discount_percent, discount_kind, price, release_at "
        + "FROM checkout.order_items WHERE order_id = $1 ORDER BY game_id").execute(Tuple.of(orderId));
  }

  /** The activity event of an order change, in the caller's transaction. */
  Future<Void> event(SqlClient tx, String type, Row order, RowSet<Row> items, JsonObject extra) {
    JsonArray lines = new JsonArray();
    String releaseAt = null;
    for (Row i : items) {
      lines.add(new JsonObject().put("gameId", i.getLong("game_id")).put("title", i.getString("title")));
      releaseAt = i.getOffsetDateTime("release_at").toInstant().toString();
    }
    JsonObject data = extra.copy()
        .put("orderId", order.getUUID("id").toString())
        .put("userId", order.getUUID("user_id").toString())
        .put("kind", order.getString("kind"))
        .put("country", order.getString("country"))
        .put("items", lines)
        .put("total", new JsonObject().put("amount", order.getLong("total")).put("currency", order.getString("currency"))
            .put("digits", order.getInteger("digits")))
        .put("releaseAt", releaseAt);
    return OutboxRelay.append(tx, "checkout", CheckoutAddresses.TOPIC, order.getUUID("user_id").toString(),
        EventEnvelope.of(type, 1, data)).onSuccess(v -> kickRelay.run());
  }

  // ---- helpers ----

  static JsonArray ids(JsonObject quote) {
    JsonArray ids = new JsonArray();
    quote.getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getLong("gameId")));
    return ids;
  }

  static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw ServiceError.of(ErrorCode.VALIDATION, field + " is required");
    }
    return s;
  }

  static UUID uuid(String raw, String field) {
    try {
      return UUID.fromString(raw);
    } catch (RuntimeException e) {
      throw ServiceError.of(ErrorCode.VALIDATION, field + " must be an id like 0b1c…");
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Pool pool() {
    return pool;
  }

  Clock clock() {
    return clock;
  }

  CheckoutConfig config() {
    return config;
  }

  PaymentGateway payments() {
    return payments;
  }
}

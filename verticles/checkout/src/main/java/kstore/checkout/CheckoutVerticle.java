package kstore.checkout;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import kstore.checkout.orders.Downloads;
import kstore.checkout.orders.JobRunner;
import kstore.checkout.orders.LibraryService;
import kstore.checkout.orders.OrderService;
import kstore.checkout.orders.OrphanCharges;
import kstore.checkout.orders.OrphanChargesAdmin;
import kstore.checkout.orders.PaymentGateway;
import kstore.checkout.orders.PointsLedger;
import kstore.checkout.orders.Quotes;
import kstore.checkout.orders.ReleaseSchedule;
import kstore.checkout.payments.PaymentMethods;
import kstore.checkout.payments.PaymentProviders;
import kstore.checkout.payments.PaymentsConfig;
import kstore.checkout.payments.ProviderEndpoint;
import kstore.checkout.payments.WebhookEvent;
import kstore.checkout.payments.WebhookVerifier;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.contracts.checkout.CheckoutAddresses;
import kstore.platform.Bus;
import kstore.platform.KafkaConfig;
import kstore.platform.OutboxRelay;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the checkout (S1.3–S1.16, R10): schema {@code checkout}, the payment methods and provider adapters,
 * our webhook endpoint registered at each provider, the addresses of {@link CheckoutAddresses}, the catalog's
 * game-changed events (release dates that move), the durable job runner (release day, reconciliation, refunds of
 * orphan charges) and the outbox relay to Kafka.
 */
public class CheckoutVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CheckoutVerticle.class);

  private Pool pool;
  private PaymentProviders providers;
  private JobRunner jobs;
  private OutboxRelay relay;
  private final Map<String, WebhookVerifier> verifiers = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  /** The clock of orders, quotes and jobs; tests replace it to move time. */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    CheckoutConfig config = CheckoutConfig.from(conf);
    Regions regions = Regions.load();
    Quotes.requireWholeUnits(config, regions);
    PgConfig pg = PgConfig.from(conf);
    pool = Pg.pool(vertx, pg);
    PaymentsConfig payments = PaymentsConfig.from(conf, System.getenv());
    PaymentMethods methods = PaymentMethods.load(payments);
    providers = PaymentProviders.create(vertx, payments, methods, regions);
    Clock clock = clock();
    KafkaConfig kafka = KafkaConfig.from(conf);
    return Pg.migrate(vertx, pg, "checkout")
        .compose(n -> quoteSecret(config))
        .compose(secret -> registerWebhooks(config).map(secret))
        .compose(secret -> {
          Quotes quotes = new Quotes(vertx, config, regions, clock, secret);
          OrderService orders = new OrderService(pool, quotes, new ProviderGateway(providers, config.publicUrl()),
              (country, method) -> methods.require(country, method), config, clock, () -> {
                if (relay != null) {
                  relay.kick();
                }
              });
          LibraryService library = new LibraryService(orders);
          Downloads downloads = new Downloads(vertx, orders, clock, secret);
          PointsLedger points = new PointsLedger(pool);
          if (kafka.configured()) {
            relay = new OutboxRelay(vertx, pool, kafka, "checkout").start(config.relayMs());
          } else {
            LOG.warn("config key 'kafka.bootstrap' is not set: checkout events stay in checkout.outbox until it is");
          }
          ReleaseSchedule releases = new ReleaseSchedule(vertx, pool, clock);
          jobs = new JobRunner(vertx, pool, orders, releases, new OrphanCharges(orders, config.orphanRefunds()), clock)
              .start(config.jobsPollMs());
          OrphanChargesAdmin orphanCharges = new OrphanChargesAdmin(orders);
          // published to every instance: each applies it (idempotent, one per game at a time)
          consumers.add(vertx.eventBus().<Object>consumer(CatalogAddresses.EVENTS_GAME_CHANGED, msg -> {
            if (msg.body() instanceof JsonObject envelope) {
              releases.onGameChanged(envelope).onFailure(e -> LOG.warn("catalog event {} not applied (the release "
                  + "job asks the catalog again): {}", envelope.getString("id"), e.toString()));
            }
          }));
          handle(CheckoutAddresses.PING, (b, h) -> Future.succeededFuture(new JsonObject().put("ok", true)));
          handle(CheckoutAddresses.PAYMENT_METHODS, (b, h) -> Future.succeededFuture(new JsonObject()
              .put("country", b.getString("country")).put("methods", methods.forCountry(b.getString("country")))));
          handle(CheckoutAddresses.QUOTE, (b, h) -> {
            Quotes.Buyer buyer = buyer(h);
            return quotes.quote(b, buyer).compose(q -> PointsLedger.balance(pool, UUID.fromString(buyer.userId()))
                .map(balance -> q.put("pointsBalance", balance)));
          });
          handle(CheckoutAddresses.CREATE_ORDER, (b, h) -> orders.create(b, buyer(h)));
          handle(CheckoutAddresses.GET_ORDER, (b, h) -> orders.get(b, buyer(h).userId()));
          handle(CheckoutAddresses.CONFIRM_ORDER, (b, h) -> orders.confirm(b, buyer(h).userId()));
          handle(CheckoutAddresses.REFUND_ORDER, (b, h) -> library.refund(b, buyer(h).userId()));
          handle(CheckoutAddresses.LIBRARY, (b, h) -> library.library(buyer(h).userId()));
          handle(CheckoutAddresses.POINTS, (b, h) -> points.statement(UUID.fromString(buyer(h).userId()), 50));
          handle(CheckoutAddresses.WEBHOOK, (b, h) -> webhook(b, orders));
          handle(CheckoutAddresses.DOWNLOAD, (b, h) -> downloads.link(b, buyer(h)));
          handle(CheckoutAddresses.DOWNLOAD_VERIFY, (b, h) -> downloads.verify(b));
          handle(CheckoutAddresses.ADMIN_ORPHAN_CHARGES, orphanCharges::list);
          handle(CheckoutAddresses.ADMIN_ORPHAN_CHARGE_RETRY, orphanCharges::retry);
          return Future.succeededFuture();
        });
  }

  /** The quote key: configured, else generated once per store and shared by every node through the schema. */
  private Future<byte[]> quoteSecret(CheckoutConfig config) {
    if (config.quoteSecret() != null) {
      return Future.succeededFuture(config.quoteSecret().getBytes(StandardCharsets.UTF_8));
    }
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    return pool.preparedQuery("INSERT INTO checkout.settings (name, value) VALUES ('quote-secret', $1) "
            + "ON CONFLICT (name) DO NOTHING").execute(Tuple.of(Base64.getEncoder().encodeToString(fresh)))
        .compose(v -> pool.preparedQuery("SELECT value FROM checkout.settings WHERE name = 'quote-secret'").execute())
        .map(rows -> Base64.getDecoder().decode(rows.iterator().next().getString("value")));
  }

  /** Registers {@code <publicUrl>/api/v1/payments/webhooks/<endpoint>} at each provider endpoint and keeps its secret. */
  private Future<Void> registerWebhooks(CheckoutConfig config) {
    List<Future<?>> all = new ArrayList<>();
    for (ProviderEndpoint endpoint : providers.endpoints()) {
      String name = endpoint.sandbox() ? "sandbox" : endpoint.name();
      String url = config.publicUrl() + "/api/v1/payments/webhooks/" + name;
      all.add(providers.webhookEndpoints(endpoint).register(url)
          .onSuccess(r -> verifiers.put(name, new WebhookVerifier(r.secret(), Clock.systemUTC())))
          .onFailure(e -> LOG.warn("could not register the webhook endpoint {} at {}: {} (payments still work; "
              + "reconciliation settles them)", url, endpoint, e.toString())));
    }
    return Future.join(all).otherwiseEmpty().mapEmpty();
  }

  /** A provider's webhook: verified (signature, timestamp), de-duplicated by event id, then applied to its order. */
  private Future<JsonObject> webhook(JsonObject body, OrderService orders) {
    String provider = body.getString("provider");
    WebhookVerifier verifier = verifiers.get(provider);
    if (verifier == null) {
      LOG.warn("webhook for unknown endpoint '{}' refused", provider);
      return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "Unknown webhook endpoint " + provider));
    }
    WebhookEvent event;
    try {
      event = verifier.verify(body.getString("signature"), Buffer.buffer(body.getString("body", "")));
    } catch (ReplyException e) {
      LOG.warn("webhook refused ({}): {}", provider, e.getMessage());
      return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "Webhook refused: " + e.getMessage()));
    }
    UUID named = event.paymentStep().isPresent() ? event.orderId().map(CheckoutVerticle::uuidOrNull).orElse(null)
        : null;
    if (named != null) {   // the usual case: recorded and its order read in one statement
      return pool.preparedQuery("WITH e AS (INSERT INTO checkout.payment_events (event_id, provider, type, verdict) "
              + "VALUES ($1, $2, $3, 'accepted') ON CONFLICT (event_id) DO NOTHING RETURNING 1) SELECT EXISTS "
              + "(SELECT 1 FROM e) AS fresh, o.method, o.status, o.provider_ref FROM (VALUES (1)) AS x LEFT JOIN "
              + "checkout.orders o ON o.id = $4")
          .execute(Tuple.of(event.id(), provider, event.type(), named))
          .compose(rows -> {
            Row row = rows.iterator().next();
            if (!row.getBoolean("fresh")) {
              LOG.info("webhook {} {} already handled: ignored", event.type(), event.id());
              return Future.succeededFuture(new JsonObject().put("handled", false).put("duplicate", true));
            }
            Future<Void> applied = row.getString("method") == null ? noOrder(event)
                : afterOrderCall(named, row).compose(order -> order == null ? noOrder(event)
                    : applyToOrder(event, named, order, orders));
            return applied
                .recover(e -> pool.preparedQuery("DELETE FROM checkout.payment_events WHERE event_id = $1")
                    .execute(Tuple.of(event.id())).compose(v -> Future.failedFuture(e)))
                .map(v -> new JsonObject().put("handled", true));
          });
    }
    return pool.preparedQuery("INSERT INTO checkout.payment_events (event_id, provider, type, verdict) VALUES "
            + "($1, $2, $3, 'accepted') ON CONFLICT (event_id) DO NOTHING").execute(Tuple.of(event.id(), provider,
            event.type()))
        .compose(inserted -> {
          if (inserted.rowCount() == 0) {
            LOG.info("webhook {} {} already handled: ignored", event.type(), event.id());
            return Future.succeededFuture(new JsonObject().put("handled", false).put("duplicate", true));
          }
          return applyEvent(event, orders)
              .recover(e -> pool.preparedQuery("DELETE FROM checkout.payment_events WHERE event_id = $1")
                  .execute(Tuple.of(event.id())).compose(v -> Future.failedFuture(e)))
              .map(v -> new JsonObject().put("handled", true));
        });
  }

  private Future<Void> applyEvent(WebhookEvent event, OrderService orders) {
    if (event.paymentStep().isEmpty()) {
      return Future.succeededFuture();
    }
    Future<UUID> orderId = event.orderId().map(id -> Future.succeededFuture(UUID.fromString(id)))
        .orElseGet(() -> event.providerRef().map(ref -> pool.preparedQuery("SELECT id FROM checkout.orders "
                + "WHERE provider_ref = $1").execute(Tuple.of(ref))
            .map(rows -> rows.rowCount() == 0 ? (UUID) null : rows.iterator().next().getUUID("id")))
            .orElse(Future.succeededFuture(null)));
    return orderId.compose(id -> {
      if (id == null) {
        return noOrder(event);
      }
      return judged(id).compose(order -> order == null ? noOrder(event) : applyToOrder(event, id, order, orders));
    });
  }

  /**
   * The order as the webhook should judge it: when an order call of this JVM is charging the order right now (the
   * usual race: the provider sends the webhook as it answers the charge), its state once that call applied the
   * provider's answer: the row that call wrote when it settled the order, else read again; otherwise the row as
   * read.
   */
  private Future<Row> afterOrderCall(UUID orderId, Row read) {
    Future<Row> charging = OrderService.charging(orderId);
    String status = read.getString("status");
    if (charging == null || !(status.equals("pending") || status.equals("requires_action"))) {
      return Future.succeededFuture(read);
    }
    Context here = vertx.getOrCreateContext();
    Promise<Row> applied = Promise.promise();
    charging.onComplete(done -> here.runOnContext(v -> applied.complete(done.succeeded() ? done.result() : null)));
    return applied.future().compose(paid -> paid != null ? Future.succeededFuture(paid) : judged(orderId));
  }

  /** What a webhook judges an order by ({@code method}, {@code status}, {@code provider_ref}); null when unknown. */
  private Future<Row> judged(UUID orderId) {
    return pool.preparedQuery("SELECT method, status, provider_ref FROM checkout.orders WHERE id = $1")
        .execute(Tuple.of(orderId)).map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next());
  }

  private static Future<Void> noOrder(WebhookEvent event) {
    LOG.warn("webhook {} {} names no order of ours", event.type(), event.id());
    return Future.succeededFuture();
  }

  /** Applies a payment step to its order ({@code method}, {@code status} and {@code provider_ref} read). */
  private static Future<Void> applyToOrder(WebhookEvent event, UUID id, Row order, OrderService orders) {
    PaymentGateway.Outcome outcome = ProviderGateway.map(order.getString("method"), event.paymentStep().get());
    String status = order.getString("status");
    if (outcome.state() == PaymentGateway.State.SUCCEEDED && !status.equals("pending")
        && !status.equals("requires_action")
        && OrphanCharges.reason(status, order.getString("provider_ref"), outcome.providerRef()) == null) {
      return Future.succeededFuture();   // the usual case: the order call settled this very charge already
    }
    return orders.apply(id, order.getString("method"), outcome);
  }

  private static UUID uuidOrNull(String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Quotes.Buyer buyer(MultiMap headers) {
    String actor = headers.get(Headers.ACTOR);
    if (actor == null || "anonymous".equals(actor)) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "Sign in first");
    }
    String residence = headers.get(Headers.ACTOR_COUNTRY);
    if (residence == null) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "The buyer's residence country is unknown; sign in again");
    }
    String lang = headers.get("x-lang");
    return new Quotes.Buyer(actor, residence, headers.get(Headers.REQUEST_COUNTRY), lang == null ? "en" : lang,
        headers.get(Headers.REQUEST_ID));
  }

  private void handle(String address, BiFunction<JsonObject, MultiMap, Future<JsonObject>> handler) {
    consumers.add(Bus.serve(vertx, address, "checkout", LOG, handler));
  }

  @Override
  public Future<?> stop() {
    if (jobs != null) {
      jobs.stop();
    }
    List<Future<?>> all = new ArrayList<>();
    consumers.forEach(c -> all.add(c.unregister()));
    if (relay != null) {
      all.add(relay.stop());
    }
    return Future.join(all).eventually(() -> {
      if (providers != null) {
        providers.close();
      }
      return pool == null ? Future.succeededFuture() : pool.close();
    });
  }
}

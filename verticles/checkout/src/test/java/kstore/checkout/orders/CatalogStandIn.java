package kstore.checkout.orders;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import kstore.contracts.ErrorCode;
import kstore.contracts.EventEnvelope;
import kstore.contracts.catalog.CatalogAddresses;

/**
 * Stands in for the catalog verticle (a sibling module the checkout may not depend on) on its contract addresses
 * ({@code verticles/contracts/README.md}): {@code catalog.games.get} answers a GameDetail of the games a test made, and
 * {@link #publishChanged} publishes {@code catalog.events.game-changed} in the envelope the catalog's admin writes
 * ({@code {id, slug, action, version, actor, changed}}). The status follows the release instant and the test clock.
 */
final class CatalogStandIn implements AutoCloseable {
  /** A game as the stand-in sells it: one price, in US dollars and Japanese yen, and Kenyan shillings. */
  private record Game(long id, String title, Instant releaseAt, long usd, long jpy, int version, KenyanPrice kes) {
  }

  /** What the catalog shows in Kenya: the list price, the sale percentage and the amount after it, in KES cents. */
  record KenyanPrice(long list, int discountPercent, long amount) {
  }

  private static final AtomicLong NEXT_ID = new AtomicLong(700_000_000L + (System.nanoTime() & 0xFFFFF) * 100);

  private final Vertx vertx;
  private final Clock clock;
  private final Map<Long, Game> games = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> asked = new ConcurrentHashMap<>();
  private final Set<Long> silent = ConcurrentHashMap.newKeySet();
  private final MessageConsumer<JsonObject> consumer;

  CatalogStandIn(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    consumer = vertx.eventBus().consumer(CatalogAddresses.GET, msg -> {
      String raw = msg.body().getString("idOrSlug");
      Game g = raw == null || !raw.matches("\\d+") ? null : games.get(Long.parseLong(raw));
      if (g == null) {
        msg.fail(ErrorCode.NOT_FOUND.failureCode(), "no game with id " + raw);
        return;
      }
      asked.computeIfAbsent(g.id(), k -> new AtomicInteger()).incrementAndGet();
      if (silent.contains(g.id())) {
        msg.fail(ErrorCode.UNAVAILABLE.failureCode(), "the catalog could not answer; try again");
        return;
      }
      msg.reply(detail(g, msg.body().getString("country", "US")));
    });
    CheckoutStack.await(consumer.completion());
  }

  /** A new game released (or to be released) at {@code releaseAt}, sold worldwide at US$49.99 / ¥7,000. */
  long game(String title, Instant releaseAt) {
    long id = NEXT_ID.incrementAndGet();
    games.put(id, new Game(id, title, releaseAt, 4999, 7000, 1, new KenyanPrice(379_900, 0, 379_900)));
    return id;
  }

  /** A released game that the catalog shows in Kenya as {@code kenya} (a sale), and as US$49.99 / ¥7,000 elsewhere. */
  long gameInKenya(String title, KenyanPrice kenya) {
    long id = NEXT_ID.incrementAndGet();
    games.put(id, new Game(id, title, clock.instant().minusSeconds(86_400), 4999, 7000, 1, kenya));
    return id;
  }

  /** The publisher moves the release; the event is published only by {@link #publishChanged}. */
  void moveRelease(long id, Instant releaseAt) {
    games.computeIfPresent(id, (k, g) -> new Game(g.id(), g.title(), releaseAt, g.usd(), g.jpy(), g.version() + 1, g.kes()));
  }

  /** What the catalog's admin publishes after a change of the release instant. */
  void publishChanged(long id) {
    Game g = games.get(id);
    vertx.eventBus().publish(CatalogAddresses.EVENTS_GAME_CHANGED, EventEnvelope.of("catalog.game-changed", 1,
        new JsonObject().put("id", id).put("slug", "game-" + id).put("action", "update").put("version", g.version())
            .put("actor", "publisher-1").put("changed", new JsonArray().add("releaseAt"))));
  }

  /** While silent, the catalog answers UNAVAILABLE for this game. */
  void silence(long id, boolean on) {
    if (on) {
      silent.add(id);
    } else {
      silent.remove(id);
    }
  }

  /** How many times the game was asked for. */
  int asked(long id) {
    AtomicInteger n = asked.get(id);
    return n == null ? 0 : n.get();
  }

  private JsonObject detail(Game g, String country) {
    boolean released = !g.releaseAt().isAfter(clock.instant());
    boolean jp = "JP".equals(country);
    long amount = jp ? g.jpy() : g.usd();
    JsonObject price = new JsonObject().put("currency", jp ? "JPY" : "USD").put("digits", jp ? 0 : 2)
        .put("list", amount).put("amount", amount).put("discountPercent", 0).put("free", false);
    if ("KE".equals(country)) {
      price = new JsonObject().put("currency", "KES").put("digits", 2).put("list", g.kes().list())
          .put("amount", g.kes().amount()).put("discountPercent", g.kes().discountPercent()).put("free", false);
      if (g.kes().discountPercent() > 0) {
        price.put("discountKind", "sale").put("discountEndsAt", clock.instant().plusSeconds(86_400).toString());
      }
    }
    return new JsonObject()
        .put("id", g.id()).put("slug", "game-" + g.id()).put("title", g.title())
        .put("releaseAt", g.releaseAt().toString())
        .put("status", released ? "released" : "pre-order")
        .put("price", price)
        .put("serviceCountries", (Object) null).put("blockedCountries", new JsonArray())
        .put("availability", new JsonObject().put("purchasable", true));
  }

  @Override
  public void close() {
    CheckoutStack.await(consumer.unregister());
  }
}

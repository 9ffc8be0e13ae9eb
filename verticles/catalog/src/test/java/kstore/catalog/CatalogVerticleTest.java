package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.devstack.DevStack;
import kstore.platform.KafkaConfig;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalog verticle on the real stack (PostgreSQL, Kafka from the dev stack): two instances sharing
 * this JVM's index, plus one more deployment with its own index standing in for a second node.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CatalogVerticleTest {
  private static final String OTHER_NODE = "catalog-test-other-node";
  private static final long SEEDED = 27_075 + 12;
  /** How long tests that are not about propagation time wait for every instance to agree. */
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private Vertx vertx;
  private JsonObject config;
  private Pool pool;
  private KafkaConsumer<String, String> consumer;
  private final Map<String, JsonObject> kafkaEvents = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    config = StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()), DevStack.shared().config());
    JsonObject otherNode = config.copy();
    otherNode.getJsonObject("catalog").put("indexName", OTHER_NODE);
    pool = Pg.pool(vertx, PgConfig.from(config));
    consumer = KafkaConsumer.create(vertx, KafkaConfig.from(config).consumer("catalog-test-" + UUID.randomUUID()));
    consumer.handler(this::onKafka);
    // Both deployments start together, as nodes of a cluster would: the seed must still import once.
    Future.all(
            vertx.deployVerticle(CatalogVerticle.class.getName(), new DeploymentOptions().setInstances(2).setConfig(config)),
            vertx.deployVerticle(CatalogVerticle.class.getName(), new DeploymentOptions().setConfig(otherNode)))
        .compose(v -> consumer.subscribe(CatalogAddresses.TOPIC))
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  void close() {
    if (consumer != null) {
      consumer.close();
    }
  }

  private void onKafka(KafkaConsumerRecord<String, String> record) {
    JsonObject event = new JsonObject(record.value());
    kafkaEvents.put(event.getString("id"), event);
  }

  // ---------------------------------------------------------------- helpers

  private static DeliveryOptions as(String actor, String roles) {
    DeliveryOptions o = new DeliveryOptions().setSendTimeout(15_000).addHeader(Headers.REQUEST_ID, "test-" + UUID.randomUUID());
    if (actor != null) {
      o.addHeader(Headers.ACTOR, actor);
    }
    if (roles != null) {
      o.addHeader(Headers.ACTOR_ROLES, roles);
    }
    return o;
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return request(address, body, as(null, null));
  }

  private Future<JsonObject> request(String address, JsonObject body, DeliveryOptions options) {
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }

  private Future<JsonObject> admin(String address, JsonObject body) {
    return request(address, body, as("publisher-7", "player,publisher"));
  }

  /** Polls until {@code check} holds, every 25 ms, failing after {@code within}. */
  private <T> Future<T> eventually(Duration within, java.util.function.Supplier<Future<T>> attempt,
                                   java.util.function.Predicate<T> check) {
    Promise<T> done = Promise.promise();
    long deadline = System.nanoTime() + within.toNanos();
    poll(attempt, check, deadline, done);
    return done.future();
  }

  private <T> void poll(java.util.function.Supplier<Future<T>> attempt, java.util.function.Predicate<T> check,
                        long deadline, Promise<T> done) {
    attempt.get().onComplete(ar -> {
      if (ar.succeeded() && check.test(ar.result())) {
        done.complete(ar.result());
      } else if (System.nanoTime() > deadline) {
        done.fail(new AssertionError("condition not met in time; last: " + (ar.succeeded() ? ar.result() : ar.cause())));
      } else {
        vertx.setTimer(25, t -> poll(attempt, check, deadline, done));
      }
    });
  }

  private static JsonObject registration(String title) {
    return GameInputTest.registration()
        .put("titles", new JsonObject().put("en", title).put("ko", "등불지기 " + title.length()))
        .put("releaseAt", Instant.now().plus(Duration.ofDays(20)).toString());
  }

  private static boolean lists(JsonObject searchResult, long id) {
    return searchResult.getJsonArray("items").stream().anyMatch(o -> ((JsonObject) o).getLong("id") == id);
  }

  private static ErrorCode code(Throwable err) {
    return ServiceError.codeOf(err);
  }

  // ---------------------------------------------------------------- tests

  @Test
  @DisplayName("catalog.ping answers ready with every seeded game, on an index built from PostgreSQL")
  void ping(VertxTestContext ctx) {
    request(CatalogAddresses.PING, new JsonObject()).onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
      assertThat(pong.getBoolean("ready")).isTrue();
      assertThat(pong.getLong("games")).isGreaterThanOrEqualTo(SEEDED);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("the seed is imported once although three instances started together, and importing again does nothing")
  void seedOnce(VertxTestContext ctx) {
    CatalogRepository repo = new CatalogRepository(pool);
    pool.query("SELECT (SELECT count(*) FROM catalog.games WHERE source IN ('seed', 'demo')) AS games, "
            + "(SELECT count(*) FROM catalog.seed_marker) AS markers, "
            + "(SELECT count(*) FROM catalog.game_prices p JOIN catalog.games g ON g.id = p.game_id "
            + " WHERE g.source = 'seed') AS prices").execute()
        .compose(rows -> {
          Row r = rows.iterator().next();
          ctx.verify(() -> {
            assertThat(r.getLong("games")).isEqualTo(SEEDED);
            assertThat(r.getLong("markers")).isEqualTo(1);
            assertThat(r.getLong("prices")).as("every seeded game in every currency")
                .isEqualTo(27_075L * PriceTiers.CURRENCIES.size());
          });
          return new SeedImporter(vertx, repo, CatalogConfig.from(config)).importOnce();
        })
        .onComplete(ctx.succeeding(imported -> ctx.verify(() -> {
          assertThat(imported).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a database stored before a currency joined the tier ladder gets that currency's tier prices at start")
  void missingTierPricesFilled(VertxTestContext ctx) {
    CatalogRepository repo = new CatalogRepository(pool);
    String read = "SELECT g.id, p.currency, p.amount, g.price_tier_usd FROM catalog.game_prices p JOIN catalog.games g "
        + "ON g.id = p.game_id WHERE g.id IN (10, 20) AND p.currency IN ('KES', 'ZAR') ORDER BY g.id, p.currency";
    List<String> before = new ArrayList<>();
    pool.query(read).execute()
        .compose(rows -> {
          rows.forEach(r -> {
            before.add(r.getLong("id") + " " + r.getString("currency") + " " + r.getLong("amount"));
            // the seeded price is the tier's
            assertThat(r.getLong("amount")).isEqualTo(PriceTiers.byNameOrIndex(r.getLong("price_tier_usd")).orElseThrow()
                .prices().get(r.getString("currency")));
          });
          // as if games 10 and 20 had been stored before KES and ZAR joined the ladder
          return pool.query("DELETE FROM catalog.game_prices WHERE game_id IN (10, 20) AND currency IN ('KES', 'ZAR')")
              .execute();
        })
        .compose(v -> repo.fillMissingTierPrices())
        .compose(added -> pool.query(read).execute().map(rows -> {
          List<String> after = new ArrayList<>();
          rows.forEach(r -> after.add(r.getLong("id") + " " + r.getString("currency") + " " + r.getLong("amount")));
          return Map.entry(added, after);
        }))
        .compose(result -> repo.fillMissingTierPrices().map(again -> Map.entry(result, again)))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(before).hasSize(4);
          assertThat(r.getKey().getKey()).isEqualTo(4);
          assertThat(r.getKey().getValue()).isEqualTo(before);
          assertThat(r.getValue()).as("a second start adds nothing").isZero();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("changing the catalog without the admin or publisher role is FORBIDDEN, without an actor UNAUTHENTICATED")
  void forbidden(VertxTestContext ctx) {
    request(CatalogAddresses.ADMIN_CREATE, registration("Forbidden Game"), as("player-1", "player"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(code(err)).isEqualTo(ErrorCode.FORBIDDEN);
          request(CatalogAddresses.ADMIN_UPDATE, new JsonObject().put("id", 10).put("ageRating", 18), as("x", null))
              .onComplete(ctx.failing(err2 -> ctx.verify(() -> {
                assertThat(code(err2)).isEqualTo(ErrorCode.FORBIDDEN);
                request(CatalogAddresses.ADMIN_AUDIT, new JsonObject().put("id", 10), as(null, "admin"))
                    .onComplete(ctx.failing(err3 -> ctx.verify(() -> {
                      assertThat(code(err3)).isEqualTo(ErrorCode.UNAUTHENTICATED);
                      ctx.completeNow();
                    })));
              })));
        })));
  }

  @Test
  @DisplayName("invalid requests are refused with VALIDATION naming the field; unknown games are NOT_FOUND")
  void validationAndNotFound(VertxTestContext ctx) {
    Future<Throwable> badAge = admin(CatalogAddresses.ADMIN_CREATE, registration("Bad Age").put("ageRating", 99))
        .map(ok -> (Throwable) null).recover(Future::succeededFuture);
    Future<Throwable> badSearch = request(CatalogAddresses.SEARCH, new JsonObject().put("country", "KR").put("size", 500))
        .map(ok -> (Throwable) null).recover(Future::succeededFuture);
    Future<Throwable> notJson = vertx.eventBus().request(CatalogAddresses.GET, "hello", as(null, null))
        .map(ok -> (Throwable) null).recover(Future::succeededFuture);
    Future<Throwable> unknownId = request(CatalogAddresses.GET, new JsonObject().put("idOrSlug", "987654321").put("country", "US"))
        .map(ok -> (Throwable) null).recover(Future::succeededFuture);
    Future<Throwable> unknownSlug = request(CatalogAddresses.GET, new JsonObject().put("idOrSlug", "no-such-game").put("country", "US"))
        .map(ok -> (Throwable) null).recover(Future::succeededFuture);
    Future<Throwable> unknownUpdate = admin(CatalogAddresses.ADMIN_UPDATE, new JsonObject().put("id", 987654321).put("ageRating", 3))
        .map(ok -> (Throwable) null).recover(Future::succeededFuture);
    Future.all(badAge, badSearch, notJson, unknownId, unknownSlug, unknownUpdate).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(code(badAge.result())).isEqualTo(ErrorCode.VALIDATION);
      assertThat(badAge.result().getMessage()).contains("ageRating");
      assertThat(code(badSearch.result())).isEqualTo(ErrorCode.VALIDATION);
      assertThat(badSearch.result().getMessage()).contains("size");
      assertThat(code(notJson.result())).isEqualTo(ErrorCode.VALIDATION);
      assertThat(code(unknownId.result())).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(code(unknownSlug.result())).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(code(unknownUpdate.result())).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(unknownUpdate.result()).isInstanceOf(ReplyException.class);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a registered game is searchable within a second on every instance, audited with its actor and relayed to Kafka")
  void registerSearchAuditRelay(VertxTestContext ctx) {
    String title = "Lantern Keepers " + UUID.randomUUID().toString().substring(0, 8);
    long[] id = new long[1];
    admin(CatalogAddresses.ADMIN_CREATE, registration(title))
        .compose(created -> {
          id[0] = created.getLong("id");
          ctx.verify(() -> {
            assertThat(id[0]).isGreaterThan(10_000_000L);
            assertThat(created.getString("slug")).startsWith("lantern-keepers-");
            assertThat(created.getString("status")).isEqualTo("pre-order");
            assertThat(created.getJsonObject("prices").getLong("KRW")).isEqualTo(22_000L);
            assertThat(created.getJsonObject("price").getInteger("discountPercent")).isEqualTo(15);
          });
          // Any instance answers a search; the separately indexed "other node" is checked directly.
          return Future.all(
              eventually(Duration.ofSeconds(1), () -> request(CatalogAddresses.SEARCH,
                  new JsonObject().put("q", title).put("country", "US")), r -> lists(r, id[0])),
              eventually(Duration.ofSeconds(1), () -> Future.succeededFuture(otherNodeFinds(title, id[0])), b -> b));
        })
        .compose(found -> request(CatalogAddresses.GET, new JsonObject().put("idOrSlug", String.valueOf(id[0]))
            .put("country", "KR").put("lang", "ko")))
        .compose(detail -> {
          ctx.verify(() -> {
            assertThat(detail.getString("title")).startsWith("등불지기");
            assertThat(detail.getJsonObject("availability").getBoolean("purchasable")).isTrue();
            assertThat(detail.getJsonObject("price").getString("currency")).isEqualTo("KRW");
            assertThat(detail.getJsonObject("price").getLong("amount")).isEqualTo(18_700L);
            assertThat(detail.getJsonObject("discount").getString("kind")).isEqualTo("pre-order");
          });
          return request(CatalogAddresses.ADMIN_AUDIT, new JsonObject().put("id", id[0]), as("admin-1", "admin"));
        })
        .compose(audit -> {
          ctx.verify(() -> {
            JsonObject entry = audit.getJsonArray("items").getJsonObject(0);
            assertThat(entry.getString("actor")).isEqualTo("publisher-7");
            assertThat(entry.getString("action")).isEqualTo("create");
            assertThat(entry.getJsonObject("changes").getJsonObject("titles").getJsonObject("to").getString("en"))
                .isEqualTo(title);
            assertThat(entry.getString("at")).isNotBlank();
          });
          return eventually(Duration.ofSeconds(20), () -> Future.succeededFuture(kafkaEvents.values().stream()
              .filter(e -> e.getJsonObject("data").getLong("id") == id[0]).findFirst()), java.util.Optional::isPresent);
        })
        .compose(event -> {
          ctx.verify(() -> {
            JsonObject e = event.orElseThrow();
            assertThat(e.getString("type")).isEqualTo("catalog.game-changed");
            assertThat(e.getInteger("version")).isEqualTo(1);
            assertThat(e.getJsonObject("data").getString("action")).isEqualTo("create");
          });
          return pool.preparedQuery("SELECT count(*) AS n FROM catalog.outbox WHERE key = $1 AND published_at IS NOT NULL")
              .execute(Tuple.of(String.valueOf(id[0])));
        })
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getLong("n")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** True when the separately indexed deployment (the "other node") finds the game by its title. */
  private boolean otherNodeFinds(String title, long id) {
    SharedCatalog other = SharedCatalog.peek(OTHER_NODE);
    if (other == null || other.index().get(id) == null) {
      return false;
    }
    SearchRequest r = SearchRequest.parse(new JsonObject().put("q", title).put("country", "US"), SeedFixture.regions());
    return other.index().search(r, "USD").ids().contains(id);
  }

  @Test
  @DisplayName("setting a sale changes the price in every country within a second, and the update is audited")
  void discountChangesPrice(VertxTestContext ctx) {
    String title = "Clockwork Orchard " + UUID.randomUUID().toString().substring(0, 8);
    JsonObject released = registration(title).put("status", "released").put("releaseAt", "2025-11-01T00:00:00Z")
        .put("priceTier", 5999);
    released.remove("discount");
    long[] id = new long[1];
    Function<JsonObject, Long> krw = r -> r.getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("id") == id[0]).map(o -> o.getJsonObject("price").getLong("amount")).findFirst().orElse(-1L);
    admin(CatalogAddresses.ADMIN_CREATE, released)
        .compose(created -> {
          id[0] = created.getLong("id");
          return eventually(SETTLE, () -> request(CatalogAddresses.SEARCH,
              new JsonObject().put("q", title).put("country", "KR")), r -> krw.apply(r) == 66_000L);
        })
        .compose(v -> admin(CatalogAddresses.ADMIN_UPDATE, new JsonObject().put("id", id[0]).put("discount",
            new JsonObject().put("percent", 50).put("kind", "sale").put("startsAt", Instant.now().minusSeconds(60).toString())
                .put("endsAt", Instant.now().plus(Duration.ofDays(3)).toString()))))
        .compose(updated -> {
          ctx.verify(() -> assertThat(updated.getInteger("version")).isEqualTo(2));
          return Future.all(
              eventually(Duration.ofSeconds(1), () -> request(CatalogAddresses.SEARCH,
                  new JsonObject().put("q", title).put("country", "KR").put("onSale", true)), r -> krw.apply(r) == 33_000L),
              eventually(Duration.ofSeconds(1), () -> Future.succeededFuture(SharedCatalog.peek(OTHER_NODE)),
                  other -> other != null && other.index().get(id[0]) != null && other.index().get(id[0]).version() == 2));
        })
        .compose(v -> request(CatalogAddresses.GET, new JsonObject().put("idOrSlug", String.valueOf(id[0])).put("country", "JP")))
        .compose(detail -> {
          ctx.verify(() -> {
            JsonObject price = detail.getJsonObject("price");
            assertThat(price.getString("currency")).isEqualTo("JPY");
            assertThat(price.getLong("list")).isEqualTo(6_980L);
            assertThat(price.getLong("amount")).isEqualTo(3_490L);
            assertThat(price.getString("discountKind")).isEqualTo("sale");
            assertThat(detail.getString("status")).isEqualTo("released");
          });
          return request(CatalogAddresses.ADMIN_AUDIT, new JsonObject().put("id", id[0]), as("admin-1", "admin"));
        })
        .onComplete(ctx.succeeding(audit -> ctx.verify(() -> {
          JsonArray items = audit.getJsonArray("items");
          assertThat(items).hasSize(2);
          JsonObject update = items.getJsonObject(0);
          assertThat(update.getString("action")).isEqualTo("update");
          assertThat(update.getJsonObject("changes").fieldNames()).containsExactly("discount");
          assertThat(update.getJsonObject("changes").getJsonObject("discount").getValue("from")).isNull();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a game sold only in KR is not listed elsewhere; its page there says why and shows no price (R12, S1.4)")
  void regionRules(VertxTestContext ctx) {
    String title = "Moonlit Court " + UUID.randomUUID().toString().substring(0, 8);
    long[] id = new long[1];
    admin(CatalogAddresses.ADMIN_CREATE, registration(title).put("serviceCountries", new JsonArray().add("KR")))
        .compose(created -> {
          id[0] = created.getLong("id");
          // The "other node" hears of the game through the event (timing is proven in registerSearchAuditRelay).
          return Future.all(
              eventually(SETTLE, () -> request(CatalogAddresses.SEARCH,
                  new JsonObject().put("q", title).put("country", "KR")), r -> lists(r, id[0])),
              request(CatalogAddresses.SEARCH, new JsonObject().put("q", title).put("country", "US")),
              request(CatalogAddresses.GET, new JsonObject().put("idOrSlug", created.getString("slug")).put("country", "US")),
              request(CatalogAddresses.SUGGEST, new JsonObject().put("q", "moonlit co").put("country", "US")),
              request(CatalogAddresses.HOME, new JsonObject().put("country", "US")));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          JsonObject kr = all.resultAt(0);
          JsonObject us = all.resultAt(1);
          JsonObject page = all.resultAt(2);
          JsonObject suggest = all.resultAt(3);
          JsonObject home = all.resultAt(4);
          assertThat(lists(kr, id[0])).isTrue();
          assertThat(kr.getString("currency")).isEqualTo("KRW");
          assertThat(lists(us, id[0])).isFalse();
          assertThat(us.getString("currency")).isEqualTo("USD");
          assertThat(page.getValue("price")).isNull();
          JsonObject availability = page.getJsonObject("availability");
          assertThat(availability.getBoolean("purchasable")).isFalse();
          assertThat(availability.getString("reason")).isEqualTo("NOT_IN_SERVICE_COUNTRIES");
          assertThat(availability.getString("message")).contains("KR");
          assertThat(suggest.getJsonArray("suggestions").stream().map(o -> ((JsonObject) o).getLong("id")))
              .doesNotContain(id[0]);
          assertThat(home.getJsonArray("upcoming").stream().map(o -> ((JsonObject) o).getLong("id")))
              .doesNotContain(id[0]).isNotEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("search, suggest and home over the bus answer in the contract's shapes")
  void contractShapes(VertxTestContext ctx) {
    Future.all(
            request(CatalogAddresses.SEARCH, new JsonObject().put("q", "wichter 3").put("country", "KR").put("lang", "ko")
                .put("size", 5)),
            request(CatalogAddresses.SUGGEST, new JsonObject().put("q", "wit").put("country", "US").put("size", 5)),
            request(CatalogAddresses.HOME, new JsonObject().put("country", "JP").put("lang", "ja")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          JsonObject search = all.resultAt(0);
          assertThat(search.fieldNames()).contains("total", "page", "size", "country", "currency", "items", "facets");
          assertThat(search.getString("correctedQuery")).isEqualTo("witcher 3");
          JsonObject first = search.getJsonArray("items").getJsonObject(0);
          assertThat(first.getLong("id")).isEqualTo(292030L);
          assertThat(first.getString("title")).isEqualTo("위쳐 3: 와일드 헌트");
          assertThat(first.fieldNames()).contains("slug", "titles", "developer", "publisher", "genres", "tags",
              "platforms", "ageRating", "releaseAt", "status", "price", "rating");
          assertThat(search.getJsonObject("facets").fieldNames()).containsExactlyInAnyOrder("genre", "tag", "platform",
              "priceBand");
          JsonObject suggestion = all.<JsonObject>resultAt(1).getJsonArray("suggestions").getJsonObject(0);
          assertThat(suggestion.getLong("id")).isEqualTo(292030L);
          assertThat(suggestion.getString("highlight")).contains("<mark>Wit</mark>cher");
          JsonObject home = all.resultAt(2);
          assertThat(home.getJsonArray("newAndTrending")).hasSize(12);
          assertThat(home.getJsonArray("upcoming")).isNotEmpty();
          assertThat(home.getJsonArray("onSale")).hasSize(12);
          assertThat(home.getJsonArray("onSale").getJsonObject(0).getJsonObject("price").getString("currency"))
              .isEqualTo("JPY");
          ctx.completeNow();
        })));
  }
}

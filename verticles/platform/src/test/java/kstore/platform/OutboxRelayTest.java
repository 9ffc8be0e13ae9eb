package kstore.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kstore.contracts.EventEnvelope;
import kstore.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox relay on the real stack: rows written in a transaction reach Kafka once, rolled-back ones never. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OutboxRelayTest {
  private static final String SCHEMA = "outbox_test";
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private Vertx vertx;
  private Pool pool;
  private KafkaConfig kafka;
  private final List<OutboxRelay> relays = new ArrayList<>();
  private final List<Topic> topics = new ArrayList<>();

  @BeforeAll
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  void createTable(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    JsonObject conf = StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()), DevStack.shared().config());
    pool = Pg.pool(vertx, PgConfig.from(conf));
    kafka = KafkaConfig.from(conf);
    pool.query("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").execute()
        .compose(r -> pool.query("CREATE SCHEMA " + SCHEMA).execute())
        .compose(r -> pool.query("CREATE TABLE " + SCHEMA + ".outbox (id uuid PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY, topic text NOT NULL, key text, "
            + "payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)").execute())
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void stopRelaysAndConsumers(VertxTestContext ctx) {
    List<Future<?>> closing = new ArrayList<>();
    relays.forEach(r -> closing.add(r.stop()));
    topics.forEach(t -> closing.add(t.consumer.close()));
    relays.clear();
    topics.clear();
    Future.join(closing).onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  void closePool(VertxTestContext ctx) {
    pool.close().onComplete(ctx.succeedingThenComplete());
  }

  // ---------------------------------------------------------------- helpers

  /** A topic of this test run and everything read from it. */
  private final class Topic {
    final String name = "outbox-test-" + UUID.randomUUID();
    final KafkaConsumer<String, String> consumer;
    final List<KafkaConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    /** Per partition: the offset after the last record handed to us. */
    final Map<Integer, Long> next = new ConcurrentHashMap<>();

    Topic() {
      consumer = KafkaConsumer.create(vertx, kafka.consumer("outbox-test-" + UUID.randomUUID()));
      consumer.handler(r -> {
        records.add(r);
        next.merge(r.partition(), r.offset() + 1, Math::max);
      });
      topics.add(this);
    }

    Future<Topic> subscribe() {
      return consumer.subscribe(name).map(this);
    }

    Map<String, Long> countsById() {
      return records.stream().collect(Collectors.groupingBy(r -> new JsonObject(r.value()).getString("id"),
          Collectors.counting()));
    }

    /** True once every record the topic holds now has been handed to the handler. */
    Future<Boolean> caughtUp() {
      return consumer.partitionsFor(name).compose(parts -> {
        Set<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(name, p.getPartition()))
            .collect(Collectors.toSet());
        return consumer.endOffsets(tps);
      }).map(ends -> ends.entrySet().stream()
          .allMatch(e -> next.getOrDefault(e.getKey().getPartition(), 0L) >= e.getValue()));
    }
  }

  private OutboxRelay relay() {
    OutboxRelay relay = new OutboxRelay(vertx, pool, kafka, SCHEMA);
    relays.add(relay);
    return relay;
  }

  private static JsonObject event(String type, int n) {
    return EventEnvelope.of(type, 1, new JsonObject().put("n", n));
  }

  /** Appends the events to the outbox in one committed transaction. */
  private Future<Void> commit(String topic, String key, List<JsonObject> events) {
    return pool.withTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject e : events) {
        chain = chain.compose(v -> OutboxRelay.append(tx, SCHEMA, topic, key, e));
      }
      return chain;
    });
  }

  private Future<List<Row>> rows(String topic) {
    return pool.preparedQuery("SELECT id, published_at FROM " + SCHEMA + ".outbox WHERE topic = $1")
        .execute(Tuple.of(topic))
        .map(rs -> {
          List<Row> out = new ArrayList<>();
          rs.forEach(out::add);
          return out;
        });
  }

  private Future<Boolean> allPublished(String topic, int expected) {
    return rows(topic).map(rs -> rs.size() == expected && rs.stream().allMatch(r -> r.getValue("published_at") != null));
  }

  /** Polls until the check holds, every 25 ms, failing after {@code within}. */
  private Future<Void> eventually(Duration within, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    poll(check, System.nanoTime() + within.toNanos(), done);
    return done.future();
  }

  private void poll(Supplier<Future<Boolean>> check, long deadline, Promise<Void> done) {
    check.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        done.complete();
      } else if (System.nanoTime() > deadline) {
        done.fail(new AssertionError("condition not met in time" + (ar.failed() ? ": " + ar.cause() : "")));
      } else {
        vertx.setTimer(25, t -> poll(check, deadline, done));
      }
    });
  }

  private Future<Void> eventually(BooleanSupplier check) {
    return eventually(WITHIN, () -> Future.succeededFuture(check.getAsBoolean()));
  }

  // ---------------------------------------------------------------- tests

  @Test
  @DisplayName("the events of a committed transaction reach Kafka once each, those of a rolled-back one never")
  void committedOnceRolledBackNever(VertxTestContext ctx) {
    Topic topic = new Topic();
    List<JsonObject> committed = List.of(event("game.created", 1), event("game.priced", 2), event("game.published", 3));
    JsonObject rolledBack = event("game.deleted", 4);
    Set<String> committedIds = committed.stream().map(e -> e.getString("id")).collect(Collectors.toSet());
    OutboxRelay relay = relay();

    topic.subscribe()
        .compose(t -> commit(topic.name, "game-7", committed))
        .compose(v -> pool.withTransaction(tx -> OutboxRelay.append(tx, SCHEMA, topic.name, "game-7", rolledBack)
                .compose(x -> Future.<Void>failedFuture("the change behind the event failed")))
            .transform(ar -> ar.failed() ? Future.<Void>succeededFuture() : Future.failedFuture("should have rolled back")))
        .compose(v -> {
          relay.start(100);
          return eventually(() -> topic.countsById().keySet().containsAll(committedIds));
        })
        .compose(v -> eventually(WITHIN, () -> allPublished(topic.name, 3)))
        // a stopped relay sends nothing more: whatever the topic holds now is all it will ever hold
        .compose(v -> relay.stop())
        .compose(v -> eventually(WITHIN, topic::caughtUp))
        .compose(v -> rows(topic.name))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(topic.countsById())
              .as("each committed event exactly once, the rolled-back one not at all")
              .isEqualTo(committedIds.stream().collect(Collectors.toMap(id -> id, id -> 1L)));
          for (KafkaConsumerRecord<String, String> r : topic.records) {
            JsonObject value = new JsonObject(r.value());
            assertThat(r.key()).isEqualTo("game-7");
            assertThat(committed).contains(value);
            // the envelope's type rides along as a header, so consumers can skip types without parsing
            assertThat(r.headers()).anySatisfy(h -> {
              assertThat(h.key()).isEqualTo(OutboxRelay.TYPE_HEADER);
              assertThat(h.value().toString()).isEqualTo(value.getString("type"));
            });
          }
          assertThat(rows).extracting(r -> r.getUUID("id").toString()).containsExactlyInAnyOrderElementsOf(committedIds);
          assertThat(rows).allSatisfy(r -> assertThat(r.getValue("published_at")).isNotNull());
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("kick relays what is pending at once and returns how many; a second kick finds nothing")
  void kickRelaysPending(VertxTestContext ctx) {
    Topic topic = new Topic();
    List<JsonObject> events = List.of(event("a", 1), event("b", 2));
    OutboxRelay relay = relay();

    topic.subscribe()
        .compose(t -> commit(topic.name, null, events))
        .compose(v -> relay.kick())
        .compose(first -> relay.kick().map(second -> List.of(first, second)))
        .compose(counts -> rows(topic.name).map(rows -> {
          ctx.verify(() -> {
            // other tests' rows may be pending too: at least this topic's two were sent by the first kick
            assertThat(counts.get(0)).isGreaterThanOrEqualTo(2);
            assertThat(counts.get(1)).isZero();
            assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.getValue("published_at")).isNotNull());
          });
          return rows;
        }))
        // the kick returned after Kafka acknowledged: the topic already holds all it will
        .compose(rows -> eventually(WITHIN, topic::caughtUp))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(topic.countsById())
              .isEqualTo(events.stream().collect(Collectors.toMap(e -> e.getString("id"), e -> 1L)));
          assertThat(topic.records).hasSize(2).allSatisfy(r -> assertThat(r.key()).isNull());
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("two relays on the same outbox publish every row exactly once")
  void concurrentRelaysPublishOnce(VertxTestContext ctx) {
    Topic topic = new Topic();
    int transactions = 8;
    int perTransaction = 100;
    int total = transactions * perTransaction;
    List<Future<Void>> writes = IntStream.range(0, transactions)
        .mapToObj(t -> commit(topic.name, "k" + t,
            IntStream.range(0, perTransaction).mapToObj(i -> event("bulk", t * perTransaction + i)).toList()))
        .toList();
    List<OutboxRelay> both = new ArrayList<>();

    topic.subscribe()
        .compose(t -> Future.all(writes))
        .compose(v -> {
          // batches of 200 and a 5 ms period: the two relays claim rows side by side many times over
          both.add(relay().start(5));
          both.add(relay().start(5));
          return eventually(WITHIN, () -> allPublished(topic.name, total));
        })
        // stopped relays send nothing more: whatever the topic holds now is all it will ever hold
        .compose(v -> Future.all(both.stream().map(OutboxRelay::stop).toList()))
        .compose(v -> eventually(WITHIN, topic::caughtUp))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          Map<String, Long> counts = topic.countsById();
          assertThat(counts).hasSize(total);
          assertThat(counts.entrySet()).filteredOn(e -> e.getValue() > 1).as("ids published more than once").isEmpty();
          assertThat(topic.records).hasSize(total);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a schema name that is not a plain identifier is refused before any SQL runs")
  void invalidSchemaRefused(VertxTestContext ctx) {
    for (String bad : List.of("outbox_test; DROP TABLE outbox_test.outbox", "Outbox", "public.outbox", "1st", "")) {
      assertThatThrownBy(() -> new OutboxRelay(vertx, pool, kafka, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a schema name");
    }
    String topic = "outbox-test-" + UUID.randomUUID();
    pool.withTransaction(tx -> OutboxRelay.append(tx, "outbox_test.outbox --", topic, null, event("x", 1)))
        .transform(ar -> {
          ctx.verify(() -> assertThat(ar.cause())
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("not a schema name"));
          return rows(topic);
        })
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("the events of one transaction reach Kafka in the order they were appended, with other writers at work")
  void keepsOrderWithinTransaction(VertxTestContext ctx) {
    Topic topic = new Topic();
    int perKey = 300;
    OutboxRelay relay = relay();

    topic.subscribe()
        .compose(t -> Future.all(pool.getConnection(), pool.getConnection()))
        .compose(conns -> {
          SqlConnection a = conns.resultAt(0);
          SqlConnection b = conns.resultAt(1);
          // two open transactions appending by turns, as two busy writers would
          return Future.all(a.begin(), b.begin()).compose(txs -> {
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < perKey; i++) {
              int n = i;
              chain = chain.compose(v -> OutboxRelay.append(a, SCHEMA, topic.name, "A", event("seq", n)))
                  .compose(v -> OutboxRelay.append(b, SCHEMA, topic.name, "B", event("seq", n)));
            }
            Transaction ta = txs.resultAt(0);
            Transaction tb = txs.resultAt(1);
            return chain.compose(v -> ta.commit()).compose(v -> tb.commit());
          }).eventually(() -> Future.join(a.close(), b.close()));
        })
        .compose(v -> {
          relay.start(20);
          return eventually(WITHIN, () -> allPublished(topic.name, 2 * perKey));
        })
        .compose(v -> eventually(WITHIN, topic::caughtUp))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          List<Integer> expected = IntStream.range(0, perKey).boxed().toList();
          for (String key : List.of("A", "B")) {
            assertThat(topic.records.stream().filter(r -> key.equals(r.key()))
                .map(r -> new JsonObject(r.value()).getJsonObject("data").getInteger("n")).toList())
                .as("order of key %s", key)
                .isEqualTo(expected);
          }
          ctx.completeNow();
        })));
  }
}

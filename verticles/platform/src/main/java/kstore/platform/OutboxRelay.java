package kstore.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays events written in the same transaction as a state change (the service's {@code outbox} table)
 * to Kafka. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of instances on any
 * number of nodes relay each row once; a crash between send and mark re-sends, and consumers
 * de-duplicate on the envelope id (at-least-once delivery, exactly-once effects).
 *
 * <p>Every service schema that uses it creates the table with the columns
 * {@code id uuid primary key, seq bigint generated always as identity, topic text, key text, payload jsonb,
 * created_at timestamptz, published_at timestamptz}. Rows are relayed in {@code seq} order, the order they were
 * written: {@code created_at} is the transaction's start time and cannot order the rows of one transaction.
 */
public final class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final int BATCH = 200;
  /** Kafka header of every relayed record: the envelope's {@code type}. */
  public static final String TYPE_HEADER = "type";

  private final Vertx vertx;
  private final Pool pool;
  private final KafkaProducer<String, String> producer;
  private final String claimSql;
  private final String markSql;
  private long timerId = -1;
  private boolean running;

  public OutboxRelay(Vertx vertx, Pool pool, KafkaConfig kafka, String schema) {
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a schema name: " + schema);
    }
    this.vertx = vertx;
    this.pool = pool;
    this.producer = KafkaProducer.create(vertx, kafka.producer("kstore-outbox-" + schema + "-" + UUID.randomUUID()));
    // the payload as stored text (no decode and re-encode per event) and its type for the record's header
    this.claimSql = "SELECT id, topic, key, payload::text AS payload, payload->>'type' AS type FROM " + schema
        + ".outbox WHERE published_at IS NULL "
        + "ORDER BY seq LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";
    this.markSql = "UPDATE " + schema + ".outbox SET published_at = now() WHERE id = ANY($1)";
  }

  /** Writes one event row; call inside the transaction that makes the change. */
  public static Future<Void> append(SqlClient tx, String schema, String topic, String key, JsonObject envelope) {
    if (!SCHEMA.matcher(schema).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not a schema name: " + schema));
    }
    return tx.preparedQuery("INSERT INTO " + schema + ".outbox (id, topic, key, payload) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(UUID.fromString(envelope.getString("id")), topic, key, envelope))
        .mapEmpty();
  }

  /** Starts relaying every {@code intervalMs}; {@link #kick()} relays at once (e.g. after a commit). */
  public OutboxRelay start(long intervalMs) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    timerId = vertx.setPeriodic(intervalMs, id -> kick());
    return this;
  }

  /** Relays what is pending now; returns how many events were sent. Concurrent kicks coalesce. */
  public Future<Integer> kick() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    return relayBatch()
        .onFailure(err -> LOG.warn("outbox relay failed, will retry: {}", err.getMessage()))
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
  }

  private Future<Integer> relayBatch() {
    return pool.withTransaction(tx -> tx.query(claimSql).execute().compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      List<Future<?>> sends = new ArrayList<>();
      List<UUID> ids = new ArrayList<>();
      for (Row row : rows) {
        ids.add(row.getUUID("id"));
        KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(row.getString("topic"),
            row.getString("key"), row.getString("payload"));
        if (row.getString("type") != null) {
          record.addHeader(TYPE_HEADER, row.getString("type"));   // consumers can skip types without parsing
        }
        sends.add(producer.send(record));
      }
      return Future.all(sends)
          .compose(done -> tx.preparedQuery(markSql).execute(Tuple.of(ids.toArray(new UUID[0]))))
          .map(done -> ids.size());
    }));
  }

  public Future<Void> stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return producer.close();
  }
}

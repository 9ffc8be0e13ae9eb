package kstore.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import kstore.platform.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the checkout topic and hands each record to the handler, up to {@value #MAX_IN_FLIGHT} at a time (the stream
 * pauses at that many and resumes at half), one at a time per record key (the buyer): a buyer's mails go out in the
 * order of their events, while different buyers' mails are sent side by side. An offset is committed only once every
 * record before it in its partition was handled (the lowest offset still in flight is the commit point), so a crash
 * re-delivers what was not finished and the handler de-duplicates. Commits are batched on a short timer.
 *
 * <p>A handler failure is retried with a growing delay (1 s, 2 s, 4 s, ... up to {@code maxRetryDelay}) until it
 * succeeds: a record is never dropped because SMTP or identity is down for a while; when everything fails, the
 * in-flight limit stops reading.
 *
 * <p>Records of types that make no mail (most of the topic: points moves, reversals; known from the record's
 * {@code type} header, set by the outbox relay) are not parsed at all; they only move the commit point.
 */
final class CheckoutEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CheckoutEvents.class);
  private static final long FIRST_RETRY_MS = 1_000;
  static final int MAX_IN_FLIGHT = 32;
  private static final long COMMIT_EVERY_MS = 200;

  private final Vertx vertx;
  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Function<JsonObject, Future<OrderNotifier.Outcome>> handler;
  private final long maxRetryMs;
  private volatile boolean stopped;

  // all of the following is touched on this verticle's context only
  /** Per partition, the offsets delivered and not handled yet. */
  private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
  /** Per partition, the offset past the last record delivered (handled or not). */
  private final Map<TopicPartition, Long> delivered = new HashMap<>();
  /** Per partition, the offset last committed. */
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  /** Per record key, the last record's handling: the next one with that key waits for it. */
  private final Map<String, Future<?>> lastByKey = new HashMap<>();
  private int running;
  private boolean paused;
  private boolean commitScheduled;

  CheckoutEvents(Vertx vertx, KafkaConsumer<String, String> consumer, String topic,
                 Function<JsonObject, Future<OrderNotifier.Outcome>> handler, Duration maxRetryDelay) {
    this.vertx = vertx;
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
    this.maxRetryMs = maxRetryDelay.toMillis();
  }

  /** Subscribes; records arrive from the group's committed offsets (from the start for a new group). */
  Future<Void> start() {
    consumer.exceptionHandler(err -> LOG.warn("kafka consumer of {}: {}", topic, err.toString()));
    consumer.handler(this::onRecord);
    return consumer.subscribe(topic).onSuccess(v -> LOG.info("reading {} as group member", topic));
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    long offset = record.offset();
    delivered.merge(tp, offset + 1, Math::max);
    String type = type(record);
    if (type != null && !OrderMails.handles(type)) {
      scheduleCommit();   // nothing to do but move the commit point past it
      return;
    }
    inFlight.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    running++;
    if (running >= MAX_IN_FLIGHT && !paused) {
      paused = true;
      consumer.pause();
    }
    String key = record.key() == null ? "" : record.key();
    Future<?> before = lastByKey.getOrDefault(key, Future.succeededFuture());
    Future<OrderNotifier.Outcome> mine = before.transform(ar -> handle(record, 0));
    lastByKey.put(key, mine);
    mine.onComplete(ar -> {
      if (lastByKey.get(key) == mine) {
        lastByKey.remove(key);
      }
      if (ar.succeeded()) {
        inFlight.get(tp).remove(offset);   // a failure (only while stopping) keeps the commit point before it
      }
      running--;
      scheduleCommit();
      if (paused && running <= MAX_IN_FLIGHT / 2 && !stopped) {
        paused = false;
        consumer.resume();
      }
    });
  }

  private void scheduleCommit() {
    if (!commitScheduled && !stopped) {
      commitScheduled = true;
      vertx.setTimer(COMMIT_EVERY_MS, t -> {
        commitScheduled = false;
        commit();
      });
    }
  }

  /**
   * Commits, per partition, the lowest offset still in flight (or past the last delivered record when none is):
   * everything before it was handled. A failed commit (partition moved to another member) only means re-delivery.
   */
  private Future<Void> commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    delivered.forEach((tp, next) -> {
      TreeSet<Long> open = inFlight.get(tp);
      long safe = open == null || open.isEmpty() ? next : open.first();
      if (safe > committed.getOrDefault(tp, -1L)) {
        offsets.put(tp, new OffsetAndMetadata(safe, ""));
      }
    });
    if (offsets.isEmpty()) {
      return Future.succeededFuture();
    }
    offsets.forEach((tp, o) -> committed.put(tp, o.getOffset()));
    return consumer.commit(offsets).<Void>mapEmpty().recover(err -> {
      LOG.warn("commit of {} failed: {}", offsets.keySet(), err.toString());
      offsets.keySet().forEach(committed::remove);
      return Future.succeededFuture();
    });
  }

  private Future<OrderNotifier.Outcome> handle(KafkaConsumerRecord<String, String> record, int attempt) {
    JsonObject envelope;
    try {
      envelope = new JsonObject(record.value());
    } catch (DecodeException | NullPointerException e) {
      LOG.error("{}-{}@{} skipped: not a JSON envelope", record.topic(), record.partition(), record.offset());
      return Future.succeededFuture(OrderNotifier.Outcome.UNDELIVERABLE);
    }
    Future<OrderNotifier.Outcome> result;
    try {
      result = handler.apply(envelope);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.recover(err -> {
      if (stopped) {
        return Future.failedFuture(err);
      }
      long delay = Math.min(maxRetryMs, FIRST_RETRY_MS << Math.min(attempt, 20));
      LOG.warn("event {} ({}-{}@{}) failed ({}), trying again in {} ms", envelope.getValue("id"), record.topic(),
          record.partition(), record.offset(), err.toString(), delay);
      return vertx.timer(delay).compose(t -> handle(record, attempt + 1));
    });
  }

  Future<Void> stop() {
    stopped = true;
    return commit().compose(v -> consumer.close());
  }

  /** The envelope type from the record's header (set by the outbox relay), or null for a record without one. */
  private static String type(KafkaConsumerRecord<String, String> record) {
    for (KafkaHeader h : record.headers()) {
      if (OutboxRelay.TYPE_HEADER.equals(h.key())) {
        return h.value().toString();
      }
    }
    return null;
  }
}

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
import java.util.function.Function;
import kstore.platform.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the checkout topic one record at a time: the stream is paused while a record is handled, and its offset is
 * committed only after the handler finished, so a crash re-delivers it (the handler de-duplicates). A handler
 * failure is retried with a growing delay (1 s, 2 s, 4 s, ... up to {@code maxRetryDelay}) until it succeeds:
 * records of one partition are never handled out of order or dropped because SMTP or identity is down for a while.
 *
 * <p>Records of types that make no mail (most of the topic: points moves, reversals; known from the record's
 * {@code type} header) are neither parsed nor committed one by one: their offsets are committed with the next
 * handled record or by a timer once a second, which costs a re-delivery of a few ignored records after a crash.
 */
final class CheckoutEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CheckoutEvents.class);
  private static final long FIRST_RETRY_MS = 1_000;

  private final Vertx vertx;
  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Function<JsonObject, Future<OrderNotifier.Outcome>> handler;
  private final long maxRetryMs;
  private static final long SKIPPED_COMMIT_MS = 1_000;

  private volatile boolean stopped;
  /** Per partition, the offset past the records skipped by type and not committed yet. */
  private final Map<TopicPartition, Long> skipped = new HashMap<>();
  /** Handled records whose offset is not committed yet (the stream is paused meanwhile). */
  private int inFlight;
  private boolean flushScheduled;

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
    String type = type(record);
    if (type != null && !OrderMails.handles(type) && inFlight == 0) {
      skipped.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
      if (!flushScheduled) {
        flushScheduled = true;
        vertx.setTimer(SKIPPED_COMMIT_MS, t -> {
          flushScheduled = false;
          flushSkipped();
        });
      }
      return;
    }
    inFlight++;
    consumer.pause();
    handle(record, 0)
        .compose(outcome -> commit(record))
        .onComplete(ar -> {
          inFlight--;
          if (!stopped) {
            consumer.resume();
          }
        });
  }

  /** Commits past the skipped records, unless a handled record before them is still in flight. */
  private Future<Void> flushSkipped() {
    if (skipped.isEmpty() || inFlight > 0) {
      return Future.succeededFuture();
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    skipped.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next, "")));
    skipped.clear();
    return consumer.commit(offsets).<Void>mapEmpty().recover(err -> {
      LOG.debug("commit of skipped records failed ({}): they will be delivered and skipped again", err.toString());
      return Future.succeededFuture();
    });
  }

  private Future<OrderNotifier.Outcome> handle(KafkaConsumerRecord<String, String> record, int attempt) {
    String type = type(record);
    if (type != null && !OrderMails.handles(type)) {
      return Future.succeededFuture(OrderNotifier.Outcome.IGNORED_TYPE);   // most of the topic: not parsed at all
    }
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

  /** Commits past this record; a failed commit (partition moved to another member) only means a re-delivery. */
  private Future<Void> commit(KafkaConsumerRecord<String, String> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    skipped.computeIfPresent(tp, (k, next) -> next <= record.offset() + 1 ? null : next);   // covered by this commit
    return consumer.commit(Map.of(tp, new OffsetAndMetadata(record.offset() + 1, "")))
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.warn("commit of {}-{}@{} failed: {}", record.topic(), record.partition(), record.offset(), err.toString());
          return Future.succeededFuture();
        });
  }

  Future<Void> stop() {
    stopped = true;
    return flushSkipped().compose(v -> consumer.close());
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

package kstore.launcher;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import kstore.devstack.DevStack;

/** Reads the activity stream (Kafka) of the test store as an analytics consumer would: from the start of a topic. */
final class ActivityEvents {
  private ActivityEvents() {
  }

  /**
   * The envelopes on {@code topic} that {@code wanted} accepts, once there are at least {@code count} of them
   * (waits up to 30 s; fails with what it saw otherwise).
   */
  static List<JsonObject> await(String topic, Predicate<JsonObject> wanted, int count) throws InterruptedException {
    String bootstrap = DevStack.shared().config().getJsonObject("kafka").getString("bootstrap");
    List<JsonObject> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrap, "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
        "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          JsonObject envelope = new JsonObject(r.value());
          if (wanted.test(envelope)) {
            found.add(envelope);
          }
        }
        if (found.size() >= count) {
          return found;
        }
      }
    }
    throw new AssertionError("expected " + count + " events on " + topic + ", saw " + found.size() + ": " + found);
  }
}

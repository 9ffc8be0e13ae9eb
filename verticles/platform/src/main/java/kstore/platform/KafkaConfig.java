package kstore.platform;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Where Kafka is. {@code bootstrap == null} means "not configured": the launcher starts an embedded one. */
public record KafkaConfig(String bootstrap) {

  public static KafkaConfig from(JsonObject conf) {
    return new KafkaConfig(StoreConfig.section(conf, "kafka").getString("bootstrap"));
  }

  public boolean configured() {
    return bootstrap != null && !bootstrap.isBlank();
  }

  /** Producer settings for events that must not be lost or duplicated by the producer itself. */
  public Map<String, String> producer(String clientId) {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", bootstrap);
    m.put("client.id", clientId);
    m.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    m.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    m.put("acks", "all");
    m.put("enable.idempotence", "true");
    m.put("linger.ms", "5");
    m.put("request.timeout.ms", "10000");
    m.put("delivery.timeout.ms", "30000");
    m.put("max.block.ms", "10000");
    return m;
  }

  /** Consumer settings for a group reading JSON strings from the start, committing by hand. */
  public Map<String, String> consumer(String groupId) {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", bootstrap);
    m.put("group.id", groupId);
    m.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    m.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    m.put("auto.offset.reset", "earliest");
    m.put("enable.auto.commit", "false");
    return m;
  }
}

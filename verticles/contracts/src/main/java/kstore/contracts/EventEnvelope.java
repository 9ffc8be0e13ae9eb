package kstore.contracts;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** The JSON envelope of every event, on the bus and on Kafka: {id, type, version, occurredAt, data}. */
public final class EventEnvelope {
  private EventEnvelope() {
  }

  /** A new event with a fresh id; consumers de-duplicate on {@code id}. */
  public static JsonObject of(String type, int version, JsonObject data) {
    return of(UUID.randomUUID().toString(), type, version, Instant.now(), data);
  }

  public static JsonObject of(String id, String type, int version, Instant occurredAt, JsonObject data) {
    return new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("version", version)
        .put("occurredAt", occurredAt.toString())
        .put("data", data);
  }
}

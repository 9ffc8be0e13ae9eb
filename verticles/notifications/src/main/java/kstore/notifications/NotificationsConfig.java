package kstore.notifications;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import kstore.platform.StoreConfig;

/**
 * The notification service's settings, from the sections {@code notifications} and {@code http}.
 *
 * @param publicUrl      where browsers reach the store (the library link in mails), without a trailing slash
 * @param topic          the Kafka topic of checkout events
 * @param groupId        the Kafka consumer group: instances of one group share the partitions
 * @param contactTimeout how long to wait for identity's answer to {@code identity.users.contact}
 * @param maxRetryDelay  the longest wait between two attempts at an event that failed for a passing reason
 */
public record NotificationsConfig(String publicUrl, String topic, String groupId, Duration contactTimeout,
                                  Duration maxRetryDelay) {

  /** The topic checkout's outbox relay writes to. */
  public static final String CHECKOUT_TOPIC = "kstore.checkout.events";
  /** The consumer group of every notifications instance. */
  public static final String GROUP = "kstore-notifications";

  /** From the whole store config; invalid values fail with a message naming the key. */
  public static NotificationsConfig from(JsonObject conf) {
    JsonObject n = StoreConfig.section(conf, "notifications");
    JsonObject http = StoreConfig.section(conf, "http");
    String publicUrl = http.getString("publicUrl", "http://localhost:" + http.getInteger("port", 8080));
    if (!publicUrl.matches("(?i)https?://\\S+")) {
      throw new IllegalArgumentException("config key 'http.publicUrl' must be an http(s) URL, not '" + publicUrl + "'");
    }
    return new NotificationsConfig(
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
        text(n, "topic", CHECKOUT_TOPIC),
        text(n, "groupId", GROUP),
        Duration.ofMillis(positive(n, "contactTimeoutMs", 5_000L)),
        Duration.ofMillis(positive(n, "maxRetryDelayMs", 60_000L)));
  }

  private static String text(JsonObject section, String key, String fallback) {
    Object v = section.getValue(key, fallback);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("config key 'notifications." + key + "' must be a non-empty text");
    }
    return s.trim();
  }

  private static long positive(JsonObject section, String key, long fallback) {
    Object v = section.getValue(key, fallback);
    if (!(v instanceof Number num) || num.longValue() <= 0) {
      throw new IllegalArgumentException("config key 'notifications." + key + "' must be a positive number");
    }
    return num.longValue();
  }
}

package kstore.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Where Redis is. {@code uri == null} means "not configured": the launcher starts an embedded one. */
public record RedisConfig(String uri, int poolSize) {

  public static RedisConfig from(JsonObject conf) {
    JsonObject r = StoreConfig.section(conf, "redis");
    return new RedisConfig(r.getString("uri"), r.getInteger("poolSize", 8));
  }

  public boolean configured() {
    return uri != null && !uri.isBlank();
  }

  /** A client for one verticle instance; close it in the verticle's stop. */
  public Redis client(Vertx vertx) {
    if (!configured()) {
      throw new IllegalStateException("config key 'redis.uri' is not set: no Redis to connect to");
    }
    return Redis.createClient(vertx, new RedisOptions().setConnectionString(uri)
        .setMaxPoolSize(poolSize).setMaxPoolWaiting(256));
  }
}

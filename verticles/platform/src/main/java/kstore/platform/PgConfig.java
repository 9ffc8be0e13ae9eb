package kstore.platform;

import io.vertx.core.json.JsonObject;

/** Where PostgreSQL is. {@code host == null} means "not configured": the launcher starts an embedded one. */
public record PgConfig(String host, int port, String database, String user, String password, int poolSize) {

  public static PgConfig from(JsonObject conf) {
    JsonObject pg = StoreConfig.section(conf, "pg");
    return new PgConfig(
        pg.getString("host"),
        pg.getInteger("port", 5432),
        pg.getString("database", "kstore"),
        pg.getString("user", "kstore"),
        pg.getString("password", ""),
        pg.getInteger("poolSize", 8));
  }

  public boolean configured() {
    return host != null && !host.isBlank();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }
}

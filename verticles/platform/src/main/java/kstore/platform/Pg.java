package kstore.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** PostgreSQL pools and per-service schema migrations. */
public final class Pg {
  private Pg() {
  }

  /** A pool for one verticle instance; close it in the verticle's stop. */
  public static Pool pool(Vertx vertx, PgConfig pg) {
    requireConfigured(pg);
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(pg.host())
        .setPort(pg.port())
        .setDatabase(pg.database())
        .setUser(pg.user())
        .setPassword(pg.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(16);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(pg.poolSize()).setName("kstore-pg-" + pg.database()).setShared(true))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * Applies the versioned SQL migrations under {@code classpath:db/<schema>} to the service's own schema.
   * Flyway takes an advisory lock, so instances starting together migrate once.
   */
  public static Future<Integer> migrate(Vertx vertx, PgConfig pg, String schema) {
    requireConfigured(pg);
    return vertx.executeBlocking(() -> {
      MigrateResult result = Flyway.configure(Pg.class.getClassLoader())
          .dataSource(pg.jdbcUrl(), pg.user(), pg.password())
          .schemas(schema)
          .createSchemas(true)
          .locations("classpath:db/" + schema)
          .table("schema_history")
          .load()
          .migrate();
      return result.migrationsExecuted;
    }, false);
  }

  private static void requireConfigured(PgConfig pg) {
    if (!pg.configured()) {
      throw new IllegalStateException("config key 'pg.host' is not set: no PostgreSQL to connect to");
    }
  }
}

package kstore.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kstore.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-service schema migrations from classpath:db/&lt;schema&gt;, on the real PostgreSQL. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PgMigrateTest {
  /** Its migrations are under src/test/resources/db/platform_test. */
  private static final String SCHEMA = "platform_test";

  private PgConfig pg;
  private Pool pool;

  @BeforeAll
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  void connect(Vertx vertx, VertxTestContext ctx) {
    JsonObject conf = StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()), DevStack.shared().config());
    pg = PgConfig.from(conf);
    pool = Pg.pool(vertx, pg);
    pool.query("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").execute().onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  void close(VertxTestContext ctx) {
    pool.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("migrate creates the schema and its tables once; a second run applies nothing")
  void migratesOnce(Vertx vertx, VertxTestContext ctx) {
    Pg.migrate(vertx, pg, SCHEMA)
        .compose(first -> Pg.migrate(vertx, pg, SCHEMA).map(second -> List.of(first, second)))
        .compose(runs -> pool.preparedQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = $1")
            .execute(Tuple.of(SCHEMA))
            .map(rs -> {
              List<String> tables = new ArrayList<>();
              for (Row r : rs) {
                tables.add(r.getString("table_name"));
              }
              ctx.verify(() -> {
                assertThat(runs).containsExactly(1, 0);
                assertThat(tables).containsExactlyInAnyOrder("t", "schema_history");
              });
              return tables;
            }))
        // the table is usable through the service's schema name
        .compose(v -> pool.query("INSERT INTO " + SCHEMA + ".t (id, name) VALUES (1, 'one') RETURNING name").execute())
        .onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
          assertThat(rs.iterator().next().getString("name")).isEqualTo("one");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("without a PostgreSQL host, pool and migrate fail fast naming 'pg.host'")
  void unconfiguredFailsFast(Vertx vertx) {
    PgConfig none = PgConfig.from(new JsonObject());

    assertThat(none.configured()).isFalse();
    assertThatThrownBy(() -> Pg.pool(vertx, none)).isInstanceOf(IllegalStateException.class).hasMessageContaining("'pg.host'");
    assertThatThrownBy(() -> Pg.migrate(vertx, none, SCHEMA)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'pg.host'");
  }
}

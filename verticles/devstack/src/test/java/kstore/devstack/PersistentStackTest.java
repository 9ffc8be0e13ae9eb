package kstore.devstack;

import static kstore.devstack.Clients.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("A stack on a persistent data dir")
class PersistentStackTest {

    @Test
    @DisplayName("keeps a committed row across a close and a new start, with durable settings and the same password")
    void survivesRestart(Vertx vertx, @TempDir Path dir) throws Exception {
        JsonObject first;
        try (DevStack stack = DevStack.start(new DevStack.Options(dir, true, false, false))) {
            assertThat(stack.owner()).isTrue();
            first = stack.config();
            assertThat(first.fieldNames()).containsExactly("pg");
            Pool pool = Clients.pg(vertx, first);
            try {
                Row settings = await(pool.query("SELECT current_setting('fsync') AS f, "
                    + "current_setting('synchronous_commit') AS s, current_setting('full_page_writes') AS w")
                    .execute()).iterator().next();
                assertThat(settings.getString("f")).isEqualTo("on");
                assertThat(settings.getString("s")).isEqualTo("on");
                assertThat(settings.getString("w")).isEqualTo("on");
                await(pool.query("CREATE TABLE game (id int PRIMARY KEY, title text NOT NULL)").execute());
                await(pool.preparedQuery("INSERT INTO game VALUES ($1, $2)").execute(Tuple.of(1, "스타크래프트")));
            } finally {
                await(pool.close());
            }
        }
        assertThat(Files.isDirectory(dir.resolve("postgres"))).isTrue();
        assertThat(Files.readString(dir.resolve("stack.json"))).contains("\"stopped\"");

        try (DevStack again = DevStack.start(new DevStack.Options(dir, true, false, false))) {
            assertThat(again.owner()).isTrue();
            JsonObject second = again.config();
            assertThat(second.getJsonObject("pg").getString("password"))
                .isEqualTo(first.getJsonObject("pg").getString("password"));
            assertThat(second.getJsonObject("pg").getInteger("port"))
                .as("the recorded port is reused when free")
                .isEqualTo(first.getJsonObject("pg").getInteger("port"));
            Pool pool = Clients.pg(vertx, second);
            try {
                Row row = await(pool.query("SELECT title FROM game WHERE id = 1").execute()).iterator().next();
                assertThat(row.getString("title")).isEqualTo("스타크래프트");
            } finally {
                await(pool.close());
            }
        }
    }

    @Test
    @DisplayName("is attached to, not started twice, by a second start on the same dir, which stops nothing on close")
    void secondStartAttaches(@TempDir Path dir) throws Exception {
        DevStack.Options options = new DevStack.Options(dir, false, true, false); // Redis only: starts in ~0.1 s
        try (DevStack first = DevStack.start(options)) {
            DevStack second = DevStack.start(options);
            assertThat(first.owner()).isTrue();
            assertThat(second.owner()).isFalse();
            assertThat(second.config()).isEqualTo(first.config());
            assertThat(second.config().fieldNames()).containsExactly("redis");
            assertThat(second.pids()).isEmpty();

            second.close();
            int port = Integer.parseInt(first.config().getJsonObject("redis").getString("uri").replaceAll(".*:", ""));
            assertThat(Redis.ping(port)).isTrue();
            assertThat(first.pids().values()).allMatch(Procs::alive);

            assertThatThrownBy(() -> DevStack.start(new DevStack.Options(dir, true, true, false)))
                .as("the first process on a dir decides what runs")
                .hasMessageContaining("runs without [pg]");
        }
    }

    @Test
    @DisplayName("shares its mail catcher and dev OIDC provider with a second start, and keeps their ports and client secret across a restart")
    void mailAndOidcAttachAndPersist(@TempDir Path dir) throws Exception {
        DevStack.Options options = new DevStack.Options(dir, false, false, false, true, true); // in-JVM only: fast
        JsonObject first;
        try (DevStack owner = DevStack.start(options)) {
            first = owner.config();
            assertThat(first.fieldNames()).containsExactlyInAnyOrder("smtp", "devstack", "identity");
            DevStack second = DevStack.start(options);
            assertThat(second.owner()).isFalse();
            assertThat(second.config()).isEqualTo(first);
            second.close();
            String issuer = first.getJsonObject("identity").getJsonArray("providers").getJsonObject(0).getString("issuer");
            assertThat(Clients.get(issuer + "/.well-known/openid-configuration").statusCode())
                .as("an attached instance's close stops nothing").isEqualTo(200);
            assertThat(Files.readString(dir.resolve("stack.json"))).contains("\"smtp\"").contains("\"mailUi\"")
                .contains("\"oidc\"");
        }
        try (DevStack again = DevStack.start(options)) {
            assertThat(again.owner()).isTrue();
            assertThat(again.config()).as("same ports, same client secret").isEqualTo(first);
        }
    }
}

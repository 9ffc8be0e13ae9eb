package kstore.devstack;

import static kstore.devstack.Clients.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The shared test stack")
class SharedStackTest {

    @Test
    @DisplayName("is one instance per JVM that a test class cannot close, and describes all its servers")
    void oneInstancePerJvm() {
        DevStack stack = DevStack.shared();
        stack.close(); // ignored on the shared stack
        assertThat(DevStack.shared()).isSameAs(stack);
        assertThat(stack.owner()).isTrue();
        JsonObject config = stack.config();
        assertThat(config.fieldNames()).containsExactlyInAnyOrder("pg", "redis", "kafka", "smtp", "devstack", "identity",
            "payments");
        assertThat(config.getJsonObject("pg").getString("user")).isEqualTo("kstore");
        assertThat(config.getJsonObject("pg").getString("database")).isEqualTo("kstore");
        assertThat(config.getJsonObject("pg").getString("password")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(config.getJsonObject("redis").getString("uri")).startsWith("redis://127.0.0.1:");
        assertThat(config.getJsonObject("kafka").getString("bootstrap")).startsWith("127.0.0.1:");
        assertThat(stack.pids().values()).allMatch(Procs::alive);
    }

    @Test
    @DisplayName("serves PostgreSQL to the kstore role (not a superuser) with a password")
    void postgres(Vertx vertx) {
        Pool pool = Clients.pg(vertx, DevStack.shared().config());
        try {
            Row row = await(pool.query("SELECT 1 AS one, current_user AS u, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su, "
                + "current_setting('server_version_num')::int AS v").execute()).iterator().next();
            assertThat(row.getInteger("one")).isEqualTo(1);
            assertThat(row.getString("u")).isEqualTo("kstore");
            assertThat(row.getBoolean("su")).isFalse();
            assertThat(row.getInteger("v")).isGreaterThanOrEqualTo(180000);

            JsonObject wrong = DevStack.shared().config();
            wrong.getJsonObject("pg").put("password", "wrong");
            Pool bad = Clients.pg(vertx, wrong);
            assertThat(bad.query("SELECT 1").execute().toCompletionStage().toCompletableFuture())
                .failsWithin(Duration.ofSeconds(10));
            bad.close();
        } finally {
            pool.close();
        }
    }

    @Test
    @DisplayName("serves Redis")
    void redis(Vertx vertx) {
        Redis client = Redis.createClient(vertx,
            new RedisOptions().setConnectionString(DevStack.shared().config().getJsonObject("redis").getString("uri")));
        try {
            RedisAPI api = RedisAPI.api(client);
            assertThat(await(api.ping(java.util.List.of())).toString()).isEqualTo("PONG");
            await(api.set(java.util.List.of("devstack-test", "v")));
            assertThat(await(api.get("devstack-test")).toString()).isEqualTo("v");
        } finally {
            client.close();
        }
    }

    @Test
    @DisplayName("serves Kafka: a record produced with vertx-kafka-client is consumed and its offset committed")
    void kafka(Vertx vertx) {
        String bootstrap = DevStack.shared().config().getJsonObject("kafka").getString("bootstrap");
        String topic = "devstack-" + UUID.randomUUID();
        KafkaProducer<String, String> producer = KafkaProducer.create(vertx, Map.of(
            "bootstrap.servers", bootstrap,
            "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
            "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
            "acks", "all"));
        KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, Map.of(
            "bootstrap.servers", bootstrap,
            "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            "group.id", "devstack-test-" + UUID.randomUUID(),
            "auto.offset.reset", "earliest",
            "enable.auto.commit", "false"));
        try {
            await(producer.send(KafkaProducerRecord.create(topic, "k", "hello")), Duration.ofSeconds(60));
            Promise<String> received = Promise.promise();
            consumer.handler(r -> received.tryComplete(r.key() + "=" + r.value()));
            await(consumer.subscribe(topic));
            assertThat(await(received.future(), Duration.ofSeconds(60))).isEqualTo("k=hello");
            // the version trap (kafka-clients 4.x on this classpath) shows up exactly here: committed() never completes
            await(consumer.commit());
            OffsetAndMetadata committed = await(consumer.committed(new TopicPartition(topic, 0)));
            assertThat(committed.getOffset()).isEqualTo(1L);
        } finally {
            await(consumer.close());
            await(producer.close());
        }
    }
}

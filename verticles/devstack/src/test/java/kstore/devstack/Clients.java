package kstore.devstack;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Test helpers: blocking waits on Vert.x futures and clients built from {@link DevStack#config()}. */
final class Clients {

    private Clients() {
    }

    static <T> T await(Future<T> f) {
        return await(f, Duration.ofSeconds(30));
    }

    static <T> T await(Future<T> f, Duration timeout) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    static Pool pg(Vertx vertx, JsonObject config) {
        JsonObject pg = config.getJsonObject("pg");
        PgConnectOptions connect = new PgConnectOptions()
            .setHost(pg.getString("host"))
            .setPort(pg.getInteger("port"))
            .setDatabase(pg.getString("database"))
            .setUser(pg.getString("user"))
            .setPassword(pg.getString("password"));
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(vertx).build();
    }

    /** Polls a condition (no fixed sleeps in the tests); true when it held before the deadline. */
    static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval
            if (Thread.interrupted()) {
                return false;
            }
        }
        return true;
    }
}

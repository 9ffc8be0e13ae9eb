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

/** Test helpers: blocking waits on Vert.x futures, clients built from {@link DevStack#config()}, plain HTTP calls. */
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

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    /** A plain HTTP GET (no redirects followed), body as UTF-8. */
    static java.net.http.HttpResponse<String> get(String url) {
        return http(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET());
    }

    /** A form POST (no redirects followed), body as UTF-8. */
    static java.net.http.HttpResponse<String> postForm(String url, java.util.Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&")
            .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
            .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return http(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(b.toString())));
    }

    private static java.net.http.HttpResponse<String> http(java.net.http.HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

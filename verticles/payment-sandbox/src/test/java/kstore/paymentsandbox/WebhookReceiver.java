package kstore.paymentsandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;

/** A tiny webhook receiver (JDK HttpServer) that records every delivery and can answer 500 to the first ones. */
final class WebhookReceiver implements AutoCloseable {

    /** One POST as it arrived: the raw body, its signature header and when. */
    record Delivery(String body, String signature, long receivedNanos) {
        JsonObject event() {
            return new JsonObject(body);
        }

        JsonObject object() {
            return event().getJsonObject("data").getJsonObject("object");
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/hook", ex -> {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            deliveries.add(new Delivery(body, ex.getRequestHeaders().getFirst("Sandbox-Signature"), System.nanoTime()));
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next {@code n} deliveries are answered 500. */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    List<Delivery> deliveries(Predicate<Delivery> which) {
        return deliveries.stream().filter(which).toList();
    }

    /** Waits (polling, 10 s at most) until {@code count} deliveries match, and returns them. */
    List<Delivery> await(int count, Predicate<Delivery> which) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (deliveries(which).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching deliveries, got " + deliveries);
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return deliveries(which);
    }

    /** Deliveries of {@code type} about the object {@code id}. */
    static Predicate<Delivery> about(String type, String id) {
        return d -> d.event().getString("type").equals(type) && id.equals(d.object().getString(
            d.object().containsKey("tid") ? "tid" : d.object().getString("object", "").equals("charge")
                ? "payment_intent" : "id"));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package kstore.checkout.payments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A tiny local HTTP server answering recorded payment-sandbox responses (see {@code PROTOCOL.md}) per
 * {@code "METHOD /path"}, and recording every request it got, so the adapters' requests and error mapping are checked
 * without the real sandbox.
 */
final class RecordedProvider implements AutoCloseable {
  /** One recorded answer; {@code hang} never answers (the client must time out). */
  record Answer(int status, String body, boolean hang) {
    static Answer json(int status, String body) {
      return new Answer(status, body, false);
    }

    static Answer hanging() {
      return new Answer(0, null, true);
    }
  }

  /** One request as the provider saw it. */
  record Seen(String method, String path, Map<String, String> headers, JsonObject body) {
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  RecordedProvider(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Map<String, String> headers = new ConcurrentHashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      seen.add(new Seen(req.method().name(), req.path(), headers,
          body.length() == 0 ? null : new JsonObject(body)));
      Answer a = answers.get(req.method().name() + " " + req.path());
      if (a == null) {
        req.response().setStatusCode(404).putHeader("content-type", "application/json")
            .end("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"message\":\"no such route\"}}");
      } else if (!a.hang()) {
        req.response().setStatusCode(a.status()).putHeader("content-type", "application/json").end(a.body());
      }
    })).listen(0, "127.0.0.1"));
  }

  /** Answer {@code "POST /v1/…"} with this status and JSON body from now on. */
  RecordedProvider on(String route, int status, String body) {
    answers.put(route, Answer.json(status, body));
    return this;
  }

  /** Never answer this route. */
  RecordedProvider hang(String route) {
    answers.put(route, Answer.hanging());
    return this;
  }

  /** Forget every answer and request. */
  void reset() {
    answers.clear();
    seen.clear();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  Seen last() {
    return seen.get(seen.size() - 1);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The failure of a Future that must fail. */
  static Throwable failure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Override
  public void close() throws Exception {
    await(server.close());
  }
}

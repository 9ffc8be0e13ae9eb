package kstore.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON log line per request (method, path, status, duration, request id) and a request timer labelled
 * with the route's name rather than the raw path, so Prometheus series stay few whatever clients send.
 */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("kstore.edge.access");
  private static final String ROUTE_KEY = "kstore.route";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final MeterRegistry registry = BackendRegistries.getDefaultNow();
  /** Routes are operation ids and statuses a few dozen codes: a bounded set of timers, looked up once each. */
  private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> record(ctx, System.nanoTime() - start, done.succeeded()));
    ctx.next();
  }

  /** Names the route a request took, for the metrics label (an OpenAPI operation id, "storefront", ...). */
  public static void route(RoutingContext ctx, String name) {
    ctx.put(ROUTE_KEY, name);
  }

  private void record(RoutingContext ctx, long nanos, boolean completed) {
    HttpServerRequest req = ctx.request();
    int status = ctx.response().getStatusCode();
    String method = METHODS.contains(req.method().name()) ? req.method().name() : "OTHER";
    String route = routeOf(ctx);
    String requestId = RequestIds.of(ctx);
    // one line per request; the fields travel as structured key-values of the JSON log line
    LOG.atInfo()
        .addKeyValue("method", method).addKeyValue("path", req.path()).addKeyValue("status", status)
        .addKeyValue("durationMs", Math.round(nanos / 10_000.0) / 100.0).addKeyValue("requestId", requestId)
        .addKeyValue("route", route).addKeyValue("aborted", !completed)
        .log("{} {} {}", method, req.path(), status);
    if (registry != null) {
      timers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder("kstore.edge.requests")
              .description("HTTP requests served by the edge, by route name")
              .tag("method", method)
              .tag("route", route)
              .tag("status", String.valueOf(status))
              .register(registry))
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private static String routeOf(RoutingContext ctx) {
    String named = ctx.get(ROUTE_KEY);
    if (named != null) {
      return named;
    }
    String path = ctx.request().path();
    if (path == null) {
      return "unknown";
    }
    if (path.startsWith("/api/")) {
      return "api-unmatched";
    }
    if (path.startsWith("/eventbus/")) {
      return "eventbus";
    }
    return "storefront";
  }
}

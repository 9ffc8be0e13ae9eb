package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import kstore.contracts.ErrorCode;
import kstore.platform.Regions;
import kstore.platform.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: storefront files, the OpenAPI-validated JSON API {@code /api/v1} (forwarded to services over the
 * event bus), the SockJS bridge {@code /eventbus}, {@code /health} and {@code /metrics}. Stateless: run as many
 * instances on as many nodes as the traffic needs. Wiring only; the work is in the classes it assembles.
 */
public class EdgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeVerticle.class);
  /** Bearer principals kept per instance: 10,000 signed-in apps at a few hundred bytes each. */
  private static final int AUTH_CACHE_ENTRIES = 10_000;

  private Readiness readiness;
  private ClientBridge bridge;
  private Authentication auth;
  private HttpServer server;
  private GeoIp geoIp;

  @Override
  public Future<?> start() {
    JsonObject conf = config().isEmpty() ? StoreConfig.load(List.of(), System.getenv(), Map.of()) : config();
    EdgeConfig config = EdgeConfig.from(conf);
    Regions regions = Regions.load();
    if (config.geoipDatabase() == null) {
      return start(conf, config, regions, null);
    }
    return vertx.executeBlocking(() -> GeoIp.open(config.geoipDatabase()), false).compose(geo -> {
      geoIp = geo;
      LOG.info("GeoIP: countries from {} ({})", config.geoipDatabase(), geo.type());
      return start(conf, config, regions, geo);
    });
  }

  private Future<?> start(JsonObject conf, EdgeConfig config, Regions regions, GeoIp geo) {
    CallerResolver callers = new CallerResolver(regions, config.trustCountryHeader(), config.countryHeader(), geo,
        config.trustForwardedFor());
    CatalogApi catalog = new CatalogApi(vertx, config.requestTimeoutMs(), callers);
    ContextApi context = new ContextApi(regions, callers);
    Storefront storefront = Storefront.create(vertx, config.webroot());
    readiness = new Readiness(vertx, conf, config);
    bridge = new ClientBridge(vertx, config.heartbeatMs(), config.requestTimeoutMs());

    auth = new Authentication(vertx, config.requestTimeoutMs(), config.tls()
        || (config.publicUrl() != null && config.publicUrl().startsWith("https:")),
        new PrincipalCache(Duration.ofSeconds(config.authCacheSeconds()), AUTH_CACHE_ENTRIES, Clock.systemUTC()));
    IdentityApi identity = new IdentityApi(vertx, config.requestTimeoutMs(), callers, auth,
        config.publicUrl() == null ? "http://localhost:" + config.port() : config.publicUrl());
    Map<String, Consumer<RoutingContext>> operations = new HashMap<>(identity.operations());
    operations.putAll(new CheckoutApi(vertx, config.requestTimeoutMs(), callers).operations());
    operations.putAll(Map.of(
        "searchGames", catalog::search,
        "getGame", catalog::get,
        "suggestGames", catalog::suggest,
        "getHome", catalog::home,
        "getContext", context::handle,
        "createGame", catalog::create,
        "updateGame", catalog::update,
        "getGameAudit", catalog::audit));

    return Future.all(ApiRouter.load(vertx), readiness.start(), bridge.start(), auth.start())
        .compose(ready -> {
          ApiRouter api = ready.resultAt(0);
          Router router = router(config, api, auth, operations, storefront);
          server = vertx.createHttpServer(serverOptions(config))
              .requestHandler(router)
              .invalidRequestHandler(request -> invalidRequest(request, config.tls()));
          return server.listen(config.port(), config.host());
        })
        .onSuccess(s -> LOG.info("edge listening on " + config.host() + ":" + s.actualPort() + " (storefront from "
            + storefront.root() + ")"));
  }

  @Override
  public Future<?> stop() {
    if (geoIp != null) {
      try {
        geoIp.close();
      } catch (java.io.IOException e) {
        LOG.debug("GeoIP database did not close: {}", e.toString());
      }
    }
    return Future.join(
        server == null ? Future.succeededFuture() : server.close(),
        bridge == null ? Future.succeededFuture() : bridge.stop(),
        auth == null ? Future.succeededFuture() : auth.stop(),
        readiness == null ? Future.succeededFuture() : readiness.stop());
  }

  /** The port the server listens on (useful when configured with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private Router router(EdgeConfig config, ApiRouter api, Authentication auth,
                        Map<String, Consumer<RoutingContext>> operations, Storefront storefront) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIds());
    router.route().handler(new AccessLog());
    router.route().handler(new SecurityHeaders(config.tls()));

    router.get("/health").handler(readiness::handle);
    router.get("/health/live").handler(Readiness::live);
    router.get("/metrics").handler(metrics());
    router.route("/eventbus/*").handler(ctx -> {
      AccessLog.route(ctx, "eventbus");
      ctx.next();
    });
    router.route("/eventbus/*").subRouter(bridge.router());

    api.mount(vertx, router, operations, auth, config.maxBodyBytes());
    new Downloads(vertx, config.downloadsDir(), config.requestTimeoutMs()).mount(router);
    storefront.mount(router);

    router.route().failureHandler(ApiErrors::handleFailure);
    router.errorHandler(404, ctx -> ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "No such resource: "
        + ctx.request().path()));
    router.errorHandler(405, api::notAllowed);
    router.errorHandler(500, ctx -> ApiErrors.internal(ctx, ctx.failure()));
    return router;
  }

  private static io.vertx.core.Handler<RoutingContext> metrics() {
    if (BackendRegistries.getDefaultNow() == null) {
      return ctx -> ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "Metrics are not enabled on this node");
    }
    io.vertx.core.Handler<RoutingContext> scrape = PrometheusScrapingHandler.create();
    return ctx -> {
      AccessLog.route(ctx, "metrics");
      scrape.handle(ctx);
    };
  }

  static HttpServerOptions serverOptions(EdgeConfig config) {
    return new HttpServerOptions()
        .setCompressionSupported(true)
        .setCompressionLevel(config.compressionLevel())
        .setDecompressionSupported(false)
        .setIdleTimeout(config.idleTimeoutSeconds())
        .setMaxHeaderSize(config.maxHeaderSize())
        .setMaxInitialLineLength(config.maxInitialLineLength())
        .setMaxFormAttributeSize(8_192)
        .setTcpNoDelay(true);
  }

  /** What Netty could not even parse (a too long request line or headers): the usual status, our JSON body. */
  private static void invalidRequest(HttpServerRequest request, boolean tls) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String message;
    if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
      status = 414;
      message = "The request line is too long";
    } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
      status = 431;
      message = "The request headers are too large";
    } else {
      status = 400;
      message = "The request could not be parsed";
    }
    SecurityHeaders.apply(request.response().headers(), tls);
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", JsonReplies.JSON)
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(ApiErrors.body(ErrorCode.VALIDATION, message).encode())
        .onComplete(done -> request.connection().close());
  }
}

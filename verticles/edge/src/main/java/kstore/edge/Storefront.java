package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kstore.platform.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the storefront: files of {@code webroot/} with an ETag and revalidation on every use (they are not
 * fingerprinted), and the single page {@code index.html} (never cached without revalidation) for every other
 * page a browser asks for: {@code /}, {@code /search}, {@code /games/{slug}}, ...
 */
final class Storefront {
  private static final Logger LOG = LoggerFactory.getLogger(Storefront.class);
  // not fingerprinted: revalidate every time (a 304 on the ETag), so a deploy never mixes old and new modules
  static final String ASSET_CACHE = "no-cache";
  static final String PAGE_CACHE = "no-cache";
  private static final String INDEX = "index.html";
  /** Files up to this size are kept in memory with a content-hash ETag; larger ones are streamed. */
  private static final long MAX_CACHED_BYTES = 4L * 1024 * 1024;

  private record Asset(Buffer content, String etag, String contentType, long size, long modified) {
  }

  private final Vertx vertx;
  private final String root;
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  private Storefront(Vertx vertx, String root) {
    this.vertx = vertx;
    this.root = root;
  }

  /**
   * The configured folder ({@code http.webroot}), else {@code <home>/webroot} when it exists (a dev run from the
   * repository), else the {@code webroot} folder on the classpath (inside the runnable jar).
   */
  static Storefront create(Vertx vertx, Path configured) {
    if (configured != null) {
      if (!Files.isDirectory(configured)) {
        throw new IllegalArgumentException("config key 'http.webroot' names no folder: " + configured);
      }
      return new Storefront(vertx, configured.toString());
    }
    Path home = StoreConfig.home().resolve("webroot");
    if (Files.isDirectory(home)) {
      return new Storefront(vertx, home.toString());
    }
    if (Storefront.class.getClassLoader().getResource("webroot/" + INDEX) == null) {
      LOG.warn("No storefront found (neither " + home + " nor webroot/ on the classpath): only the API is served");
    }
    return new Storefront(vertx, "webroot");
  }

  /** Where files come from (a folder, or "webroot" meaning the classpath). */
  String root() {
    return root;
  }

  void mount(Router router) {
    router.routeWithRegex("^/(?!api/|eventbus/).*")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.endsWith("/") || !isSafe(path)) {
      page(ctx);
      return;
    }
    String relative = path.substring(1);
    load(relative).onComplete(found -> {
      if (found.failed()) {
        ApiErrors.internal(ctx, found.cause());
      } else if (found.result() == null) {
        page(ctx);
      } else {
        AccessLog.route(ctx, "storefront-asset");
        send(ctx, relative, found.result(), relative.equals(INDEX) ? PAGE_CACHE : ASSET_CACHE);
      }
    });
  }

  /**
   * A client-side route: the app's page for its own routes ({@code /}, {@code /search}, {@code /games/...})
   * whatever the client accepts, and for any other path a browser (Accept: text/html) asks for; a 404 else.
   */
  private void page(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (!isAppRoute(ctx.normalizedPath()) && (accept == null || !accept.contains("text/html"))) {
      ctx.next();
      return;
    }
    load(INDEX).onComplete(found -> {
      if (found.failed()) {
        ApiErrors.internal(ctx, found.cause());
      } else if (found.result() == null) {
        ctx.next();
      } else {
        AccessLog.route(ctx, "storefront-page");
        send(ctx, INDEX, found.result(), PAGE_CACHE);
      }
    });
  }

  /** Pages of the single-page app: each answers index.html, whatever the client accepts. */
  static final java.util.Set<String> APP_PAGES = java.util.Set.of("/", "/search", "/signin", "/signup", "/account",
      "/friends", "/verify-email", "/reset-password", "/forgot-password", "/cart", "/checkout", "/checkout/return",
      "/library");

  static boolean isAppRoute(String path) {
    return APP_PAGES.contains(path) || path.startsWith("/games/") && path.length() > 7
        || path.startsWith("/orders/") && path.length() > 8;
  }

  private void send(RoutingContext ctx, String relative, Asset asset, String cacheControl) {
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.ETAG, asset.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType());
    if (JsonReplies.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), asset.etag())) {
      response.setStatusCode(304).end();
    } else if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(asset.size())).end();
    } else if (asset.content() != null) {
      response.end(asset.content());
    } else {
      response.sendFile(file(relative));
    }
  }

  /** The file's current asset (reloaded when it changed on disk), or null when there is no such file. */
  private Future<Asset> load(String relative) {
    String file = file(relative);
    return vertx.fileSystem().exists(file).compose(exists -> {
      if (!exists) {
        return Future.succeededFuture();
      }
      return vertx.fileSystem().props(file).compose(props -> {
        if (!props.isRegularFile()) {
          return Future.succeededFuture();
        }
        Asset cached = cache.get(relative);
        if (cached != null && cached.size() == props.size() && cached.modified() == props.lastModifiedTime()) {
          return Future.succeededFuture(cached);
        }
        return read(file, relative, props);
      });
    });
  }

  private Future<Asset> read(String file, String relative, FileProps props) {
    String type = contentType(relative);
    if (props.size() > MAX_CACHED_BYTES) {
      String etag = "\"" + Long.toHexString(props.size()) + "-" + Long.toHexString(props.lastModifiedTime()) + "\"";
      return Future.succeededFuture(new Asset(null, etag, type, props.size(), props.lastModifiedTime()));
    }
    return vertx.fileSystem().readFile(file).map(content -> {
      Asset asset = new Asset(content, JsonReplies.strongEtag(content), type, content.length(),
          props.lastModifiedTime());
      cache.put(relative, asset);
      return asset;
    });
  }

  private String file(String relative) {
    return root + "/" + relative;
  }

  /** Plain file names only: no hidden files, no escapes, no way out of the folder. */
  private static boolean isSafe(String path) {
    if (path.contains("\\") || path.contains("%") || path.indexOf('\0') >= 0 || path.contains("//")) {
      return false;
    }
    for (String segment : path.substring(1).split("/")) {
      if (segment.isEmpty() || segment.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  private static String contentType(String name) {
    String type = MimeMapping.mimeTypeForFilename(name);
    if (type == null) {
      return "application/octet-stream";
    }
    boolean text = type.startsWith("text/") || type.equals("application/javascript")
        || type.equals("application/json") || type.equals("image/svg+xml");
    return text ? type + "; charset=utf-8" : type;
  }
}

package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.contracts.checkout.CheckoutAddresses;
import kstore.platform.Bus;

/**
 * Game downloads at {@code /downloads/{gameId}/{file}?u&exp&sig}: the checkout verifies the signed, expiring link
 * before a byte is served; files are served with HTTP Range (one range, 206 / 416). The dev run and the tests
 * serve a generated demo installer per game (deterministic bytes) from {@code edge.downloadsDir}.
 */
final class Downloads {
  static final long DEMO_SIZE = 4L * 1024 * 1024;
  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

  private final Vertx vertx;
  private final Path dir;
  private final long timeoutMs;

  Downloads(Vertx vertx, Path dir, long timeoutMs) {
    this.vertx = vertx;
    this.dir = dir;
    this.timeoutMs = timeoutMs;
  }

  void mount(Router router) {
    router.get("/downloads/:gameId/:file").handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    AccessLog.route(ctx, "download");
    long gameId;
    try {
      gameId = Long.parseLong(ctx.pathParam("gameId"));
    } catch (NumberFormatException e) {
      ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "No such download");
      return;
    }
    JsonObject link = new JsonObject().put("gameId", gameId).put("u", ctx.queryParams().get("u"))
        .put("exp", parse(ctx.queryParams().get("exp"))).put("sig", ctx.queryParams().get("sig"));
    Bus.request(vertx, CheckoutAddresses.DOWNLOAD_VERIFY, link, Bus.options(RequestIds.of(ctx), timeoutMs))
        .compose(ok -> {
          String file = ok.getString("file");
          if (!file.equals(ctx.pathParam("file"))) {
            return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN, "This download link is for another file"));
          }
          Path path = dir.resolve(String.valueOf(gameId)).resolve(file);
          return vertx.executeBlocking(() -> demoFile(path, gameId), false);
        })
        .onFailure(ctx::fail)
        .onSuccess(path -> send(ctx, path));
  }

  private static void send(RoutingContext ctx, Path path) {
    long size = DEMO_SIZE;
    ctx.response().putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .putHeader("Content-Disposition", "attachment; filename=\"" + path.getFileName() + "\"");
    String range = ctx.request().getHeader("Range");
    if (range == null) {
      ctx.response().sendFile(path.toString());
      return;
    }
    Matcher m = RANGE.matcher(range.trim());
    long start;
    long end;
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      unsatisfiable(ctx, size);
      return;
    }
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
    }
    if (start >= size || start > end) {
      unsatisfiable(ctx, size);
      return;
    }
    ctx.response().setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + end + "/" + size)
        .sendFile(path.toString(), start, end - start + 1);
  }

  private static void unsatisfiable(RoutingContext ctx, long size) {
    ctx.response().setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
  }

  /** The demo installer of a game: made once, the same bytes every time (so resumed downloads fit together). */
  private static Path demoFile(Path path, long gameId) throws IOException {
    if (Files.isRegularFile(path) && Files.size(path) == DEMO_SIZE) {
      return path;
    }
    Files.createDirectories(path.getParent());
    Path tmp = Files.createTempFile(path.getParent(), "demo", ".part");
    Random random = new Random(gameId);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(tmp)) {
      for (long written = 0; written < DEMO_SIZE; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return path;
  }

  private static Long parse(String s) {
    try {
      return s == null ? null : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

package kstore.edge;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Browser-hardening headers on every response; HSTS only when the store is served over TLS. */
public final class SecurityHeaders implements Handler<RoutingContext> {
  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
  static final String PERMISSIONS = "camera=(), microphone=(), geolocation=(), usb=(), payment=(self)";
  static final String HSTS = "max-age=31536000; includeSubDomains";

  private final boolean tls;

  public SecurityHeaders(boolean tls) {
    this.tls = tls;
  }

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx.response().headers(), tls);
    ctx.next();
  }

  /** Also used where no router runs (requests Netty could not parse). */
  static void apply(MultiMap h, boolean tls) {
    h.set("Content-Security-Policy", CSP)
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "strict-origin-when-cross-origin")
        .set("X-Frame-Options", "DENY")
        .set("Permissions-Policy", PERMISSIONS);
    if (tls) {
      h.set("Strict-Transport-Security", HSTS);
    }
  }
}

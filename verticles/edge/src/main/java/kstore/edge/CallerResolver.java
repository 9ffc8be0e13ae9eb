package kstore.edge;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import kstore.platform.Regions;

/** Resolves a request's {@link Caller}; also names the headers that answers vary on, for shared caches. */
public final class CallerResolver {
  private final CountryResolver countries;
  private final LanguageResolver languages;
  private final String vary;

  private static final String PRIVATE_KEY = "kstore.answerIsPrivate";
  private final boolean trustForwardedFor;

  public CallerResolver(Regions regions, boolean trustCountryHeader, String countryHeader) {
    this(regions, trustCountryHeader, countryHeader, null, false);
  }

  public CallerResolver(Regions regions, boolean trustCountryHeader, String countryHeader, GeoIp geoIp,
                        boolean trustForwardedFor) {
    this.countries = new CountryResolver(regions, trustCountryHeader, countryHeader, geoIp);
    this.trustForwardedFor = trustForwardedFor;
    this.languages = new LanguageResolver(regions);
    String trusted = countries.trustedHeader();
    this.vary = "Accept-Encoding, Accept-Language" + (trusted == null ? "" : ", " + trusted);
  }

  /** {@code countryParam}/{@code langParam} are the (already schema-checked) query values, or null. */
  public Caller resolve(RoutingContext ctx, String countryParam, String langParam) {
    CountryResolver.Resolved resolved = countries.resolve(countryParam, ctx.request().headers(), clientIp(ctx));
    if (resolved.byAddress()) {
      ctx.put(PRIVATE_KEY, Boolean.TRUE);
    }
    String country = resolved.country();
    String lang = languages.resolve(langParam, ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE), country);
    return new Caller(country, lang);
  }

  /**
   * The client's address: the first {@code X-Forwarded-For} hop when the store sits behind a trusted proxy
   * ({@code edge.trustForwardedFor}), else the connection's peer.
   */
  public String clientIp(RoutingContext ctx) {
    if (trustForwardedFor) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String first = forwarded.split(",")[0].strip();
        if (!first.isEmpty() && first.length() <= 45) {
          return first;
        }
      }
    }
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
  }

  /** True when the client's address chose this answer's country: shared caches must not keep it. */
  public static boolean answerIsPrivate(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(PRIVATE_KEY));
  }

  /** The {@code Vary} value of every answer that depends on the caller. */
  public String vary() {
    return vary;
  }
}

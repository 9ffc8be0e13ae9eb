package kstore.edge;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import kstore.platform.Regions;

/** Resolves a request's {@link Caller}; also names the headers that answers vary on, for shared caches. */
public final class CallerResolver {
  private final CountryResolver countries;
  private final LanguageResolver languages;
  private final String vary;

  public CallerResolver(Regions regions, boolean trustCountryHeader, String countryHeader) {
    this.countries = new CountryResolver(regions, trustCountryHeader, countryHeader);
    this.languages = new LanguageResolver(regions);
    String trusted = countries.trustedHeader();
    this.vary = "Accept-Encoding, Accept-Language" + (trusted == null ? "" : ", " + trusted);
  }

  /** {@code countryParam}/{@code langParam} are the (already schema-checked) query values, or null. */
  public Caller resolve(RoutingContext ctx, String countryParam, String langParam) {
    String country = countries.resolve(countryParam, ctx.request().headers(), ctx.request().remoteAddress());
    String lang = languages.resolve(langParam, ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE), country);
    return new Caller(country, lang);
  }

  /** The {@code Vary} value of every answer that depends on the caller. */
  public String vary() {
    return vary;
  }
}

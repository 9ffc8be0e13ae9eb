package kstore.edge;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import kstore.platform.Regions;

/**
 * Which country a caller is in: the {@code country} query parameter, else the trusted header set by the load
 * balancer / CDN (when configured), else the country of the client's address in the GeoIP2/GeoLite2 database
 * (when one is configured; the client's address is the first {@code X-Forwarded-For} hop only when
 * {@code edge.trustForwardedFor}), else the store's default country.
 */
public final class CountryResolver {
  private static final Set<String> ISO_3166 = Set.of(Locale.getISOCountries());

  private final Regions regions;
  private final boolean trustHeader;
  private final String header;
  private final GeoIp geoIp;

  public CountryResolver(Regions regions, boolean trustHeader, String header, GeoIp geoIp) {
    this.regions = regions;
    this.trustHeader = trustHeader;
    this.header = header;
    this.geoIp = geoIp;
  }

  /** A resolved country, and whether the client's address decided it (then answers must not be shared). */
  public record Resolved(String country, boolean byAddress) {
  }

  /** An ISO 3166-1 alpha-2 code (any case) as upper case, or empty when it is not one. */
  public static Optional<String> normalize(String raw) {
    if (raw == null || raw.length() != 2) {
      return Optional.empty();
    }
    String upper = raw.toUpperCase(Locale.ROOT);
    return ISO_3166.contains(upper) ? Optional.of(upper) : Optional.empty();
  }

  /**
   * The caller's country. An explicit but invalid {@code country} parameter is the caller's mistake (400); a bad
   * header value comes from infrastructure (e.g. "XX" for unknown) and is ignored.
   */
  public Resolved resolve(String countryParam, MultiMap headers, String clientIp) {
    if (countryParam != null) {
      return new Resolved(normalize(countryParam).orElseThrow(() -> EdgeException.invalid(
          "country must be an ISO 3166-1 alpha-2 code such as US or KR, got: " + countryParam)), false);
    }
    if (trustHeader) {
      Optional<String> fromHeader = normalize(headers.get(header));
      if (fromHeader.isPresent()) {
        return new Resolved(fromHeader.get(), false);
      }
    }
    Optional<String> located = byAddress(clientIp);
    return located.map(c -> new Resolved(c, true)).orElseGet(() -> new Resolved(regions.defaultCountry(), false));
  }

  /** The header a trusted proxy sets, or {@code null} when the header is not trusted (for {@code Vary}). */
  public String trustedHeader() {
    return trustHeader ? header : null;
  }

  /** The country of an address in the GeoIP database, when one is configured and knows the address. */
  Optional<String> byAddress(String clientIp) {
    return geoIp == null ? Optional.empty() : geoIp.country(clientIp).flatMap(CountryResolver::normalize);
  }
}

package kstore.edge;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import kstore.platform.Regions;

/**
 * Which country a caller is in: the {@code country} query parameter, else the trusted header set by the load
 * balancer / CDN (when configured), else the store's default country. The GeoIP lookup (a later issue) slots in
 * between the header and the default: see {@link #byAddress(SocketAddress)}.
 */
public final class CountryResolver {
  private static final Set<String> ISO_3166 = Set.of(Locale.getISOCountries());

  private final Regions regions;
  private final boolean trustHeader;
  private final String header;

  public CountryResolver(Regions regions, boolean trustHeader, String header) {
    this.regions = regions;
    this.trustHeader = trustHeader;
    this.header = header;
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
  public String resolve(String countryParam, MultiMap headers, SocketAddress remote) {
    if (countryParam != null) {
      return normalize(countryParam).orElseThrow(() -> EdgeException.invalid(
          "country must be an ISO 3166-1 alpha-2 code such as US or KR, got: " + countryParam));
    }
    if (trustHeader) {
      Optional<String> fromHeader = normalize(headers.get(header));
      if (fromHeader.isPresent()) {
        return fromHeader.get();
      }
    }
    return byAddress(remote).orElse(regions.defaultCountry());
  }

  /** The header a trusted proxy sets, or {@code null} when the header is not trusted (for {@code Vary}). */
  public String trustedHeader() {
    return trustHeader ? header : null;
  }

  /** GeoIP goes here (later issue): the country of the client's address when a database is configured. */
  Optional<String> byAddress(SocketAddress remote) {
    return Optional.empty();
  }
}

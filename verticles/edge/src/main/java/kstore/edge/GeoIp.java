package kstore.edge;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A MaxMind GeoIP2 / GeoLite2 Country database held in memory: address → ISO country code. Lookups are in-memory
 * and never resolve host names (only IP literals are looked up), so they are safe on the event loop.
 */
public final class GeoIp implements AutoCloseable {
  private static final Pattern IP_LITERAL = Pattern.compile("^[0-9a-fA-F:.]{2,45}$");

  private final DatabaseReader reader;
  private final String type;

  private GeoIp(DatabaseReader reader) {
    this.reader = reader;
    this.type = reader.getMetadata().getDatabaseType();
  }

  /** Opens a country database (blocking: call on a worker); fails naming the file when it is not one. */
  public static GeoIp open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config key 'geoip.database': no such file " + file);
    }
    try {
      DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).fileMode(Reader.FileMode.MEMORY).build();
      if (!reader.getMetadata().getDatabaseType().contains("Country")) {
        throw new IllegalArgumentException("config key 'geoip.database': " + file + " is a "
            + reader.getMetadata().getDatabaseType() + " database, not a Country one");
      }
      return new GeoIp(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("config key 'geoip.database': cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The ISO 3166-1 code of the address's country, when the database knows it. */
  public Optional<String> country(String ip) {
    if (ip == null || !IP_LITERAL.matcher(ip).matches()) {
      return Optional.empty();
    }
    try {
      Optional<CountryResponse> found = reader.tryCountry(InetAddress.getByName(ip));
      return found.map(r -> r.getCountry().getIsoCode());
    } catch (IOException | com.maxmind.geoip2.exception.GeoIp2Exception | RuntimeException e) {
      return Optional.empty();
    }
  }

  public String type() {
    return type;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}

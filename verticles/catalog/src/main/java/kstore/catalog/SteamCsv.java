package kstore.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads "Steam Store Games (Clean dataset)" (Nik Davis, CC BY 4.0): RFC 4180 CSV with a header,
 * lists inside a field separated by {@code ;}, price in GBP with two decimals.
 */
public final class SteamCsv {
  private SteamCsv() {
  }

  /** One row of the data set. {@code price} is pounds as an exact decimal (never a double). */
  public record Row(long appid, String name, LocalDate releaseDate, boolean english, List<String> developers,
                    List<String> publishers, List<String> platforms, int requiredAge, List<String> categories,
                    List<String> genres, List<String> tags, int achievements, long positiveRatings,
                    long negativeRatings, int averagePlaytime, int medianPlaytime, String owners, BigDecimal price) {
  }

  private static final List<String> HEADER = List.of("appid", "name", "release_date", "english", "developer",
      "publisher", "platforms", "required_age", "categories", "genres", "steamspy_tags", "achievements",
      "positive_ratings", "negative_ratings", "average_playtime", "median_playtime", "owners", "price");

  public static List<Row> readGzip(InputStream gz) throws IOException {
    try (Reader r = new InputStreamReader(new GZIPInputStream(gz, 1 << 16), StandardCharsets.UTF_8)) {
      return read(r);
    }
  }

  public static List<Row> read(Reader reader) throws IOException {
    CsvReader csv = new CsvReader(reader);
    List<String> header = csv.next();
    if (header == null || !header.equals(HEADER)) {
      throw new IllegalArgumentException("not the Steam store games CSV: header is " + header);
    }
    List<Row> rows = new ArrayList<>(28_000);
    List<String> f;
    int line = 1;
    while ((f = csv.next()) != null) {
      line++;
      if (f.size() == 1 && f.get(0).isEmpty()) {
        continue;
      }
      if (f.size() != HEADER.size()) {
        throw new IllegalArgumentException("CSV record " + line + " has " + f.size() + " fields, expected "
            + HEADER.size());
      }
      try {
        rows.add(row(f));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("CSV record " + line + " (appid " + f.get(0) + "): " + e.getMessage(), e);
      }
    }
    return rows;
  }

  private static Row row(List<String> f) {
    return new Row(
        Long.parseLong(f.get(0)),
        f.get(1).strip(),
        LocalDate.parse(f.get(2)),
        "1".equals(f.get(3)),
        list(f.get(4)),
        list(f.get(5)),
        list(f.get(6)),
        Integer.parseInt(f.get(7)),
        list(f.get(8)),
        list(f.get(9)),
        list(f.get(10)),
        Integer.parseInt(f.get(11)),
        Long.parseLong(f.get(12)),
        Long.parseLong(f.get(13)),
        Integer.parseInt(f.get(14)),
        Integer.parseInt(f.get(15)),
        f.get(16),
        new BigDecimal(f.get(17)));
  }

  static List<String> list(String field) {
    if (field.isBlank()) {
      return List.of();
    }
    return Arrays.stream(field.split(";")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
  static final class CsvReader {
    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private int pushedBack = -2;

    CsvReader(Reader in) {
      this.in = in;
    }

    private int read() throws IOException {
      if (pushedBack != -2) {
        int c = pushedBack;
        pushedBack = -2;
        return c;
      }
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return -1;
        }
      }
      return buffer[position++];
    }

    /** The next record's fields, or null at the end. */
    List<String> next() throws IOException {
      int c = read();
      if (c == -1) {
        return null;
      }
      List<String> fields = new ArrayList<>(18);
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean fieldStart = true;
      while (true) {
        if (c == -1) {
          fields.add(field.toString());
          return fields;
        }
        char ch = (char) c;
        if (quoted) {
          if (ch == '"') {
            int n = read();
            if (n == '"') {
              field.append('"');
            } else {
              quoted = false;
              pushedBack = n;
            }
          } else {
            field.append(ch);
          }
        } else if (ch == '"' && fieldStart) {
          quoted = true;
          fieldStart = false;
        } else if (ch == ',') {
          fields.add(field.toString());
          field.setLength(0);
          fieldStart = true;
        } else if (ch == '\n' || ch == '\r') {
          if (ch == '\r') {
            int n = read();
            if (n != '\n') {
              pushedBack = n;
            }
          }
          fields.add(field.toString());
          return fields;
        } else {
          field.append(ch);
          fieldStart = false;
        }
        c = read();
      }
    }
  }

  /** Localized titles by appid from {@code titles-i18n.tsv} ({@code appid en ko ja zh}; empty cell = none). */
  public static Map<Long, Map<String, String>> readTitles(String tsv) {
    Map<Long, Map<String, String>> out = new java.util.HashMap<>();
    String[] lines = tsv.split("\r?\n");
    if (lines.length == 0 || !lines[0].strip().equals("appid\ten\tko\tja\tzh")) {
      throw new IllegalArgumentException("titles file header must be 'appid<TAB>en<TAB>ko<TAB>ja<TAB>zh'");
    }
    String[] langs = {"en", "ko", "ja", "zh"};
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] cells = lines[i].split("\t", -1);
      long appid;
      try {
        appid = Long.parseLong(cells[0].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("titles file line " + (i + 1) + ": appid '" + cells[0]
            + "' is not a number");
      }
      Map<String, String> titles = new java.util.LinkedHashMap<>();
      for (int l = 0; l < langs.length && l + 1 < cells.length; l++) {
        String t = cells[l + 1].strip();
        if (!t.isEmpty()) {
          titles.put(langs[l], t);
        }
      }
      out.put(appid, titles);
    }
    return out;
  }
}

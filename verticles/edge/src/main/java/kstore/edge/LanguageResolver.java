package kstore.edge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import kstore.contracts.catalog.CatalogLimits;
import kstore.platform.Regions;

/** Which language to answer in: the {@code lang} parameter, else the best of Accept-Language, else the region's. */
public final class LanguageResolver {
  private final Regions regions;

  public LanguageResolver(Regions regions) {
    this.regions = regions;
  }

  public String resolve(String langParam, String acceptLanguage, String country) {
    if (langParam != null) {
      if (!CatalogLimits.LANGUAGES.contains(langParam)) {
        throw EdgeException.invalid("lang must be one of " + CatalogLimits.LANGUAGES + ", got: " + langParam);
      }
      return langParam;
    }
    String accepted = bestAccepted(acceptLanguage);
    return accepted != null ? accepted : regions.of(country).lang();
  }

  /** The supported language with the highest q in an Accept-Language header ("ko-KR,ko;q=0.9,en;q=0.8"), or null. */
  static String bestAccepted(String header) {
    if (header == null || header.isBlank() || header.length() > 512) {
      return null;
    }
    record Choice(String lang, double q, int order) {
    }
    List<Choice> choices = new ArrayList<>();
    String[] ranges = header.split(",");
    for (int i = 0; i < ranges.length && i < 32; i++) {
      String[] parts = ranges[i].trim().split(";");
      String primary = parts[0].trim().toLowerCase(Locale.ROOT);
      int dash = primary.indexOf('-');
      if (dash > 0) {
        primary = primary.substring(0, dash);
      }
      double q = 1.0;
      for (int p = 1; p < parts.length; p++) {
        String param = parts[p].trim();
        if (param.startsWith("q=") || param.startsWith("Q=")) {
          try {
            q = Double.parseDouble(param.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0 && CatalogLimits.LANGUAGES.contains(primary)) {
        choices.add(new Choice(primary, q, i));
      }
    }
    return choices.stream()
        .max(Comparator.comparingDouble(Choice::q).thenComparing(Comparator.comparingInt(Choice::order).reversed()))
        .map(Choice::lang)
        .orElse(null);
  }
}

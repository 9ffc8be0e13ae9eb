package kstore.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;

/**
 * Marks the words of a title that a search matched: {@code <mark>…</mark>} around them, everything
 * else HTML-escaped, so the storefront can insert the result as HTML safely.
 */
public final class TitleHighlighter {
  private final Analyzer analyzer;

  public TitleHighlighter(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  /**
   * The highlighted title, or null when no word matched.
   *
   * @param prefixOnly autocomplete: mark only the typed prefix of each matched word
   */
  public String highlight(String title, QueryText query, boolean prefixOnly) {
    if (title == null || query == null || query.isEmpty()) {
      return null;
    }
    List<int[]> ranges = new ArrayList<>();
    for (CatalogAnalyzers.Token t : CatalogAnalyzers.tokens(analyzer, CatalogFields.TITLE, title)) {
      if (!query.matches(t.term(), true)) {
        continue;
      }
      int end = t.end();
      if (prefixOnly) {
        end = prefixEnd(title, t, query);
      }
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] >= t.start()) {
        ranges.get(ranges.size() - 1)[1] = Math.max(ranges.get(ranges.size() - 1)[1], end);
      } else {
        ranges.add(new int[] {t.start(), end});
      }
    }
    if (ranges.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(title.length() + ranges.size() * 13);
    int at = 0;
    for (int[] r : ranges) {
      escape(title, at, r[0], sb);
      sb.append("<mark>");
      escape(title, r[0], r[1], sb);
      sb.append("</mark>");
      at = r[1];
    }
    escape(title, at, title.length(), sb);
    return sb.toString();
  }

  /** Where the typed prefix ends inside the original title word (whole word when folding changed its length). */
  private static int prefixEnd(String title, CatalogAnalyzers.Token t, QueryText query) {
    String original = title.substring(t.start(), t.end());
    if (original.length() != t.term().length()) {
      return t.end();
    }
    int best = 0;
    for (String q : query.tokens()) {
      if (t.term().startsWith(q)) {
        best = Math.max(best, q.length());
      }
    }
    return best == 0 ? t.end() : t.start() + best;
  }

  /** Appends {@code s[from, to)} with the five HTML-significant characters escaped. */
  static void escape(String s, int from, int to, StringBuilder out) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }

  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    escape(s, 0, s.length(), sb);
    return sb.toString();
  }
}

package kstore.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A search text after analysis: its words, the words its synonyms add, and how far each word may be
 * misspelt. Shared by the query builder and the highlighter so they agree on what matched.
 *
 * @param tokens   the words of the text (folded, lower case)
 * @param expanded the words of the text and of every synonym it triggered
 */
public record QueryText(String raw, List<String> tokens, Set<String> expanded) {

  public static QueryText of(String raw, CatalogAnalyzers analyzers) {
    List<String> tokens = analyzers.terms(analyzers.text(), CatalogFields.TITLE, raw);
    Set<String> expanded = new HashSet<>(tokens);
    for (String t : analyzers.terms(analyzers.query(), CatalogFields.TITLE, raw)) {
      // A single Han character from a synonym ("猎" of 猎魔人) would mark unrelated characters.
      if (t.codePointCount(0, t.length()) > 1 || !CatalogAnalyzers.isCjk(t)) {
        expanded.add(t);
      }
    }
    return new QueryText(raw, tokens, Set.copyOf(expanded));
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  public String last() {
    return tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1);
  }

  /**
   * Edits a word may be off by and still match. Latin words: none up to 3 letters, 1 up to 5, then 2.
   * CJK words: at most 1 (a Hangul syllable is one character, so 2 edits would match almost anything),
   * none for a single character.
   */
  public static int maxEdits(String token) {
    int len = token.codePointCount(0, token.length());
    if (token.chars().allMatch(Character::isDigit)) {
      return 0;
    }
    if (CatalogAnalyzers.isCjk(token)) {
      return len >= 2 ? 1 : 0;
    }
    if (len <= 3) {
      return 0;
    }
    return len <= 5 ? 1 : 2;
  }

  /**
   * Leading characters a typo may not touch: for a two-character CJK word the first one (one wrong
   * Hangul syllable of two would otherwise match unrelated words: "배그" ~ "리그").
   */
  public static int prefixLength(String token) {
    return CatalogAnalyzers.isCjk(token) && token.codePointCount(0, token.length()) == 2 ? 1 : 0;
  }

  /** True when a title word matches: exactly, via a synonym, within its edits, or as a prefix of the last word. */
  public boolean matches(String titleWord, boolean prefixOfLast) {
    if (expanded.contains(titleWord)) {
      return true;
    }
    for (String t : tokens) {
      int edits = maxEdits(t);
      int prefix = prefixLength(t);
      if (edits > 0 && Math.abs(t.length() - titleWord.length()) <= edits
          && t.regionMatches(0, titleWord, 0, prefix) && distance(t, titleWord, edits) <= edits) {
        return true;
      }
    }
    String last = last();
    return prefixOfLast && !last.isEmpty() && titleWord.startsWith(last);
  }

  /** Optimal string alignment distance (Levenshtein with adjacent transpositions), capped at {@code max + 1}. */
  static int distance(String a, String b, int max) {
    int n = a.length();
    int m = b.length();
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      int rowMin = Integer.MAX_VALUE;
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > max) {
        return max + 1;
      }
    }
    return d[n][m];
  }

  /** Words of the text that no title, developer, publisher or tag contains (candidates for "did you mean"). */
  public Set<String> unknownWords(java.util.function.Predicate<String> known) {
    Set<String> out = new HashSet<>();
    for (String t : tokens) {
      if (!known.test(t)) {
        out.add(t);
      }
    }
    return out;
  }
}

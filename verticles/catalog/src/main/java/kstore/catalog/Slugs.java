package kstore.catalog;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** URL slugs from English titles: lower-case ASCII words joined by dashes. */
public final class Slugs {
  private Slugs() {
  }

  public static final int MAX_LENGTH = 80;
  private static final Pattern VALID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");

  /** "The Witcher® 3: Wild Hunt" → "the-witcher-3-wild-hunt"; empty when nothing Latin is left. */
  public static String of(String title) {
    if (title == null) {
      return "";
    }
    String s = Normalizer.normalize(title, Normalizer.Form.NFKD);
    s = MARKS.matcher(s).replaceAll("");
    s = s.toLowerCase(Locale.ROOT).replace("&", " and ").replace("'", "").replace("’", "");
    s = s.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("đ", "d").replace("ł", "l");
    s = NON_WORD.matcher(s).replaceAll("-");
    s = trimDashes(s);
    if (s.length() > MAX_LENGTH) {
      int cut = s.lastIndexOf('-', MAX_LENGTH);
      s = trimDashes(s.substring(0, cut > 20 ? cut : MAX_LENGTH));
    }
    return s;
  }

  /** The slug for a game: from its title, else "game-ID" when the title has no Latin letters or digits. */
  public static String of(String title, long id) {
    String s = of(title);
    return s.isEmpty() ? "game-" + id : s;
  }

  /** The slug with the game id appended, used when the plain slug is already taken. */
  public static String withId(String slug, long id) {
    String suffix = "-" + id;
    String base = slug.length() + suffix.length() > MAX_LENGTH + 12 ? slug.substring(0, MAX_LENGTH) : slug;
    return trimDashes(base) + suffix;
  }

  public static boolean valid(String slug) {
    return slug != null && slug.length() <= MAX_LENGTH + 12 && VALID.matcher(slug).matches();
  }

  /** A numeric string is a game id, never a slug. */
  public static boolean looksLikeId(String idOrSlug) {
    return idOrSlug != null && !idOrSlug.isEmpty() && idOrSlug.length() <= 18
        && idOrSlug.chars().allMatch(Character::isDigit);
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }
}

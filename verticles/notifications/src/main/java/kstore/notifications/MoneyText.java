package kstore.notifications;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Money as a reader of a mail language writes it: {@code 66000 KRW, 0 digits} → "₩66,000", {@code 5999 USD, 2} →
 * "$59.99" in English and "US$59.99" in Korean (CLDR's symbols). The amount is made exact from its minor units
 * ({@code BigDecimal.valueOf(amount, digits)}), never through floating point.
 */
public final class MoneyText {
  private MoneyText() {
  }

  /** Formats per thread (NumberFormat is not thread-safe), by language, currency and digits. */
  private static final ThreadLocal<Map<String, NumberFormat>> FORMATS = ThreadLocal.withInitial(HashMap::new);

  /** The locale whose number conventions each mail language uses. */
  private static final Map<String, Locale> LOCALES = Map.of(
      "en", Locale.US, "ko", Locale.KOREA, "ja", Locale.JAPAN, "zh", Locale.CHINA);

  /** Formats {@code amount} minor units of ISO 4217 {@code currency} with {@code digits} minor-unit digits. */
  public static String format(long amount, String currency, int digits, String lang) {
    if (digits < 0 || digits > 4) {
      throw new IllegalArgumentException("money digits must be 0..4, not " + digits);
    }
    NumberFormat format = FORMATS.get().computeIfAbsent(lang + "|" + currency + "|" + digits, k -> {
      NumberFormat f = NumberFormat.getCurrencyInstance(locale(lang));
      f.setCurrency(Currency.getInstance(currency));
      f.setMinimumFractionDigits(digits);
      f.setMaximumFractionDigits(digits);
      return f;
    });
    return format.format(BigDecimal.valueOf(amount, digits));
  }

  /** A whole number (points) with the language's grouping: 1200 → "1,200". */
  public static String count(long n, String lang) {
    return NumberFormat.getIntegerInstance(locale(lang)).format(n);
  }

  /** The locale of a mail language ("en", "ko", "ja", "zh"); English (US) for anything else. */
  public static Locale locale(String lang) {
    return LOCALES.getOrDefault(lang, Locale.US);
  }
}

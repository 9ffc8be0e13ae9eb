package kstore.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Regional price tiers: a USD ladder with a hand-written, rounded local price per currency, the way
 * stores publish regional pricing recommendations. Prices are never converted at an exchange rate:
 * a game sits on a tier and every country pays that tier's local price.
 *
 * <p>All amounts are minor units of the currency (KRW, JPY and TWD have none: 11000 is ₩11,000; KES and
 * ZAR have cents, but their prices are whole shillings and rands: 84900 is KSh 849).
 */
public final class PriceTiers {
  private PriceTiers() {
  }

  /** The currencies the table has a column for, in column order. */
  public static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "KRW", "JPY", "CNY", "BRL", "INR", "TWD",
      "KES", "ZAR");

  /** One rung of the ladder: its USD amount (the tier's name) and the local price in every currency. */
  public record Tier(int index, long usd, Map<String, Long> prices) {
    public long price(String currency) {
      Long p = prices.get(currency);
      if (p == null) {
        throw new IllegalArgumentException("price tier table has no column for currency " + currency);
      }
      return p;
    }

    public boolean free() {
      return usd == 0;
    }
  }

  // KES (Kenya, M-Pesa) and ZAR (South Africa, PayFast) are K Store's own columns, not copied from a
  // published list (Steam has no KES price list and charges Kenya in USD). Method: local = USD tier x a
  // rate per dollar that eases, linearly in log-dollars, from the $0.99 tier to the $59.99 tier (flat
  // above), then the nearest shelf price by ratio. As in the INR column (₹75 at $0.99, ₹2,999 at
  // $59.99) the rate stays below the exchange rate (about 129 KES and 18 ZAR per USD in 2025) and cheap
  // tiers pay relatively more:
  //   KES: 100 per dollar easing to 75 (0.58 of the exchange rate, where INR sits); whole shillings, as
  //        M-Pesa charges, ending in 99 (49 or 99 below KSh 1,000).
  //   ZAR: 15 per dollar easing to 12.5 (0.69 of the exchange rate); whole rands ending in 9 (5 or 9
  //        below R 100).
  //   By hand: KSh 2,999 and R 499 at $39.99 instead of the nearest KSh 3,099 and R 509.
  // A game's prices are copied into catalog.game_prices when it is imported or priced: a column added here
  // reaches games an existing database already holds only when their price rows are written again.
  //                   USD      EUR      GBP     KRW     JPY     CNY      BRL      INR      TWD     KES     ZAR
  //                                                                                                 (minor units)
  private static final long[][] TABLE = {
      {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {99, 99, 79, 1_100, 100, 500, 249, 7_500, 32, 9_900, 1_500},
      {199, 199, 169, 2_200, 200, 900, 499, 13_900, 60, 19_900, 2_900},
      {299, 299, 209, 3_200, 300, 1_300, 749, 19_900, 90, 29_900, 4_500},
      {399, 399, 289, 4_300, 410, 1_800, 999, 26_900, 118, 34_900, 5_500},
      {499, 499, 399, 5_500, 520, 2_200, 1_149, 31_900, 148, 44_900, 6_900},
      {599, 599, 479, 6_500, 620, 2_600, 1_399, 38_900, 178, 54_900, 8_500},
      {699, 699, 519, 7_500, 720, 3_000, 1_599, 44_900, 208, 59_900, 9_500},
      {799, 799, 579, 8_800, 820, 3_300, 1_799, 49_900, 238, 69_900, 10_900},
      {999, 999, 719, 11_000, 1_010, 3_700, 2_069, 57_900, 268, 84_900, 13_900},
      {1_299, 1_299, 929, 14_000, 1_320, 4_800, 2_699, 74_900, 338, 109_900, 17_900},
      {1_499, 1_499, 1_139, 16_000, 1_520, 5_800, 3_109, 84_900, 398, 129_900, 19_900},
      {1_799, 1_799, 1_399, 19_500, 1_820, 6_600, 3_749, 99_900, 468, 149_900, 23_900},
      {1_999, 1_999, 1_549, 22_000, 2_050, 7_000, 4_149, 109_900, 518, 159_900, 25_900},
      {2_499, 2_499, 1_949, 27_000, 2_570, 8_800, 5_199, 129_900, 648, 199_900, 32_900},
      {2_999, 2_999, 2_379, 32_000, 3_090, 10_800, 6_229, 149_900, 788, 239_900, 38_900},
      {3_499, 3_499, 2_799, 38_000, 3_600, 12_800, 7_259, 179_900, 918, 269_900, 44_900},
      {3_999, 3_999, 3_199, 43_000, 4_100, 14_800, 8_299, 199_900, 1_048, 299_900, 49_900},
      {4_499, 4_499, 3_599, 48_000, 4_620, 16_800, 9_329, 229_900, 1_178, 349_900, 56_900},
      {4_999, 4_999, 3_999, 54_000, 5_130, 19_800, 10_369, 249_900, 1_298, 379_900, 62_900},
      {5_999, 5_999, 4_999, 66_000, 6_980, 24_800, 12_449, 299_900, 1_590, 449_900, 74_900},
      {6_999, 7_999, 5_999, 76_000, 7_980, 29_800, 14_499, 349_900, 1_790, 529_900, 87_900},
  };

  /** Every tier, free (index 0) first, then the USD ladder 0.99 … 69.99. */
  public static final List<Tier> LADDER = ladder();

  private static List<Tier> ladder() {
    List<Tier> out = new ArrayList<>();
    for (int i = 0; i < TABLE.length; i++) {
      Map<String, Long> prices = new LinkedHashMap<>();
      for (int c = 0; c < CURRENCIES.size(); c++) {
        prices.put(CURRENCIES.get(c), TABLE[i][c]);
      }
      out.add(new Tier(i, TABLE[i][0], Map.copyOf(prices)));
    }
    return List.copyOf(out);
  }

  public static Tier free() {
    return LADDER.get(0);
  }

  /** The tier named by its USD amount in cents (e.g. 5999), or by its index 0..21. */
  public static Optional<Tier> byNameOrIndex(long value) {
    if (value >= 0 && value < LADDER.size()) {
      return Optional.of(LADDER.get((int) value));
    }
    return LADDER.stream().filter(t -> t.usd() == value).findFirst();
  }

  /** The paid tier whose price in {@code currency} is nearest to {@code amount} (by ratio); 0 is free. */
  public static Tier nearest(String currency, long amount) {
    if (amount <= 0) {
      return free();
    }
    Tier best = null;
    double bestDistance = Double.MAX_VALUE;
    for (Tier t : LADDER) {
      if (t.free()) {
        continue;
      }
      double distance = Math.abs(Math.log((double) amount / t.price(currency)));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = t;
      }
    }
    return best;
  }

  /** The tier for a catalog price written as a decimal in pounds (the Steam data set's {@code price}). */
  public static Tier nearestToGbp(BigDecimal pounds) {
    long pence = pounds.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    return nearest("GBP", pence);
  }

  /** The price band a USD list amount falls in; bands mean the same thing in every country. */
  public static String band(long usdList) {
    if (usdList <= 0) {
      return "free";
    } else if (usdList < 500) {
      return "under-5";
    } else if (usdList < 1_000) {
      return "5-10";
    } else if (usdList < 2_000) {
      return "10-20";
    } else if (usdList < 4_000) {
      return "20-40";
    }
    return "40-plus";
  }

  /** Band names in display order. */
  public static final List<String> BANDS = List.of("free", "under-5", "5-10", "10-20", "20-40", "40-plus");

  /** Fails fast when a currency the store sells in has no column in the table. */
  public static void requireColumns(Collection<String> currencies) {
    for (String c : currencies) {
      if (!CURRENCIES.contains(c)) {
        throw new IllegalStateException("regions.json lists currency " + c
            + " but the price tier table (PriceTiers) has no column for it");
      }
    }
  }
}

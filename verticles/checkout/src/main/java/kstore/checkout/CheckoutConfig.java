package kstore.checkout;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import kstore.platform.StoreConfig;

/**
 * The checkout's settings (section {@code checkout}, plus {@code http.publicUrl}).
 *
 * @param quoteSecret       HMAC key of quotes; {@code null}: generated once per JVM (quotes then live only as long)
 * @param quoteTtl          how long a quote may be ordered
 * @param points            earn rate and point value per country ({@code default} for the rest)
 * @param tax               VAT/GST per country: {@code {rateBasisPoints, included}} ({@code default} for the rest)
 * @param refundDays        refunds after release: within this many days of payment...
 * @param refundMaxMinutes  ...and under this many minutes played
 * @param reconcileAfter    a payment still unsettled this long after it started is asked of its provider
 * @param orphanRefunds     how the refund of a charge that pays for nothing is retried ({@code checkout.orphanRefunds})
 */
public record CheckoutConfig(String publicUrl, String quoteSecret, Duration quoteTtl, JsonObject points, JsonObject tax,
                             int refundDays, int refundMaxMinutes, Duration reconcileAfter, long jobsPollMs,
                             long relayMs, OrphanRefunds orphanRefunds) {

  /**
   * The retry policy of {@code refund-orphan} jobs: after a failed attempt n the job runs again after
   * {@code firstRetry × 2^(n-1)}, at most {@code maxRetry} later; after {@code maxAttempts} failed attempts it stops and
   * the charge needs a person's attention.
   *
   * @param firstRetry   {@code checkout.orphanRefunds.firstRetrySeconds} (60)
   * @param maxRetry     {@code checkout.orphanRefunds.maxRetrySeconds} (3600)
   * @param maxAttempts  {@code checkout.orphanRefunds.maxAttempts} (12: with the defaults about 6 hours of trying)
   */
  public record OrphanRefunds(Duration firstRetry, Duration maxRetry, int maxAttempts) {
    private static final Set<String> KEYS = Set.of("_doc", "firstRetrySeconds", "maxRetrySeconds",
        "maxAttempts");

    /** How long to wait after the {@code attempts}-th failed attempt. */
    public Duration retryAfter(int attempts) {
      Duration wait = firstRetry;
      for (int i = 1; i < attempts && wait.compareTo(maxRetry) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }

    static OrphanRefunds from(JsonObject c) {
      Object raw = c.getValue("orphanRefunds", new JsonObject());
      if (!(raw instanceof JsonObject o)) {
        throw new IllegalArgumentException("config key 'checkout.orphanRefunds' must be an object");
      }
      for (String key : o.fieldNames()) {
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException("config key 'checkout.orphanRefunds." + key + "' is unknown (known: "
              + KEYS + ")");
        }
      }
      long first = positive(o, "firstRetrySeconds", 60);
      long max = positive(o, "maxRetrySeconds", 3_600);
      long attempts = positive(o, "maxAttempts", 12);
      if (max < first) {
        throw new IllegalArgumentException("config key 'checkout.orphanRefunds.maxRetrySeconds' (" + max
            + ") must be at least firstRetrySeconds (" + first + ")");
      }
      if (attempts > 1_000) {
        throw new IllegalArgumentException("config key 'checkout.orphanRefunds.maxAttempts' must be 1..1000");
      }
      return new OrphanRefunds(Duration.ofSeconds(first), Duration.ofSeconds(max), (int) attempts);
    }

    private static long positive(JsonObject o, String key, long fallback) {
      Object v = o.getValue(key);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() <= 0) {
        throw new IllegalArgumentException("config key 'checkout.orphanRefunds." + key + "' must be a positive "
            + "whole number");
      }
      return n.longValue();
    }
  }

  public static CheckoutConfig from(JsonObject conf) {
    JsonObject c = StoreConfig.section(conf, "checkout");
    JsonObject http = StoreConfig.section(conf, "http");
    String publicUrl = http.getString("publicUrl", "http://localhost:" + http.getInteger("port", 8080));
    String secret = c.getString("quoteSecret");
    return new CheckoutConfig(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
        secret == null || secret.isBlank() ? null : secret,
        Duration.ofSeconds(c.getLong("quoteTtlSeconds", 900L)),
        c.getJsonObject("points", new JsonObject()),
        c.getJsonObject("tax", new JsonObject()),
        c.getInteger("refundDays", 14),
        c.getInteger("refundMaxMinutesPlayed", 120),
        Duration.ofSeconds(c.getLong("reconcileAfterSeconds", 30L)),
        c.getLong("jobsPollMs", 1_000L),
        c.getLong("relayMs", 500L),
        OrphanRefunds.from(c));
  }

  /** Points rules of a country: earn rate in basis points of the amount charged, and minor units one point is worth. */
  public record PointRules(long earnBasisPoints, long minorUnitsPerPoint) {
  }

  public PointRules pointRules(String country) {
    JsonObject r = points.getJsonObject(country, points.getJsonObject("default", new JsonObject()));
    return new PointRules(r.getLong("earnBasisPoints", 100L), Math.max(1L, r.getLong("minorUnitsPerPoint", 1L)));
  }

  /** Tax of a country: rate in basis points and whether list prices already include it. */
  public record TaxRules(long rateBasisPoints, boolean included) {
  }

  public TaxRules taxRules(String country) {
    JsonObject r = tax.getJsonObject(country, tax.getJsonObject("default", new JsonObject()));
    return new TaxRules(r.getLong("rateBasisPoints", 0L), r.getBoolean("included", true));
  }
}

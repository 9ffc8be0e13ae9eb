package kstore.checkout;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
 */
public record CheckoutConfig(String publicUrl, String quoteSecret, Duration quoteTtl, JsonObject points, JsonObject tax,
                             int refundDays, int refundMaxMinutes, Duration reconcileAfter, long jobsPollMs,
                             long relayMs) {

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
        c.getLong("relayMs", 500L));
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

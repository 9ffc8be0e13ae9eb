package kstore.identity;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import kstore.platform.StoreConfig;

/**
 * The identity service's settings, from the sections {@code identity}, {@code admin} and {@code http}.
 *
 * @param publicUrl              where browsers reach the store (links in mails, OAuth redirect URIs)
 * @param jwtSecret              HS256 key for access tokens; {@code null}: generated once and kept in the schema
 * @param accessTokenTtl         lifetime of a mobile access token (at most 15 minutes)
 * @param refreshTokenTtl        lifetime of a refresh token family member
 * @param sessionIdle            a browser session ends after this long without use
 * @param residenceChangeDays    the residence country may change once per this many days
 * @param maxAccountFailures     failed sign-ins per account within {@code throttleWindow} before a lockout
 * @param maxIpFailures          failed sign-ins per client address within {@code throttleWindow} before a lockout
 * @param adminEmail             the first admin account (created or updated at start) or {@code null}
 * @param adminPassword          its password (from {@code KSTORE_ADMIN_PASSWORD})
 */
public record IdentityConfig(String publicUrl, String jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl,
                             Duration sessionIdle, int residenceChangeDays, int maxAccountFailures,
                             int maxIpFailures, Duration throttleWindow, Duration lockout, Duration verifyTtl,
                             Duration resetTtl, String adminEmail, String adminPassword, boolean secureCookies,
                             long relayMs) {

  public static IdentityConfig from(JsonObject conf) {
    JsonObject id = StoreConfig.section(conf, "identity");
    JsonObject admin = StoreConfig.section(conf, "admin");
    JsonObject http = StoreConfig.section(conf, "http");
    long accessSeconds = id.getLong("accessTokenTtlSeconds", 900L);
    if (accessSeconds < 30 || accessSeconds > 900) {
      throw new IllegalArgumentException("config key 'identity.accessTokenTtlSeconds' must be between 30 and 900");
    }
    String publicUrl = http.getString("publicUrl", "http://localhost:" + http.getInteger("port", 8080));
    return new IdentityConfig(
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
        blankToNull(id.getString("jwtSecret")),
        Duration.ofSeconds(accessSeconds),
        Duration.ofDays(id.getLong("refreshTokenTtlDays", 30L)),
        Duration.ofHours(id.getLong("sessionIdleHours", 24L * 14)),
        id.getInteger("residenceChangeDays", 90),
        id.getInteger("maxAccountFailures", 5),
        id.getInteger("maxIpFailures", 30),
        Duration.ofSeconds(id.getLong("throttleWindowSeconds", 900L)),
        Duration.ofSeconds(id.getLong("lockoutSeconds", 900L)),
        Duration.ofHours(id.getLong("verifyTtlHours", 48L)),
        Duration.ofMinutes(id.getLong("resetTtlMinutes", 30L)),
        blankToNull(admin.getString("email")),
        blankToNull(admin.getString("password")),
        http.getBoolean("tls", false) || publicUrl.startsWith("https:"),
        id.getLong("relayMs", 500L));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

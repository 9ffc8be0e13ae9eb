package kstore.platform.mail;

import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * Where the store's mail goes: the {@code smtp} config section. No {@code host} means "not configured": mails are
 * then logged as skipped (a store without outgoing mail still runs). The dev run and tests get the dev stack's
 * mail catcher here. {@code user} and {@code password} never live in a committed file: {@code password} comes from
 * the environment ({@code KSTORE_SMTP_PASSWORD}, or a config source fed by the environment).
 *
 * @param startTls {@link StartTls#OPTIONAL} upgrades when the server offers it; {@link StartTls#REQUIRED} refuses
 *                 to send in clear
 * @param ssl      TLS from the first byte (port 465), instead of STARTTLS
 */
public record MailConfig(String host, int port, String from, StartTls startTls, boolean ssl, String user,
                         String password) {

  /** The sender when config names none. */
  public static final String DEFAULT_FROM = "K Store <no-reply@kstore.local>";

  /** Whether to upgrade the SMTP connection with STARTTLS. */
  public enum StartTls { NONE, OPTIONAL, REQUIRED }

  /** From the whole store config, with {@code KSTORE_SMTP_PASSWORD} from the process environment as fallback. */
  public static MailConfig from(JsonObject conf) {
    return from(conf, System.getenv());
  }

  /** From the whole store config; invalid values fail with a message naming the key. */
  public static MailConfig from(JsonObject conf, Map<String, String> env) {
    JsonObject smtp = conf.getJsonObject("smtp", new JsonObject());
    Object rawPort = smtp.getValue("port", 587);
    int port;
    try {
      port = rawPort instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(rawPort).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("smtp.port must be a number, not '" + rawPort + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("smtp.port must be 1..65535, not " + port);
    }
    String tls = smtp.getString("startTls", "optional");
    StartTls startTls;
    try {
      startTls = StartTls.valueOf(tls.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("smtp.startTls must be none, optional or required, not '" + tls + "'");
    }
    String from = smtp.getString("from", DEFAULT_FROM);
    if (from == null || !from.contains("@") || from.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("smtp.from must be a mail address like 'K Store <no-reply@example.com>'");
    }
    String password = smtp.getString("password");
    if (password == null || password.isEmpty()) {
      password = env.get("KSTORE_SMTP_PASSWORD");
    }
    String user = smtp.getString("user");
    return new MailConfig(blankToNull(smtp.getString("host")), port, from, startTls, smtp.getBoolean("ssl", false),
        blankToNull(user), password == null || password.isEmpty() ? null : password);
  }

  /** False when no host is set: mails are logged as skipped, not sent. */
  public boolean configured() {
    return host != null;
  }

  /** The password stays out of logs. */
  @Override
  public String toString() {
    return "MailConfig[host=" + host + ", port=" + port + ", from=" + from + ", startTls=" + startTls + ", ssl=" + ssl
        + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}

package kstore.platform.mail;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a module's mails (identity's verification and friend notices, notifications' order mails, ...) in the
 * reader's language, rendered by that module's {@link MailTexts}, as plain text plus accessible HTML, over SMTP with
 * the Vert.x mail client. Without a configured SMTP host every mail is logged
 * as skipped and succeeds. A transient failure (network, SMTP 4xx, timeout) is retried once after a second; a
 * permanent one (SMTP 5xx) fails at once. Links carry tokens: they are never logged, and recipients are logged
 * masked.
 */
public final class Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
  private static final long ATTEMPT_TIMEOUT_MS = 30_000;
  private static final long RETRY_DELAY_MS = 1_000;

  private final Vertx vertx;
  private final MailConfig config;
  private final MailClient client;
  private final MailTexts texts;

  private Mailer(Vertx vertx, MailConfig config, MailClient client, MailTexts texts) {
    this.vertx = vertx;
    this.config = config;
    this.client = client;
    this.texts = texts;
  }

  /**
   * A mailer for {@code config} writing {@code texts} (load them with {@link MailTexts#load} at start, so a broken
   * message file fails the deployment).
   */
  public static Mailer create(Vertx vertx, MailConfig config, MailTexts texts) {
    for (String lang : MailTexts.LANGUAGES) {
      if (!texts.missingKeys(lang).isEmpty()) {
        LOG.warn("mail texts {}_{} lack {}: English is used for them", texts.base(), lang, texts.missingKeys(lang));
      }
    }
    if (!config.configured()) {
      LOG.info("smtp.host is not configured: mails will be logged as skipped, not sent");
      return new Mailer(vertx, config, null, texts);
    }
    io.vertx.ext.mail.MailConfig options = new io.vertx.ext.mail.MailConfig()
        .setHostname(config.host())
        .setPort(config.port())
        .setSsl(config.ssl())
        .setStarttls(switch (config.startTls()) {
          case NONE -> StartTLSOptions.DISABLED;
          case OPTIONAL -> StartTLSOptions.OPTIONAL;
          case REQUIRED -> StartTLSOptions.REQUIRED;
        })
        .setLogin(config.user() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setUsername(config.user())
        .setPassword(config.password())
        .setKeepAlive(true)
        .setMaxPoolSize(4);
    options.setConnectTimeout(10_000);
    return new Mailer(vertx, config, MailClient.create(vertx, options), texts);
  }

  /**
   * Renders {@code template} in {@code lang} ("ko", "ko-KR", ...; anything unknown → English) with {@code vars} and
   * sends it to {@code to}. Fails with IllegalArgumentException when a required variable is missing or
   * {@code link} is not an http(s) URL; with the SMTP error when the mail could not be delivered to the server.
   */
  public Future<Void> send(String to, String lang, Template template, Map<String, String> vars) {
    RenderedMail mail;
    try {
      if (to == null || to.chars().anyMatch(c -> c < 0x20) || to.indexOf('@') < 1) {
        throw new IllegalArgumentException("not a mail address: " + mask(to));
      }
      mail = texts.render(template, lang, vars);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String language = MailTexts.language(lang);
    if (client == null) {
      LOG.info("mail {} ({}) to {} skipped: smtp.host is not configured", template, language, mask(to));
      return Future.succeededFuture();
    }
    MailMessage message = new MailMessage()
        .setFrom(config.from())
        .setTo(to)
        .setSubject(mail.subject())
        .setText(mail.text())
        .setHtml(mail.html());
    return attempt(message)
        .recover(e -> {
          if (!worthRetrying(e)) {
            return Future.failedFuture(e);
          }
          LOG.info("mail {} to {} failed ({}), retrying once", template, mask(to), e.toString());
          return vertx.timer(RETRY_DELAY_MS).compose(t -> attempt(message));
        })
        .onSuccess(v -> LOG.info("mail {} ({}) to {} sent", template, language, mask(to)))
        .onFailure(e -> LOG.warn("mail {} ({}) to {} failed: {}", template, language, mask(to), e.toString()));
  }

  /** The texts this mailer writes with (for sentences a module composes into variables). */
  public MailTexts texts() {
    return texts;
  }

  /** Renders without sending (previews, tests). */
  public RenderedMail render(String lang, Template template, Map<String, String> vars) {
    return texts.render(template, lang, vars);
  }

  /** Closes the SMTP connections. */
  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  private Future<Void> attempt(MailMessage message) {
    return client.sendMail(message).timeout(ATTEMPT_TIMEOUT_MS, TimeUnit.MILLISECONDS).mapEmpty();
  }

  /** SMTP 4xx, or no SMTP answer at all (connection refused, reset, timeout): worth one more try. */
  private static boolean worthRetrying(Throwable e) {
    if (e instanceof SMTPException smtp) {
      return smtp.isTransient();
    }
    return !(e instanceof IllegalArgumentException);
  }

  /** "minji@example.com" → "m***@example.com": enough to follow a mail in the logs, not to harvest addresses. */
  static String mask(String address) {
    if (address == null) {
      return "null";
    }
    int at = address.lastIndexOf('@');
    if (at < 1) {
      return "***";
    }
    return address.charAt(0) + "***" + address.substring(at);
  }
}

package kstore.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.SMTPException;
import java.util.UUID;
import kstore.platform.mail.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one checkout event envelope: at most one mail per event id. The outcome says what happened; a failed
 * future means "not now" (identity or the SMTP server did not answer, the database failed) and the event is
 * tried again. An event that can never become a mail (unknown type, no such user, no address, bad data, a
 * recipient the SMTP server refuses for good) is an outcome, not a failure, so it never blocks the ones after it.
 */
final class OrderNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(OrderNotifier.class);

  /** What became of an event. */
  enum Outcome {
    /** The mail went out and the event is recorded as sent. */
    SENT,
    /** The event was sent before (redelivery, duplicate in the topic). */
    DUPLICATE,
    /** Not an event type that makes a mail. */
    IGNORED_TYPE,
    /** Identity knows no such user. */
    NO_USER,
    /** The user has no mail address. */
    NO_EMAIL,
    /** The event lacks what the mail needs, or the SMTP server refused the mail for good. */
    UNDELIVERABLE
  }

  private final OrderMails mails;
  private final Contacts contacts;
  private final SentMails sent;
  private final Mailer mailer;

  OrderNotifier(OrderMails mails, Contacts contacts, SentMails sent, Mailer mailer) {
    this.mails = mails;
    this.contacts = contacts;
    this.sent = sent;
    this.mailer = mailer;
  }

  Future<Outcome> handle(JsonObject envelope) {
    String type = envelope.getString("type");
    if (!OrderMails.handles(type)) {
      LOG.debug("event {} of type {} ignored", envelope.getValue("id"), type);
      return Future.succeededFuture(Outcome.IGNORED_TYPE);
    }
    UUID id;
    JsonObject data;
    String userId;
    try {
      id = UUID.fromString(envelope.getString("id"));
      data = envelope.getJsonObject("data");
      userId = data == null ? null : data.getString("userId");
      if (userId == null || userId.isBlank()) {
        throw new IllegalArgumentException("data.userId is missing");
      }
    } catch (RuntimeException e) {
      LOG.error("event {} of type {} skipped, it is malformed: {}", envelope.getValue("id"), type, e.getMessage());
      return Future.succeededFuture(Outcome.UNDELIVERABLE);
    }
    return sent.contains(id).compose(already -> {
      if (already) {
        LOG.info("event {} ({}) skipped: its mail was sent already", id, type);
        return Future.succeededFuture(Outcome.DUPLICATE);
      }
      return contacts.of(userId, id.toString()).compose(contact -> {
        if (contact.isEmpty()) {
          LOG.warn("event {} ({}) skipped: identity knows no user {}", id, type, userId);
          return Future.succeededFuture(Outcome.NO_USER);
        }
        if (contact.get().email() == null) {
          LOG.info("event {} ({}) skipped: user {} has no mail address", id, type, userId);
          return Future.succeededFuture(Outcome.NO_EMAIL);
        }
        return send(id, type, data, userId, contact.get());
      });
    });
  }

  private Future<Outcome> send(UUID id, String type, JsonObject data, String userId, Contact contact) {
    OrderMails.Mail mail;
    try {
      mail = mails.mail(type, data, contact);
    } catch (RuntimeException e) {
      LOG.error("event {} ({}) skipped, no mail can be made of it: {}", id, type, e.getMessage());
      return Future.succeededFuture(Outcome.UNDELIVERABLE);
    }
    return mailer.send(contact.email(), mail.lang(), mail.template(), mail.vars())
        .compose(v -> sent.record(id, mail.template().key(), userId).map(Outcome.SENT))
        .recover(err -> {
          if (err instanceof IllegalArgumentException || err instanceof SMTPException smtp && !smtp.isTransient()) {
            LOG.error("event {} ({}) skipped, its mail cannot be delivered: {}", id, type, err.getMessage());
            return Future.succeededFuture(Outcome.UNDELIVERABLE);
          }
          return Future.failedFuture(err);
        });
  }
}

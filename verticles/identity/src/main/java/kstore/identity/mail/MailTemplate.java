package kstore.identity.mail;

import java.util.List;
import kstore.platform.mail.MailTexts;
import kstore.platform.mail.Mailer;
import kstore.platform.mail.Template;

/**
 * The mails identity sends. Each names the variables it needs; texts live in
 * {@code mail/identity_<lang>.properties} ({@link #TEXTS}) under keys {@code <key>.subject}, {@code .heading}, {@code .body},
 * {@code .action}, {@code .footer}. Every template also takes an optional {@code name} (the recipient's display
 * name) for the greeting, and {@code link} must be an http(s) URL.
 */
public enum MailTemplate implements Template {
  /** Confirm a new address: {@code link}. */
  VERIFY_EMAIL("verify-email", List.of("link")),
  /** Choose a new password: {@code link}, {@code expiryMinutes} (how long the link works). */
  RESET_PASSWORD("reset-password", List.of("link", "expiryMinutes")),
  /** Someone asked to be friends: {@code fromName}, {@code link} to the friends page. */
  FRIEND_REQUEST("friend-request", List.of("fromName", "link")),
  /** A friend request was accepted: {@code friendName}, {@code link} to the friends page. */
  FRIEND_ACCEPTED("friend-accepted", List.of("friendName", "link"));

  /** The classpath base of identity's message files. */
  public static final String TEXTS = "mail/identity";

  private final String key;
  private final List<String> required;

  MailTemplate(String key, List<String> required) {
    this.key = key;
    this.required = required;
  }

  /** The key prefix in the message files. */
  @Override
  public String key() {
    return key;
  }

  /** Variables {@link Mailer#send} insists on. */
  @Override
  public List<String> required() {
    return required;
  }

  /** Identity's texts in every language; fails when a file is missing or the English one lacks a key. */
  public static MailTexts texts() {
    return MailTexts.load(TEXTS, List.of(values()));
  }
}

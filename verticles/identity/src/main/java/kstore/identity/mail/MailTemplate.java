package kstore.identity.mail;

import java.util.List;

/**
 * The mails identity sends. Each names the variables it needs; texts live in
 * {@code mail/messages_<lang>.properties} under keys {@code <key>.subject}, {@code .heading}, {@code .body},
 * {@code .action}, {@code .footer}. Every template also takes an optional {@code name} (the recipient's display
 * name) for the greeting, and {@code link} must be an http(s) URL.
 */
public enum MailTemplate {
  /** Confirm a new address: {@code link}. */
  VERIFY_EMAIL("verify-email", List.of("link")),
  /** Choose a new password: {@code link}, {@code expiryMinutes} (how long the link works). */
  RESET_PASSWORD("reset-password", List.of("link", "expiryMinutes")),
  /** Someone asked to be friends: {@code fromName}, {@code link} to the friends page. */
  FRIEND_REQUEST("friend-request", List.of("fromName", "link")),
  /** A friend request was accepted: {@code friendName}, {@code link} to the friends page. */
  FRIEND_ACCEPTED("friend-accepted", List.of("friendName", "link"));

  private final String key;
  private final List<String> required;

  MailTemplate(String key, List<String> required) {
    this.key = key;
    this.required = required;
  }

  /** The key prefix in the message files. */
  public String key() {
    return key;
  }

  /** Variables {@link Mailer#send} insists on. */
  public List<String> required() {
    return required;
  }
}

package kstore.notifications;

import java.util.List;
import kstore.platform.mail.MailTexts;
import kstore.platform.mail.Template;

/**
 * The mails notifications sends. Texts live in {@code mail/notifications_<lang>.properties} ({@link #TEXTS}) under
 * {@code <key>.subject}, {@code .heading}, {@code .body}, {@code .action}, {@code .footer}, plus the sentences
 * {@link OrderMails} composes into variables ({@link #SENTENCES}).
 */
public enum OrderMailTemplate implements Template {
  /** A pre-order was paid: {@code items}, {@code total}, {@code release}, {@code points}, {@code orderId}, {@code link}. */
  PRE_ORDER_CONFIRMED("order-pre-order", List.of("items", "total", "orderId", "link")),
  /** A purchase was paid: {@code items}, {@code total}, {@code points}, {@code orderId}, {@code link}. */
  PURCHASE_CONFIRMED("order-purchase", List.of("items", "total", "orderId", "link")),
  /** An order was refunded: {@code items}, {@code refunded}, {@code points}, {@code orderId}, {@code link}. */
  REFUND_CONFIRMED("order-refund", List.of("items", "refunded", "orderId", "link")),
  /**
   * A charge reported after its order had ended, or a second charge, is being returned: {@code items},
   * {@code reversed}, {@code orderId}, {@code link}.
   */
  CHARGE_REVERSED("charge-reversed", List.of("items", "reversed", "orderId", "link"));

  /** The classpath base of notifications' message files. */
  public static final String TEXTS = "mail/notifications";

  /** Sentences composed into variables: release day, points used/earned/returned/taken back. */
  public static final List<String> SENTENCES = List.of("release.on", "release.unknown", "points.paid",
      "points.spent", "points.earned", "points.refund", "points.returned", "points.takenBack");

  private final String key;
  private final List<String> required;

  OrderMailTemplate(String key, List<String> required) {
    this.key = key;
    this.required = required;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public List<String> required() {
    return required;
  }

  /** Notifications' texts in every language; fails when a file is missing or the English one lacks a key. */
  public static MailTexts texts() {
    return MailTexts.load(TEXTS, List.of(values()), SENTENCES);
  }
}

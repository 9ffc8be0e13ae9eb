package kstore.checkout.payments;

import java.util.Locale;

/** How money goes back to the buyer of a method. */
public enum RefundMode {
  /** Through the provider's refund or cancel API. */
  AUTOMATIC,
  /** Outside the provider (vouchers: a bank transfer by staff): the refund is recorded as manual. */
  MANUAL;

  /** The lower-case name used in config and JSON. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RefundMode parse(String text) {
    for (RefundMode m : values()) {
      if (m.json().equals(text)) {
        return m;
      }
    }
    return null;
  }
}

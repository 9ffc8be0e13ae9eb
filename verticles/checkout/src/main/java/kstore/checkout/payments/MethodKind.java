package kstore.checkout.payments;

import java.util.Locale;

/** How a payment method is paid: what the buyer sees and which flow the adapter runs. */
public enum MethodKind {
  /** Card payment in the PaymentIntent style, possibly with a 3-D Secure redirect. */
  CARD,
  /** Redirect wallet: ready → the buyer approves on the provider's page → approve. */
  WALLET,
  /** Pay later at a shop or bank (konbini, boleto, Pix): pending until paid, expires. */
  VOUCHER,
  /** Bank debit (SEPA): runs as a redirect wallet. */
  BANK;

  /** The lower-case name used in config and JSON. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named in config, or null. */
  static MethodKind parse(String text) {
    for (MethodKind k : values()) {
      if (k.json().equals(text)) {
        return k;
      }
    }
    return null;
  }
}

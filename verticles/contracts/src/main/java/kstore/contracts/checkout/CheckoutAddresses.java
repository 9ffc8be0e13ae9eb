package kstore.contracts.checkout;

/**
 * Event-bus addresses of the checkout service (orders, payments, points, library). Requests carry
 * {@code x-actor} (the buyer), {@code x-actor-country} (their residence) and {@code x-request-country};
 * shapes are in {@code verticles/contracts/README.md}.
 */
public final class CheckoutAddresses {
  private CheckoutAddresses() {
  }

  private static final String P = "checkout.";

  public static final String PAYMENT_METHODS = P + "payment-methods";
  public static final String QUOTE = P + "quote";
  public static final String CREATE_ORDER = P + "orders.create";
  public static final String GET_ORDER = P + "orders.get";
  public static final String CONFIRM_ORDER = P + "orders.confirm";
  public static final String REFUND_ORDER = P + "orders.refund";
  public static final String LIBRARY = P + "library";
  public static final String POINTS = P + "points";
  /** Request/reply: a signed, expiring download link for an owned, released game. */
  public static final String DOWNLOAD = P + "download";
  /** Request/reply (edge only): is this download link ours, unexpired, for this game? → {file}. */
  public static final String DOWNLOAD_VERIFY = P + "download.verify";
  public static final String WEBHOOK = P + "webhook";
  /** Request/reply (admin role): a page of orphan charges by status, {@code needs_attention} by default. */
  public static final String ADMIN_ORPHAN_CHARGES = P + "admin.orphan-charges";
  /** Request/reply (admin role): try the refund of a {@code needs_attention} orphan charge again (idempotent). */
  public static final String ADMIN_ORPHAN_CHARGE_RETRY = P + "admin.orphan-charges.retry";
  public static final String PING = P + "ping";

  /** Kafka topic of checkout activity (purchase, pre-order, refund, points) via the outbox relay. */
  public static final String TOPIC = "kstore.checkout.events";
}

package kstore.catalog;

import java.time.Instant;

/** A price reduction registered by the person in charge (S1.6): a sale, or a pre-order discount. */
public record Discount(int percent, Kind kind, Instant startsAt, Instant endsAt) {

  /** Why the price is reduced; a pre-order discount ends at release at the latest (S1.16). */
  public enum Kind {
    SALE("sale"), PRE_ORDER("pre-order");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static java.util.Optional<Kind> fromWire(String value) {
      for (Kind k : values()) {
        if (k.wire.equals(value)) {
          return java.util.Optional.of(k);
        }
      }
      return java.util.Optional.empty();
    }
  }

  /** The amount charged for {@code list} minor units at this discount, rounded half up to the minor unit. */
  public static long apply(long list, int percent) {
    return (list * (100 - percent) + 50) / 100;
  }

  /**
   * The amount charged for {@code list} minor units at this discount in a currency charged in steps of
   * {@code chargeUnit} minor units ({@code Regions.chargeUnit}: 100 for whole shillings). With a step above one
   * minor unit the amount is rounded down to a whole step, so the buyer never pays more than the advertised
   * discount (KSh 849 at 20% off is KSh 679, not KSh 679.20).
   */
  public static long apply(long list, int percent, long chargeUnit) {
    if (chargeUnit <= 1) {
      return apply(list, percent);
    }
    return list * (100 - percent) / (100 * chargeUnit) * chargeUnit;
  }
}

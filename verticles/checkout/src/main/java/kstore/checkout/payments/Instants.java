package kstore.checkout.payments;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Provider timestamps: unix seconds (Stripe style) or ISO-8601 text, with or without an offset. */
final class Instants {
  private Instants() {
  }

  /** The instant, or null when absent or unreadable. */
  static Instant parse(Object value) {
    if (value instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    if (value instanceof String s && !s.isBlank()) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        try {
          return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e2) {
          try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
          } catch (DateTimeParseException e3) {
            return null;
          }
        }
      }
    }
    return null;
  }
}

package kstore.notifications;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kstore.platform.mail.MailTexts;

/**
 * Turns a checkout event and the buyer's contact into the mail to send: which template, and its variables in the
 * buyer's language (titles, money, release day, points). Pure: no I/O, so every rule is a unit test.
 */
final class OrderMails {
  /** Release-date formats by mail language (immutable, shared). */
  private static final Map<String, DateTimeFormatter> DATES = new ConcurrentHashMap<>();

  /** Checkout event types this service writes mails for. */
  static final String ORDER_PAID = "checkout.order-paid";
  static final String ORDER_REFUNDED = "checkout.order-refunded";
  /** A charge that paid for nothing (a failed order, or a second charge) is being returned to the buyer. */
  static final String CHARGE_REVERSED = "checkout.charge-reversed";

  /** A mail ready for {@code Mailer.send}. */
  record Mail(OrderMailTemplate template, String lang, Map<String, String> vars) {
  }

  private final MailTexts texts;
  private final String libraryUrl;

  OrderMails(MailTexts texts, String publicUrl) {
    this.texts = texts;
    this.libraryUrl = publicUrl + "/library";
  }

  /** Whether events of this type become mails. */
  static boolean handles(String type) {
    return ORDER_PAID.equals(type) || ORDER_REFUNDED.equals(type) || CHARGE_REVERSED.equals(type);
  }

  /**
   * The mail for an event of a {@link #handles handled} type; IllegalArgumentException when {@code data} lacks
   * what the mail needs (such an event will never make a mail: it is skipped, not retried).
   */
  Mail mail(String type, JsonObject data, Contact contact) {
    String lang = MailTexts.language(contact.lang());
    Map<String, String> vars = new LinkedHashMap<>();
    if (contact.displayName() != null) {
      vars.put("name", contact.displayName());
    }
    vars.put("orderId", required(data, "orderId"));
    vars.put("items", titles(data.getValue("items"), lang));
    vars.put("link", libraryUrl);
    OrderMailTemplate template;
    if (ORDER_PAID.equals(type)) {
      vars.put("total", money(data.getValue("total"), "total", lang));
      vars.put("points", points(lang, "points.paid", "points.spent", "points.earned",
          "spent", count(data, "pointsSpent"), "earned", count(data, "pointsEarned")));
      String kind = data.getString("kind", "purchase");
      if ("pre-order".equals(kind)) {
        template = OrderMailTemplate.PRE_ORDER_CONFIRMED;
        vars.put("release", release(data.getValue("releaseAt"), lang));
      } else if ("purchase".equals(kind)) {
        template = OrderMailTemplate.PURCHASE_CONFIRMED;
      } else {
        throw new IllegalArgumentException("order kind must be pre-order or purchase, not '" + kind + "'");
      }
    } else if (ORDER_REFUNDED.equals(type)) {
      template = OrderMailTemplate.REFUND_CONFIRMED;
      vars.put("refunded", money(data.getValue("refunded"), "refunded", lang));
      vars.put("points", points(lang, "points.refund", "points.returned", "points.takenBack",
          "returned", count(data, "pointsReturned"), "takenBack", count(data, "pointsTakenBack")));
    } else if (CHARGE_REVERSED.equals(type)) {
      template = OrderMailTemplate.CHARGE_REVERSED;
      vars.put("reversed", money(data.getValue("reversed"), "reversed", lang));
    } else {
      throw new IllegalArgumentException("no mail for events of type " + type);
    }
    return new Mail(template, lang, vars);
  }

  /** "Elden Ring, Hades" (", " or "、" by language); a title may be text or {en, ko, ...}. */
  private static String titles(Object items, String lang) {
    if (!(items instanceof JsonArray array) || array.isEmpty()) {
      throw new IllegalArgumentException("items must be a non-empty array");
    }
    List<String> titles = new ArrayList<>();
    for (Object item : array) {
      Object title = item instanceof JsonObject o ? o.getValue("title") : null;
      String text = title instanceof JsonObject byLang ? byLang.getString(lang, byLang.getString("en"))
          : title instanceof String s ? s : null;
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("every item needs a title");
      }
      titles.add(text.strip());
    }
    return String.join(lang.equals("ja") || lang.equals("zh") ? "、" : ", ", titles);
  }

  /** {amount, currency, digits} → "₩66,000". */
  private static String money(Object value, String field, String lang) {
    if (!(value instanceof JsonObject m) || !(m.getValue("amount") instanceof Number amount)
        || !(m.getValue("currency") instanceof String currency) || !(m.getValue("digits") instanceof Number digits)) {
      throw new IllegalArgumentException(field + " must be {amount, currency, digits}");
    }
    return MoneyText.format(amount.longValue(), currency, digits.intValue(), lang);
  }

  /** The one sentence about points: both, one of them, or nothing when the order moved no points. */
  private String points(String lang, String both, String firstOnly, String secondOnly,
                        String first, long a, String second, long b) {
    Map<String, String> v = Map.of(first, MoneyText.count(a, lang), second, MoneyText.count(b, lang));
    if (a > 0 && b > 0) {
      return texts.text(lang, both, v);
    }
    if (a > 0) {
      return texts.text(lang, firstOnly, v);
    }
    return b > 0 ? texts.text(lang, secondOnly, v) : "";
  }

  /** "It will be in your library on March 5, 2026." (the release day in UTC), or on release day when unknown. */
  private String release(Object releaseAt, String lang) {
    if (releaseAt instanceof String s && !s.isBlank()) {
      try {
        String date = DATES.computeIfAbsent(lang, l -> DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
            .withLocale(MoneyText.locale(l))).format(Instant.parse(s).atZone(ZoneOffset.UTC));
        return texts.text(lang, "release.on", Map.of("date", date));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("releaseAt must be an ISO-8601 instant, not '" + s + "'");
      }
    }
    return texts.text(lang, "release.unknown", Map.of());
  }

  private static long count(JsonObject data, String field) {
    Object v = data.getValue(field, 0);
    if (!(v instanceof Number n) || n.longValue() < 0) {
      throw new IllegalArgumentException(field + " must be a whole number >= 0");
    }
    return n.longValue();
  }

  private static String required(JsonObject data, String field) {
    Object v = data.getValue(field);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException("data." + field + " is missing");
    }
    return String.valueOf(v);
  }
}

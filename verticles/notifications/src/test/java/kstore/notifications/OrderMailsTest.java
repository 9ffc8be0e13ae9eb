package kstore.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import kstore.platform.mail.MailTexts;
import kstore.platform.mail.RenderedMail;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Order mails")
class OrderMailsTest {
  private static final MailTexts TEXTS = OrderMailTemplate.texts();
  private static final OrderMails MAILS = new OrderMails(TEXTS, "https://store.example");

  @Test
  @DisplayName("write money from minor units in the reader's conventions, exactly")
  void money() {
    assertThat(MoneyText.format(66000, "KRW", 0, "ko")).isEqualTo("₩66,000");
    assertThat(MoneyText.format(66000, "KRW", 0, "en")).isEqualTo("₩66,000");
    assertThat(MoneyText.format(5999, "USD", 2, "en")).isEqualTo("$59.99");
    assertThat(MoneyText.format(5999, "USD", 2, "ko")).isEqualTo("US$59.99");
    assertThat(MoneyText.format(6600, "JPY", 0, "ja")).isEqualTo("￥6,600");
    assertThat(MoneyText.format(4800, "CNY", 2, "zh")).isEqualTo("¥48.00");
    // 0.1 + 0.2 style drift is impossible: the decimal is built from the long
    assertThat(MoneyText.format(Long.MAX_VALUE, "USD", 2, "en")).isEqualTo("$92,233,720,368,547,758.07");
    assertThatThrownBy(() -> MoneyText.format(1, "XXXX", 2, "en")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("exist in English, Korean, Japanese and Chinese, with no placeholder left unfilled")
  void everyLanguageIsComplete() {
    for (String lang : MailTexts.LANGUAGES) {
      assertThat(TEXTS.missingKeys(lang)).as("keys missing in notifications_%s.properties", lang).isEmpty();
      Contact c = new Contact("a@example.com", true, lang, "Ana");
      for (var m : new OrderMails.Mail[] {
          MAILS.mail(OrderMails.ORDER_PAID, paid("pre-order").put("releaseAt", "2026-09-04T00:00:00Z"), c),
          MAILS.mail(OrderMails.ORDER_PAID, paid("pre-order"), c),
          MAILS.mail(OrderMails.ORDER_PAID, paid("purchase"), c),
          MAILS.mail(OrderMails.ORDER_REFUNDED, refunded(), c),
          MAILS.mail(OrderMails.CHARGE_REVERSED, reversed(), c)}) {
        RenderedMail r = TEXTS.render(m.template(), m.lang(), m.vars());
        assertThat(r.subject() + r.text() + r.html()).as("%s %s", lang, m.template()).doesNotContain("{", "}");
        assertThat(r.text()).contains("https://store.example/library");
      }
    }
  }

  @Test
  @DisplayName("pick the template by order kind, and say only what moved: points used, earned, both or none")
  void variables() {
    Contact ko = new Contact("m@example.com", true, "ko-KR", "민지");
    OrderMails.Mail pre = MAILS.mail(OrderMails.ORDER_PAID, paid("pre-order"), ko);
    assertThat(pre.template()).isEqualTo(OrderMailTemplate.PRE_ORDER_CONFIRMED);
    assertThat(pre.lang()).isEqualTo("ko");
    assertThat(pre.vars()).containsEntry("total", "₩66,000").containsEntry("items", "Hades, Celeste")
        .containsEntry("release", "출시일에 라이브러리에 추가됩니다.").containsEntry("name", "민지")
        .containsEntry("link", "https://store.example/library");
    assertThat(pre.vars().get("points")).isEqualTo("이번 주문에서 포인트 1,000점을 사용하고 660점을 적립했습니다.");

    Contact ja = new Contact("k@example.com", true, "ja", null);
    OrderMails.Mail buy = MAILS.mail(OrderMails.ORDER_PAID, paid("purchase").put("pointsSpent", 0).put("pointsEarned", 0), ja);
    assertThat(buy.template()).isEqualTo(OrderMailTemplate.PURCHASE_CONFIRMED);
    assertThat(buy.vars()).containsEntry("points", "").containsEntry("items", "Hades、Celeste").doesNotContainKey("name");

    JsonObject localizedTitles = paid("purchase").put("items", new JsonArray()
        .add(new JsonObject().put("gameId", 1).put("title", new JsonObject().put("en", "Hades").put("ja", "ハデス"))));
    assertThat(MAILS.mail(OrderMails.ORDER_PAID, localizedTitles, ja).vars()).containsEntry("items", "ハデス");

    Contact en = new Contact("s@example.com", true, "en", "Sam");
    assertThat(MAILS.mail(OrderMails.ORDER_REFUNDED, refunded().put("pointsTakenBack", 0), en).vars())
        .containsEntry("refunded", "$59.99").containsEntry("points", "We returned the 1,200 points you used.");

    // a charge that paid for nothing: the buyer is told the money is coming back
    OrderMails.Mail back = MAILS.mail(OrderMails.CHARGE_REVERSED, reversed(), en);
    assertThat(back.template()).isEqualTo(OrderMailTemplate.CHARGE_REVERSED);
    RenderedMail text = TEXTS.render(back.template(), back.lang(), back.vars());
    assertThat(text.subject()).isEqualTo("We are returning a payment you did not owe");
    assertThat(text.text()).contains("We received $59.99 for The Witcher 3").contains("Order number o-9");
  }

  @Test
  @DisplayName("refuse events that lack what the mail needs")
  void badData() {
    Contact c = new Contact("a@example.com", true, "en", "Ana");
    assertThatThrownBy(() -> MAILS.mail(OrderMails.ORDER_PAID, paid("gift"), c)).hasMessageContaining("kind");
    assertThatThrownBy(() -> MAILS.mail(OrderMails.ORDER_PAID, paid("purchase").put("items", new JsonArray()), c))
        .hasMessageContaining("items");
    assertThatThrownBy(() -> MAILS.mail(OrderMails.ORDER_PAID, paid("purchase").put("total", 66000), c))
        .hasMessageContaining("total");
    assertThatThrownBy(() -> MAILS.mail(OrderMails.ORDER_PAID, paid("purchase").put("pointsSpent", -1), c))
        .hasMessageContaining("pointsSpent");
    assertThatThrownBy(() -> MAILS.mail(OrderMails.ORDER_PAID, paid("pre-order").put("releaseAt", "soon"), c))
        .hasMessageContaining("releaseAt");
    assertThatThrownBy(() -> MAILS.mail(OrderMails.ORDER_REFUNDED, refunded().put("refunded", (Object) null), c))
        .hasMessageContaining("refunded");
  }

  @Test
  @DisplayName("config: checkout topic and group by default, bad values named by key")
  void config() {
    NotificationsConfig d = NotificationsConfig.from(new JsonObject());
    assertThat(d.topic()).isEqualTo("kstore.checkout.events");
    assertThat(d.groupId()).isEqualTo("kstore-notifications");
    assertThat(d.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(NotificationsConfig.from(new JsonObject().put("http", new JsonObject()
        .put("publicUrl", "https://kstore.example/"))).publicUrl()).isEqualTo("https://kstore.example");
    assertThatThrownBy(() -> NotificationsConfig.from(new JsonObject().put("notifications",
        new JsonObject().put("contactTimeoutMs", 0)))).hasMessageContaining("notifications.contactTimeoutMs");
    assertThatThrownBy(() -> NotificationsConfig.from(new JsonObject().put("notifications",
        new JsonObject().put("topic", " ")))).hasMessageContaining("notifications.topic");
  }

  private static JsonObject paid(String kind) {
    return new JsonObject().put("orderId", "o-42").put("userId", "u-1").put("kind", kind)
        .put("items", new JsonArray().add(new JsonObject().put("gameId", 1).put("title", "Hades"))
            .add(new JsonObject().put("gameId", 2).put("title", "Celeste")))
        .put("total", new JsonObject().put("amount", 66000).put("currency", "KRW").put("digits", 0))
        .put("pointsSpent", 1000).put("pointsEarned", 660);
  }

  private static JsonObject refunded() {
    return new JsonObject().put("orderId", "o-43").put("userId", "u-1")
        .put("items", new JsonArray().add(new JsonObject().put("gameId", 1).put("title", "Hades")))
        .put("refunded", new JsonObject().put("amount", 5999).put("currency", "USD").put("digits", 2))
        .put("pointsReturned", 1200).put("pointsTakenBack", 60);
  }
  private static JsonObject reversed() {
    return new JsonObject().put("orderId", "o-9").put("userId", "u-1").put("reason", "order-failed")
        .put("items", new JsonArray().add(new JsonObject().put("gameId", 292030).put("title", "The Witcher 3")))
        .put("reversed", new JsonObject().put("amount", 5999).put("currency", "USD").put("digits", 2));
  }

}

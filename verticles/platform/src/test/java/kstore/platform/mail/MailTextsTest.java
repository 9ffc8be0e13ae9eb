package kstore.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shared mail texts and mail config")
class MailTextsTest {

  /** A module's template, as a module would declare it (usually an enum). */
  private record Notice(String key, List<String> required) implements Template {
  }

  private static final Notice NOTICE = new Notice("notice", List.of("who", "link"));
  private static final MailTexts TEXTS = MailTexts.load("mail/platformtest", List.of(NOTICE), List.of("extra.sentence"));

  @Test
  @DisplayName("load a module's own files by base name, fall back to English per key, and report missing keys")
  void moduleTexts() {
    assertThat(TEXTS.base()).isEqualTo("mail/platformtest");
    assertThat(TEXTS.missingKeys("en")).isEmpty();
    assertThat(TEXTS.missingKeys("ko")).containsExactly("notice.footer");

    RenderedMail ko = TEXTS.render(NOTICE, "ko-KR", Map.of("who", "민지", "link", "https://s.example/n", "name", "준"));
    assertThat(ko.subject()).isEqualTo("민지님의 알림");
    assertThat(ko.text()).startsWith("준님, 안녕하세요.\n\n민지님이 소식을 보냈습니다.\n\n열기:\nhttps://s.example/n\n\n")
        .contains("English-only footer.");
    assertThat(ko.html()).contains("<html lang=\"ko\"").contains("<h1 style=\"font-size:22px;margin:0 0 16px;\">알림</h1>");

    assertThat(TEXTS.text("ko", "extra.sentence", Map.of("count", "3"))).isEqualTo("새 소식 3개가 있습니다.");
    assertThat(TEXTS.text("fr", "extra.sentence", Map.of("count", "3"))).isEqualTo("You have 3 new things.");
    assertThat(TEXTS.text("en", "no.such.key", Map.of())).isEmpty();
  }

  @Test
  @DisplayName("refuse to render without a required variable, with a link that is not http(s), and escape HTML")
  void renderRules() {
    assertThatThrownBy(() -> TEXTS.render(NOTICE, "en", Map.of("link", "https://s.example/n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'who'");
    assertThatThrownBy(() -> TEXTS.render(NOTICE, "en", Map.of("who", "A", "link", "javascript:alert(1)")))
        .hasMessageContaining("http(s)");
    RenderedMail m = TEXTS.render(NOTICE, "en", Map.of("who", "<b>Eve</b>\r\nBcc: x@example.com",
        "link", "https://s.example/n?a=1&b=2"));
    assertThat(m.subject()).isEqualTo("Notice for <b>Eve</b> Bcc: x@example.com");
    assertThat(m.html()).contains("&lt;b&gt;Eve&lt;/b&gt;").doesNotContain("<b>")
        .contains("href=\"https://s.example/n?a=1&amp;b=2\"");
    assertThat(MailTexts.escape("<'&\">")).isEqualTo("&lt;&#39;&amp;&quot;&gt;");
  }

  @Test
  @DisplayName("fail at load when a language file is missing or the English file lacks a key")
  void failFast() {
    assertThatThrownBy(() -> MailTexts.load("mail/nosuchmodule", List.of(NOTICE)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("mail/nosuchmodule_en.properties");
    assertThatThrownBy(() -> MailTexts.load("mail/platformtest", List.of(NOTICE, new Notice("other", List.of()))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("other.subject");
  }

  @Test
  @DisplayName("pick the language from tags like ko-KR, zh_CN or JA, and English for anything else")
  void languages() {
    assertThat(MailTexts.language("ko-KR")).isEqualTo("ko");
    assertThat(MailTexts.language("zh_CN")).isEqualTo("zh");
    assertThat(MailTexts.language("JA")).isEqualTo("ja");
    assertThat(MailTexts.language("fr")).isEqualTo("en");
    assertThat(MailTexts.language("")).isEqualTo("en");
    assertThat(MailTexts.language(null)).isEqualTo("en");
  }

  @Test
  @DisplayName("config: defaults, password from the environment, never printed, and bad values named by key")
  void config() {
    MailConfig none = MailConfig.from(new JsonObject(), Map.of());
    assertThat(none.configured()).isFalse();
    assertThat(none.from()).isEqualTo("K Store <no-reply@kstore.local>");
    assertThat(none.startTls()).isEqualTo(MailConfig.StartTls.OPTIONAL);

    MailConfig c = MailConfig.from(new JsonObject().put("smtp", new JsonObject().put("host", "smtp.example")
        .put("port", "2525").put("startTls", "REQUIRED").put("user", "kstore")), Map.of("KSTORE_SMTP_PASSWORD", "s3cret"));
    assertThat(c.configured()).isTrue();
    assertThat(c.port()).isEqualTo(2525);
    assertThat(c.startTls()).isEqualTo(MailConfig.StartTls.REQUIRED);
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.toString()).doesNotContain("s3cret");

    assertThatThrownBy(() -> MailConfig.from(new JsonObject().put("smtp", new JsonObject().put("startTls", "maybe")), Map.of()))
        .hasMessageContaining("smtp.startTls");
    assertThatThrownBy(() -> MailConfig.from(new JsonObject().put("smtp", new JsonObject().put("port", 70000)), Map.of()))
        .hasMessageContaining("smtp.port");
  }

  @Test
  @DisplayName("mask recipients in logs")
  void masks() {
    assertThat(Mailer.mask("minji@example.com")).isEqualTo("m***@example.com");
    assertThat(Mailer.mask("nope")).isEqualTo("***");
    assertThat(Mailer.mask(null)).isEqualTo("null");
  }
}

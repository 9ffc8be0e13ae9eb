package kstore.identity.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mail texts and mail config")
class MailTextsTest {

  private static final MailTexts TEXTS = MailTexts.load();

  @Test
  @DisplayName("exist for every template in English, Korean, Japanese and Chinese, with no placeholder left unfilled")
  void everyLanguageIsComplete() {
    Map<MailTemplate, Map<String, String>> vars = Map.of(
        MailTemplate.VERIFY_EMAIL, Map.of("link", "https://s.example/v"),
        MailTemplate.RESET_PASSWORD, Map.of("link", "https://s.example/r", "expiryMinutes", "30"),
        MailTemplate.FRIEND_REQUEST, Map.of("link", "https://s.example/f", "fromName", "Ana"),
        MailTemplate.FRIEND_ACCEPTED, Map.of("link", "https://s.example/f", "friendName", "Ana"));
    for (String lang : MailTexts.LANGUAGES) {
      assertThat(TEXTS.missingKeys(lang)).as("keys missing in messages_%s.properties", lang).isEmpty();
      for (MailTemplate t : MailTemplate.values()) {
        RenderedMail m = TEXTS.render(t, lang, vars.get(t));
        assertThat(m.subject() + m.text() + m.html()).as("%s %s", lang, t).doesNotContain("{").doesNotContain("}");
        assertThat(m.html()).contains("<html lang=\"" + lang + "\"");
        assertThat(m.text()).contains(vars.get(t).get("link"));
      }
    }
    assertThat(TEXTS.render(MailTemplate.RESET_PASSWORD, "ja", vars.get(MailTemplate.RESET_PASSWORD)).subject())
        .isEqualTo("K Store のパスワードの再設定");
    assertThat(TEXTS.render(MailTemplate.VERIFY_EMAIL, "zh", vars.get(MailTemplate.VERIFY_EMAIL)).subject())
        .isEqualTo("请验证您的 K Store 电子邮件地址");
  }

  @Test
  @DisplayName("picks the language from tags like ko-KR, zh_CN or JA, and English for anything else")
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
}

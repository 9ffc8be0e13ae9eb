package kstore.identity.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import kstore.platform.mail.MailTexts;
import kstore.platform.mail.RenderedMail;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Identity's mail texts")
class MailTextsTest {

  private static final MailTexts TEXTS = MailTemplate.texts();

  @Test
  @DisplayName("exist for every template in English, Korean, Japanese and Chinese, with no placeholder left unfilled")
  void everyLanguageIsComplete() {
    Map<MailTemplate, Map<String, String>> vars = Map.of(
        MailTemplate.VERIFY_EMAIL, Map.of("link", "https://s.example/v"),
        MailTemplate.RESET_PASSWORD, Map.of("link", "https://s.example/r", "expiryMinutes", "30"),
        MailTemplate.FRIEND_REQUEST, Map.of("link", "https://s.example/f", "fromName", "Ana"),
        MailTemplate.FRIEND_ACCEPTED, Map.of("link", "https://s.example/f", "friendName", "Ana"));
    for (String lang : MailTexts.LANGUAGES) {
      assertThat(TEXTS.missingKeys(lang)).as("keys missing in identity_%s.properties", lang).isEmpty();
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
}

package kstore.identity.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import kstore.platform.mail.MailConfig;
import kstore.platform.mail.Mailer;
import kstore.devstack.DevStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The identity mailer with the dev stack's config")
class DevStackMailTest {

  @Test
  @DisplayName("sends a Japanese reset mail that shows up in the dev mail catcher's JSON API")
  void reachesTheMailCatcher(Vertx vertx) throws Exception {
    JsonObject conf = DevStack.shared().config();
    Mailer mailer = Mailer.create(vertx, MailConfig.from(conf, Map.of()), MailTemplate.texts());
    String to = "kenji-" + UUID.randomUUID() + "@example.com";
    try {
      MailerTest.await(mailer.send(to, "ja", MailTemplate.RESET_PASSWORD,
          Map.of("link", "https://store.example/reset?t=abc", "expiryMinutes", "30")));
    } finally {
      MailerTest.await(mailer.close());
    }
    String api = conf.getJsonObject("devstack").getString("mailUi") + "api/messages?to="
        + URLEncoder.encode(to, StandardCharsets.UTF_8);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    JsonArray mails = new JsonArray(r.body());
    assertThat(mails).hasSize(1); // SMTP accepted it before send() completed: GreenMail stores it before replying
    JsonObject mail = mails.getJsonObject(0);
    assertThat(mail.getString("subject")).isEqualTo("K Store のパスワードの再設定");
    assertThat(mail.getString("text")).contains("https://store.example/reset?t=abc").contains("30 分間");
    assertThat(mail.getString("html")).contains("href=\"https://store.example/reset?t=abc\"");
  }
}

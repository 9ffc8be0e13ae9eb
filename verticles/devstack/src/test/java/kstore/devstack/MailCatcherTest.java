package kstore.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The dev mail catcher of the shared stack")
class MailCatcherTest {

    @Test
    @DisplayName("receives a mail over SMTP and shows it, Korean subject intact, in its JSON API, its list and its page")
    void catchesAndShowsAMail() throws Exception {
        JsonObject config = DevStack.shared().config();
        JsonObject smtp = config.getJsonObject("smtp");
        assertThat(smtp.getString("host")).isEqualTo("127.0.0.1");
        assertThat(smtp.getString("from")).isEqualTo("K Store <no-reply@kstore.local>");
        String ui = config.getJsonObject("devstack").getString("mailUi");
        assertThat(ui).matches("http://127\\.0\\.0\\.1:\\d+/");

        String to = "player-" + UUID.randomUUID() + "@example.com";
        String subject = "K Store 이메일 인증 " + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        send(smtp, to, subject, "안녕하세요!\nConfirm: https://kstore.example/verify?token=abc&x=1",
            "<p>안녕하세요 <b>player</b></p><script>alert(1)</script>");

        JsonObject mail = awaitMail(ui, to);
        assertThat(mail.getString("subject")).isEqualTo(subject);
        assertThat(mail.getString("to")).isEqualTo(to);
        assertThat(mail.getString("from")).contains("no-reply@kstore.local");
        assertThat(mail.getString("text")).contains("안녕하세요!").contains("https://kstore.example/verify?token=abc&x=1");
        assertThat(mail.getString("html")).contains("<b>player</b>");
        assertThat(Instant.parse(mail.getString("receivedAt"))).isAfter(before);

        HttpResponse<String> list = Clients.get(ui);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("content-type").orElse("")).contains("charset=utf-8");
        assertThat(list.body()).contains(subject).contains(to).contains("/messages/" + mail.getLong("id"));

        HttpResponse<String> page = Clients.get(ui + "messages/" + mail.getLong("id"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("script-src 'none'");
        assertThat(page.body())
            .contains("<h1>" + subject + "</h1>")
            .contains("안녕하세요!")
            .as("the text body's link is clickable, its & escaped")
            .contains("<a href=\"https://kstore.example/verify?token=abc&amp;x=1\"")
            .as("the HTML body is shown escaped in a sandboxed iframe, never as markup of the page")
            .contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            .doesNotContain("<script>");
    }

    @Test
    @DisplayName("escapes a hostile subject in its list, and answers unknown mails with 404")
    void escapesAndRejects() throws Exception {
        JsonObject config = DevStack.shared().config();
        String ui = config.getJsonObject("devstack").getString("mailUi");
        String to = "victim-" + UUID.randomUUID() + "@example.com";
        send(config.getJsonObject("smtp"), to, "<img src=x onerror=alert(1)> 가격", "text only", null);
        JsonObject mail = awaitMail(ui, to);
        assertThat(mail.getString("html")).isNull();

        assertThat(Clients.get(ui).body())
            .contains("&lt;img src=x onerror=alert(1)&gt; 가격")
            .doesNotContain("<img");
        assertThat(Clients.get(ui + "messages/999999999").statusCode()).isEqualTo(404);
        assertThat(Clients.get(ui + "api/messages/999999999").statusCode()).isEqualTo(404);
    }

    /** Polls the JSON API (no sleeps) until the one mail to {@code to} shows up. */
    private static JsonObject awaitMail(String ui, String to) {
        JsonObject[] found = new JsonObject[1];
        boolean arrived = Clients.eventually(Duration.ofSeconds(10), () -> {
            HttpResponse<String> r = Clients.get(ui + "api/messages?to=" + to);
            JsonArray mails = new JsonArray(r.body());
            if (r.statusCode() == 200 && mails.size() == 1) {
                found[0] = mails.getJsonObject(0);
                return true;
            }
            return false;
        });
        assertThat(arrived).as("a mail to %s within 10 s", to).isTrue();
        return found[0];
    }

    private static void send(JsonObject smtp, String to, String subject, String text, String html) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.getString("host"));
        props.put("mail.smtp.port", String.valueOf(smtp.getInteger("port")));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(smtp.getString("from")));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        if (html == null) {
            message.setText(text, "UTF-8");
        } else {
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            message.setContent(new MimeMultipart("alternative", plain, rich));
        }
        Transport.send(message);
    }
}

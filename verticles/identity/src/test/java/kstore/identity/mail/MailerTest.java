package kstore.identity.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import kstore.platform.mail.MailConfig;
import kstore.platform.mail.Mailer;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
@DisplayName("Identity's mails through the shared mailer, against a real SMTP server (GreenMail)")
class MailerTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String LINK = "https://store.example/verify?token=tok-8f3a&lang=ko";

  private Mailer mailer;

  @BeforeEach
  void mailer(Vertx vertx) {
    mailer = Mailer.create(vertx, config(SMTP.getSmtp().getPort()), MailTemplate.texts());
  }

  @AfterEach
  void close() {
    await(mailer.close());
  }

  @Test
  @DisplayName("delivers a Korean verification mail with the Korean subject, the link in text and HTML, and both parts in UTF-8")
  void koreanVerification() throws Exception {
    await(mailer.send("minji@example.com", "ko", MailTemplate.VERIFY_EMAIL, Map.of("link", LINK, "name", "김민지")));

    MimeMessage m = onlyMail();
    assertThat(m.getSubject()).isEqualTo("K Store 이메일 주소를 인증해 주세요");
    assertThat(m.getAllRecipients()[0].toString()).isEqualTo("minji@example.com");
    assertThat(m.getFrom()[0].toString()).contains("no-reply@kstore.local");
    Bodies b = Bodies.of(m);
    assertThat(b.text).contains("김민지님, 안녕하세요.").contains("이메일 주소 인증하기").contains(LINK);
    assertThat(b.html)
        .contains("<html lang=\"ko\"")
        .contains("<h1 style=\"font-size:22px;margin:0 0 16px;\">이메일 주소 인증</h1>")
        .contains("href=\"https://store.example/verify?token=tok-8f3a&amp;lang=ko\"");
  }

  @Test
  @DisplayName("writes in English when the language is unknown, and in Korean for a regional tag like ko-KR")
  void languageFallback() throws Exception {
    await(mailer.send("a@example.com", "xx", MailTemplate.VERIFY_EMAIL, Map.of("link", LINK)));
    await(mailer.send("b@example.com", null, MailTemplate.RESET_PASSWORD, Map.of("link", LINK, "expiryMinutes", "30")));
    await(mailer.send("c@example.com", "ko-KR", MailTemplate.FRIEND_ACCEPTED, Map.of("link", LINK, "friendName", "Jun")));

    assertThat(SMTP.waitForIncomingEmail(5000, 3)).isTrue();
    MimeMessage[] all = SMTP.getReceivedMessages();
    assertThat(all[0].getSubject()).isEqualTo("Confirm your email address for K Store");
    assertThat(Bodies.of(all[0]).text).startsWith("Hello,\n");
    assertThat(all[1].getSubject()).isEqualTo("Reset your K Store password");
    assertThat(Bodies.of(all[1]).text).contains("It works for 30 minutes, once.");
    assertThat(all[2].getSubject()).isEqualTo("Jun님이 친구 요청을 수락했습니다");
  }

  @Test
  @DisplayName("escapes a display name like <script> in the HTML body and keeps it readable in the subject and text")
  void escapesDisplayNames() throws Exception {
    String hostile = "<script>alert('x')</script> & \"Co\"";
    await(mailer.send("jun@example.com", "en", MailTemplate.FRIEND_REQUEST,
        Map.of("fromName", hostile, "link", "https://store.example/friends", "name", "<b>Jun</b>")));

    MimeMessage m = onlyMail();
    assertThat(m.getSubject()).isEqualTo(hostile + " wants to be your friend on K Store");
    Bodies b = Bodies.of(m);
    assertThat(b.text).contains(hostile + " sent you a friend request.").contains("Hello <b>Jun</b>,");
    assertThat(b.html)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot; sent you a friend request.")
        .contains("Hello &lt;b&gt;Jun&lt;/b&gt;,")
        .doesNotContain("<script").doesNotContain("<b>");
  }

  @Test
  @DisplayName("cannot be used to inject headers through a display name")
  void noHeaderInjection() throws Exception {
    await(mailer.send("jun@example.com", "en", MailTemplate.FRIEND_REQUEST,
        Map.of("fromName", "Eve\r\nBcc: victim@example.com", "link", "https://store.example/friends")));
    MimeMessage m = onlyMail();
    assertThat(m.getSubject()).isEqualTo("Eve Bcc: victim@example.com wants to be your friend on K Store");
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
  }

  @Test
  @DisplayName("refuses a mail without its required variables or with a link that is not http(s), sending nothing")
  void refusesBadInput() {
    assertThat(failure(mailer.send("a@example.com", "en", MailTemplate.VERIFY_EMAIL, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'link'");
    assertThat(failure(mailer.send("a@example.com", "en", MailTemplate.RESET_PASSWORD, Map.of("link", LINK))))
        .hasMessageContaining("'expiryMinutes'");
    assertThat(failure(mailer.send("a@example.com", "en", MailTemplate.VERIFY_EMAIL,
        Map.of("link", "javascript:alert(1)")))).hasMessageContaining("http(s)");
    assertThat(failure(mailer.send("not-an-address", "en", MailTemplate.VERIFY_EMAIL, Map.of("link", LINK))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  @DisplayName("logs mails as skipped, and succeeds, when no SMTP host is configured")
  void skipsWithoutHost(Vertx vertx) {
    Mailer unconfigured = Mailer.create(vertx, MailConfig.from(new JsonObject(), Map.of()), MailTemplate.texts());
    await(unconfigured.send("a@example.com", "ko", MailTemplate.VERIFY_EMAIL, Map.of("link", LINK)));
    await(unconfigured.close());
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  @DisplayName("fails, after one retry, when the SMTP server cannot be reached")
  void unreachableServer(Vertx vertx) throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Mailer down = Mailer.create(vertx, config(closedPort), MailTemplate.texts());
    long t0 = System.nanoTime();
    Throwable e = failure(down.send("a@example.com", "en", MailTemplate.VERIFY_EMAIL, Map.of("link", LINK)));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(e).isNotNull();
    assertThat(ms).as("one retry a second later").isGreaterThanOrEqualTo(1000);
    await(down.close());
  }

  private static MailConfig config(int port) {
    return MailConfig.from(new JsonObject().put("smtp", new JsonObject()
        .put("host", "127.0.0.1").put("port", port).put("startTls", "none")
        .put("from", "K Store <no-reply@kstore.local>")), Map.of());
  }

  private static MimeMessage onlyMail() {
    assertThat(SMTP.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage[] all = SMTP.getReceivedMessages();
    assertThat(all).hasSize(1);
    return all[0];
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  static Throwable failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
    throw new AssertionError("expected a failure");
  }

  /** The text/plain and text/html parts of a received mail. */
  static final class Bodies {
    String text;
    String html;

    static Bodies of(Part message) throws Exception {
      Bodies b = new Bodies();
      b.walk(message);
      return b;
    }

    private void walk(Part p) throws Exception {
      if (p.isMimeType("text/plain")) {
        text = String.valueOf(p.getContent()).replace("\r\n", "\n");
      } else if (p.isMimeType("text/html")) {
        html = String.valueOf(p.getContent());
      } else if (p.getContent() instanceof Multipart mp) {
        for (int i = 0; i < mp.getCount(); i++) {
          walk(mp.getBodyPart(i));
        }
      }
    }
  }
}

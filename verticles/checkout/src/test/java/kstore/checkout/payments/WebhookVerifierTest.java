package kstore.checkout.payments;

import static kstore.checkout.payments.RecordedProvider.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  private static final String SECRET = "whsec_test_5f0c1d";
  private static final long NOW = 1_767_225_600L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final String EVENT = """
      {"id":"evt_1Qa","type":"voucher.paid","created":1767225590,"data":{"object":{"id":"vo_9","status":"paid","metadata":{"orderId":"o-42"}}}}""";

  /** Signs as the sandbox does, independently of the code under test. */
  private static String signature(String secret, long t, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  private static ErrorCode rejection(String header, String body) {
    WebhookVerifier v = new WebhookVerifier(SECRET, CLOCK);
    try {
      v.verify(header, Buffer.buffer(body));
    } catch (ReplyException e) {
      return ServiceError.codeOf(e);
    }
    throw new AssertionError("expected the webhook to be rejected");
  }

  @Test
  @DisplayName("a correctly signed, fresh event is accepted and exposes its id, order and payment step")
  void valid() throws Exception {
    WebhookEvent e = new WebhookVerifier(SECRET, CLOCK).verify(signature(SECRET, NOW - 10, EVENT), Buffer.buffer(EVENT));
    assertThat(e.id()).isEqualTo("evt_1Qa");
    assertThat(e.type()).isEqualTo("voucher.paid");
    assertThat(e.created()).isEqualTo(Instant.ofEpochSecond(1767225590));
    assertThat(e.orderId()).contains("o-42");
    assertThat(e.providerRef()).contains("vo_9");
    assertThat(e.paymentStep().orElseThrow().outcome()).isEqualTo(PaymentStep.Outcome.SUCCEEDED);
  }

  @Test
  @DisplayName("a signature list with a rotated-out secret's entry still matches on the current one")
  void severalSignatures() throws Exception {
    String good = signature(SECRET, NOW, EVENT);
    String header = "t=" + NOW + ",v1=" + "00".repeat(32) + "," + good.substring(good.indexOf("v1="));
    assertThat(new WebhookVerifier(SECRET, CLOCK).verify(header, Buffer.buffer(EVENT)).id()).isEqualTo("evt_1Qa");
  }

  @Test
  @DisplayName("a tampered body is rejected")
  void tampered() throws Exception {
    String header = signature(SECRET, NOW, EVENT);
    assertThat(rejection(header, EVENT.replace("vo_9", "vo_8"))).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("an event signed with another secret is rejected")
  void wrongSecret() throws Exception {
    assertThat(rejection(signature("whsec_other", NOW, EVENT), EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("timestamps more than 300 s in the past or the future are rejected, 300 s is still accepted")
  void staleAndFuture() throws Exception {
    assertThat(rejection(signature(SECRET, NOW - 301, EVENT), EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(rejection(signature(SECRET, NOW + 301, EVENT), EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    WebhookVerifier v = new WebhookVerifier(SECRET, CLOCK);
    assertThat(v.verify(signature(SECRET, NOW - 300, EVENT), Buffer.buffer(EVENT)).id()).isEqualTo("evt_1Qa");
    assertThat(v.verify(signature(SECRET, NOW + 300, EVENT), Buffer.buffer(EVENT)).id()).isEqualTo("evt_1Qa");
  }

  @Test
  @DisplayName("missing or malformed signature headers are rejected")
  void malformed() {
    assertThat(rejection(null, EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(rejection("v1=abcd", EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(rejection("t=" + NOW, EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(rejection("t=soon,v1=abcd", EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(rejection("t=" + NOW + ",v1=zz", EVENT)).isEqualTo(ErrorCode.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("a signed body that is not an event is a validation error")
  void notAnEvent() throws Exception {
    String body = "{\"hello\":1}";
    assertThat(rejection(signature(SECRET, NOW, body), body)).isEqualTo(ErrorCode.VALIDATION);
  }

  @Test
  @DisplayName("the same event delivered twice verifies twice with the same id, and the handled-events record lets only the first through")
  void duplicates() throws Exception {
    WebhookVerifier v = new WebhookVerifier(SECRET, CLOCK);
    HandledWebhookEvents handled = HandledWebhookEvents.inMemory();
    WebhookEvent first = v.verify(signature(SECRET, NOW - 5, EVENT), Buffer.buffer(EVENT));
    WebhookEvent again = v.verify(signature(SECRET, NOW, EVENT), Buffer.buffer(EVENT));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(await(handled.firstTime(first))).isTrue();
    assertThat(await(handled.firstTime(again))).isFalse();
  }

  @Test
  @DisplayName("sign produces what verify accepts")
  void signRoundTrip() throws Exception {
    WebhookVerifier v = new WebhookVerifier(SECRET, CLOCK);
    assertThat(v.sign(Buffer.buffer(EVENT), NOW)).isEqualTo(signature(SECRET, NOW, EVENT));
    assertThatThrownBy(() -> new WebhookVerifier("", CLOCK)).isInstanceOf(IllegalArgumentException.class);
  }
}

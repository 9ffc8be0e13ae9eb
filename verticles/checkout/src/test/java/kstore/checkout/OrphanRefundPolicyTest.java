package kstore.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the refund of an orphan charge is retried ({@code checkout.orphanRefunds}). */
class OrphanRefundPolicyTest {

  private static JsonObject shipped() {
    return StoreConfig.load(List.of(), Map.of(), Map.of());
  }

  @Test
  @DisplayName("by default a failed refund is tried again after 1 min, doubling up to 1 h, 12 attempts in all (about 6 h)")
  void defaults() {
    CheckoutConfig.OrphanRefunds p = CheckoutConfig.from(shipped()).orphanRefunds();
    assertThat(p).isEqualTo(new CheckoutConfig.OrphanRefunds(Duration.ofMinutes(1), Duration.ofHours(1), 12));
    assertThat(IntStream.rangeClosed(1, 11).mapToObj(p::retryAfter).map(Duration::toMinutes).toList())
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L, 60L);
    assertThat(IntStream.rangeClosed(1, 11).mapToObj(p::retryAfter).reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.ofMinutes(363));
    assertThat(p.retryAfter(1_000)).as("no overflow far out").isEqualTo(Duration.ofHours(1));
  }

  @Test
  @DisplayName("the policy comes from checkout.orphanRefunds; bad values fail naming the key")
  void configured() {
    JsonObject conf = shipped();
    StoreConfig.set(conf, "checkout.orphanRefunds.firstRetrySeconds", "20");
    StoreConfig.set(conf, "checkout.orphanRefunds.maxRetrySeconds", "70");
    StoreConfig.set(conf, "checkout.orphanRefunds.maxAttempts", "4");
    CheckoutConfig.OrphanRefunds p = CheckoutConfig.from(conf).orphanRefunds();
    assertThat(List.of(p.retryAfter(1), p.retryAfter(2), p.retryAfter(3)))
        .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(70));
    assertThat(p.maxAttempts()).isEqualTo(4);

    for (String bad : List.of("0", "-1", "1.5", "\"often\"")) {
      JsonObject c = shipped();
      StoreConfig.set(c, "checkout.orphanRefunds.maxAttempts", bad);
      assertThatThrownBy(() -> CheckoutConfig.from(c)).as(bad).hasMessageContaining("checkout.orphanRefunds.maxAttempts");
    }
    JsonObject inverted = shipped();
    StoreConfig.set(inverted, "checkout.orphanRefunds.firstRetrySeconds", "600");
    StoreConfig.set(inverted, "checkout.orphanRefunds.maxRetrySeconds", "60");
    assertThatThrownBy(() -> CheckoutConfig.from(inverted)).hasMessageContaining("checkout.orphanRefunds.maxRetrySeconds");
  }
}

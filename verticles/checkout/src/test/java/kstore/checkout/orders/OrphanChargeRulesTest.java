package kstore.checkout.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which reported successes pay for nothing ({@link OrphanCharges#reason}), and the refund's idempotency key. */
class OrphanChargeRulesTest {

  @Test
  @DisplayName("a success for a failed, cancelled or expired order pays for nothing, whatever its charge")
  void failedOrders() {
    assertThat(OrphanCharges.reason("failed", null, "pi_1")).isEqualTo("order-failed");
    assertThat(OrphanCharges.reason("failed", "pi_1", "pi_1")).isEqualTo("order-failed");
    assertThat(OrphanCharges.reason("failed", "pi_1", null)).isEqualTo("order-failed");
    assertThat(OrphanCharges.reason("cancelled", null, "pi_1")).isEqualTo("order-failed");
    assertThat(OrphanCharges.reason("expired", null, "pi_1")).isEqualTo("order-failed");
  }

  @Test
  @DisplayName("for a paid or refunded order only another charge than its own pays for nothing")
  void paidOrders() {
    assertThat(OrphanCharges.reason("paid", "pi_1", "pi_1")).isNull();
    assertThat(OrphanCharges.reason("paid", "pi_1", "pi_2")).isEqualTo("second-charge");
    assertThat(OrphanCharges.reason("refunded", "pi_1", "pi_2")).isEqualTo("second-charge");
    assertThat(OrphanCharges.reason("refunded", "pi_1", "pi_1")).as("refunded already").isNull();
    assertThat(OrphanCharges.reason("paid", null, "pi_2")).as("paid by points alone: no charge to compare").isNull();
    assertThat(OrphanCharges.reason("paid", "pi_1", null)).isNull();
  }

  @Test
  @DisplayName("an unsettled order is settled by the success, never refunded")
  void unsettledOrders() {
    assertThat(OrphanCharges.reason("pending", null, "pi_1")).isNull();
    assertThat(OrphanCharges.reason("requires_action", "pi_1", "pi_1")).isNull();
  }

  @Test
  @DisplayName("the refund's idempotency key is the same for the same order and charge, and differs otherwise")
  void refundKey() {
    UUID order = UUID.randomUUID();
    assertThat(OrphanCharges.refundKey(order, "pi_1")).isEqualTo(OrphanCharges.refundKey(order, "pi_1"))
        .contains(order.toString()).contains("pi_1");
    assertThat(OrphanCharges.refundKey(order, "pi_1")).isNotEqualTo(OrphanCharges.refundKey(order, "pi_2"))
        .isNotEqualTo(OrphanCharges.refundKey(UUID.randomUUID(), "pi_1"));
  }
}

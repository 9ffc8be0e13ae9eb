package kstore.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import kstore.checkout.orders.PaymentGateway.Outcome;
import kstore.checkout.orders.PaymentGateway.State;
import kstore.checkout.payments.PaymentStep;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the order flow's view of provider steps")
class ProviderGatewayTest {

  @Test
  @DisplayName("a card refused for its issuing country is a DECLINED outcome with the code, the message and the country")
  void refusedCountry() {
    Outcome o = ProviderGateway.map("card", PaymentStep.declined(null, PaymentStep.CARD_COUNTRY_UNAVAILABLE, null,
        "Cards issued in Iran cannot be used on K Store").withPaymentCountry("IR"));
    assertThat(o).isEqualTo(new Outcome(State.DECLINED, "card", null, null, "card_country_unavailable",
        "Cards issued in Iran cannot be used on K Store", "IR"));
  }

  @Test
  @DisplayName("a paid card carries its issuing country; steps without one carry none")
  void paidCountry() {
    assertThat(ProviderGateway.map("card", PaymentStep.succeeded("pi_1").withPaymentCountry("KR")).paymentCountry())
        .isEqualTo("KR");
    assertThat(ProviderGateway.map("kakaopay", PaymentStep.succeeded("T1")).paymentCountry()).isNull();
  }
}

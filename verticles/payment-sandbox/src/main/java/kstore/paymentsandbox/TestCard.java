package kstore.paymentsandbox;

import java.util.Optional;

import io.vertx.core.json.JsonObject;

/** The test payment-method tokens of PROTOCOL.md and what each one does. */
enum TestCard {
    VISA("pm_card_visa", "succeeds"),
    MASTERCARD("pm_card_mastercard", "mastercard", "4444", "US", "succeeds"),
    CHARGE_DECLINED("pm_card_chargeDeclined", "visa", "0002", "US", "declined: card_declined / generic_decline"),
    INSUFFICIENT_FUNDS("pm_card_insufficientFunds", "visa", "9995", "US", "declined: card_declined / insufficient_funds"),
    THREE_D_SECURE("pm_card_threeDSecureRequired", "visa", "3063", "US",
        "requires_action: 3-D Secure challenge page (approve or fail)"),
    TIMEOUT("pm_card_timeout", "the call hangs 30 s but the payment succeeds; its webhook comes 5 s after the call"),
    PROVIDER_ERROR("pm_card_providerError", "500 api_error, nothing charged"),
    DUPLICATE_WEBHOOK("pm_card_duplicateWebhook", "succeeds; the success webhook is delivered twice"),
    LATE_WEBHOOK("pm_card_lateWebhook", "succeeds; the webhook comes 10 s late"),
    WEBHOOK_FIRST("pm_card_webhookFirst", "visa", "3220", "US",
        "requires_action; the success webhook is delivered before the browser returns"),
    PAYMENT_METHOD_ERROR("pm_card_paymentMethodError",
        "GET /v1/payment_methods/{id} answers 500 api_error; a payment with it succeeds"),
    // issued abroad, as Stripe's international test cards (pm_card_br, pm_card_de, ...); all succeed like pm_card_visa
    BR("pm_card_br", "visa", "0002", "BR", "succeeds; issued in Brazil (BR)"),
    DE("pm_card_de", "visa", "0016", "DE", "succeeds; issued in Germany (DE)"),
    JP("pm_card_jp", "visa", "0003", "JP", "succeeds; issued in Japan (JP)"),
    KR("pm_card_kr", "visa", "0018", "KR", "succeeds; issued in South Korea (KR)"),
    IR("pm_card_ir", "visa", "0005", "IR", "succeeds at the sandbox; issued in Iran (IR), where sale is impossible");

    final String token;
    final String brand;
    final String last4;
    /** ISO 3166-1 alpha-2 country of the issuing bank, as Stripe's {@code card.country}. */
    final String country;
    final String outcome;

    /** A US-issued Visa ending 4242, as Stripe's {@code pm_card_visa}. */
    TestCard(String token, String outcome) {
        this(token, "visa", "4242", "US", outcome);
    }

    TestCard(String token, String brand, String last4, String country, String outcome) {
        this.token = token;
        this.brand = brand;
        this.last4 = last4;
        this.country = country;
        this.outcome = outcome;
    }

    static Optional<TestCard> of(String token) {
        for (TestCard c : values()) {
            if (c.token.equals(token)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The card as {@code GET /v1/payment_methods/{id}} shows it (Stripe's PaymentMethod, type card). */
    JsonObject paymentMethod() {
        return new JsonObject().put("id", token).put("object", "payment_method").put("type", "card")
            .put("card", details().put("exp_month", 12).put("exp_year", 2034).put("funding", "credit"))
            .put("livemode", false).put("metadata", new JsonObject());
    }

    /** {@code brand, last4, country}: what a charge's {@code payment_method_details.card} repeats. */
    JsonObject details() {
        return new JsonObject().put("brand", brand).put("last4", last4).put("country", country);
    }

    boolean challenged() {
        return this == THREE_D_SECURE || this == WEBHOOK_FIRST;
    }

    String declineCode() {
        return switch (this) {
            case CHARGE_DECLINED -> "generic_decline";
            case INSUFFICIENT_FUNDS -> "insufficient_funds";
            default -> null;
        };
    }
}

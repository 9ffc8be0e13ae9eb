package kstore.paymentsandbox;

import java.util.Optional;

/** The test payment-method tokens of PROTOCOL.md and what each one does. */
enum TestCard {
    VISA("pm_card_visa", "succeeds"),
    MASTERCARD("pm_card_mastercard", "succeeds"),
    CHARGE_DECLINED("pm_card_chargeDeclined", "declined: card_declined / generic_decline"),
    INSUFFICIENT_FUNDS("pm_card_insufficientFunds", "declined: card_declined / insufficient_funds"),
    THREE_D_SECURE("pm_card_threeDSecureRequired", "requires_action: 3-D Secure challenge page (approve or fail)"),
    TIMEOUT("pm_card_timeout", "the call hangs 30 s but the payment succeeds; its webhook comes 5 s after the call"),
    PROVIDER_ERROR("pm_card_providerError", "500 api_error, nothing charged"),
    DUPLICATE_WEBHOOK("pm_card_duplicateWebhook", "succeeds; the success webhook is delivered twice"),
    LATE_WEBHOOK("pm_card_lateWebhook", "succeeds; the webhook comes 10 s late"),
    WEBHOOK_FIRST("pm_card_webhookFirst", "requires_action; the success webhook is delivered before the browser returns");

    final String token;
    final String outcome;

    TestCard(String token, String outcome) {
        this.token = token;
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

/**
 * Payments of the checkout: which methods a buyer's country offers ({@link kstore.checkout.payments.PaymentMethods},
 * {@code conf/payments.json}), one provider SPI ({@link kstore.checkout.payments.PaymentProvider}) with adapters that
 * speak the providers' documented protocols (PaymentIntent-style cards, ready → approve redirect wallets, expiring
 * vouchers), and signed webhooks ({@link kstore.checkout.payments.WebhookVerifier}).
 *
 * <p>Every outcome is a {@link kstore.checkout.payments.PaymentStep}; {@code UNKNOWN} means "we cannot tell whether
 * money moved" (timeout, provider 5xx) and the caller must reconcile: {@code status(ref)} when a reference is known,
 * else repeat {@code start} with the same idempotency key, or wait for the webhook. A failed Future means the
 * provider refused the request itself (bad key, our own bad request, idempotency conflict) and nothing was charged.
 */
package kstore.checkout.payments;

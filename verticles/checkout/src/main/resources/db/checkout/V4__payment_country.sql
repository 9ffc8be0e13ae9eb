-- R12: the ISO 3166-1 alpha-2 country of the bank that issued the card an order was paid with or refused for
-- (from the provider's PaymentMethod); null for wallets and vouchers, and when the provider could not tell.
ALTER TABLE orders ADD COLUMN payment_country char(2);

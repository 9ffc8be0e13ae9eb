-- Relay events in the order they were written: created_at is the transaction's start time, equal for
-- every row of one transaction, so it cannot order them (kstore.platform.OutboxRelay orders by seq).
ALTER TABLE outbox ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;

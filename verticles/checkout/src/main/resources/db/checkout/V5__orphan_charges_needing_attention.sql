-- A refund of an orphan charge that keeps failing stops (kstore.checkout.orders.OrphanCharges, checkout.orphanRefunds):
-- after maxAttempts failed attempts, or at once when the provider refuses it for good, the charge needs a person
-- ('needs_attention', with the last error and when it stopped); an admin lists them and retries one
-- (GET /api/v1/admin/orphan-charges, POST /api/v1/admin/orphan-charges/{id}/retry).
ALTER TABLE orphan_charges DROP CONSTRAINT orphan_charges_status_check;
ALTER TABLE orphan_charges ADD CONSTRAINT orphan_charges_status_check
  CHECK (status IN ('refunding', 'refunded', 'manual', 'needs_attention'));
ALTER TABLE orphan_charges ADD COLUMN last_error text;            -- why the last attempt failed (kept after a retry)
ALTER TABLE orphan_charges ADD COLUMN attention_at timestamptz;   -- when the job stopped trying
ALTER TABLE orphan_charges ADD COLUMN retried_at timestamptz;     -- when an admin last asked for another try

-- The admin list: one status, newest first.
CREATE INDEX orphan_charges_by_status ON orphan_charges (status, detected_at DESC, id);

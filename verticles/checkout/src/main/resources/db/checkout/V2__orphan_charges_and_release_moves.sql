-- Issue #4: a late success on a failed order is refunded; release date changes move pre-orders.

-- Charges the provider reported as succeeded that pay for nothing: the order had failed already (expired, the buyer
-- cancelled, a timeout taken for a failure) or the order is paid by another charge. "Never charged without an
-- entitlement": each row is given back by a 'refund-orphan' job (kstore.checkout.orders.OrphanCharges), keyed by the
-- row id; its attempts and last error are on that jobs row. The order itself does not change.
CREATE TABLE orphan_charges (
  id            uuid        PRIMARY KEY,
  order_id      uuid        NOT NULL REFERENCES orders (id),
  method        text        NOT NULL,
  charge_ref    text        NOT NULL,               -- the provider's payment (pi_…, wallet tid, vo_…)
  amount        bigint      NOT NULL CHECK (amount >= 0),
  currency      char(3)     NOT NULL,
  digits        int         NOT NULL,
  order_status  text        NOT NULL,               -- the order's status when the charge was reported
  reason        text        NOT NULL CHECK (reason IN ('order-failed', 'second-charge')),
  status        text        NOT NULL CHECK (status IN ('refunding', 'refunded', 'manual')),
  refund_ref    text,                               -- the provider's refund (re_…, or the tid for wallets)
  detected_at   timestamptz NOT NULL DEFAULT now(),
  refunded_at   timestamptz,                        -- refunded, or handed to staff (manual: a bank transfer)
  UNIQUE (order_id, charge_ref)                     -- a charge reported again (webhook, return, reconcile) is one row
);
CREATE INDEX orphan_charges_open ON orphan_charges (detected_at) WHERE status <> 'refunded';

-- The release instant of each game as the catalog last told us (its game-changed event or the release-day check).
-- asked_at orders the answers: when two nodes ask the catalog around a change, the later answer wins whatever the
-- order of their commits. Paid pre-orders take this instant over the one quoted (order_items keeps the quoted one).
CREATE TABLE game_releases (
  game_id     bigint      PRIMARY KEY,
  release_at  timestamptz NOT NULL,
  asked_at    timestamptz NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);

-- Moving and releasing the pre-orders of one game (kstore.checkout.orders.ReleaseSchedule) without reading them all.
CREATE INDEX entitlements_pre_ordered ON entitlements (game_id) WHERE status = 'pre-ordered';

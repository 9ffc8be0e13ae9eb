-- Orders, payments, the points ledger and the library. Owned by the checkout verticle only.
-- Money is bigint minor units with an ISO 4217 currency and its digits; never floating point.

CREATE TABLE orders (
  id               uuid        PRIMARY KEY,
  user_id          uuid        NOT NULL,
  idempotency_key  text        NOT NULL,
  request_hash     text        NOT NULL,               -- the same key with another request is refused
  kind             text        NOT NULL CHECK (kind IN ('pre-order', 'purchase')),
  status           text        NOT NULL CHECK (status IN ('pending', 'requires_action', 'paid', 'failed',
                                                          'refunded', 'cancelled', 'expired')),
  country          char(2)     NOT NULL,               -- the buyer's residence when ordering
  currency         char(3)     NOT NULL,
  digits           int         NOT NULL,
  subtotal         bigint      NOT NULL CHECK (subtotal >= 0),   -- list prices
  discount         bigint      NOT NULL CHECK (discount >= 0),   -- sale / pre-order discounts
  points_spent     bigint      NOT NULL DEFAULT 0 CHECK (points_spent >= 0),
  points_value     bigint      NOT NULL DEFAULT 0 CHECK (points_value >= 0), -- minor units the points paid
  tax              bigint      NOT NULL DEFAULT 0,
  tax_included     boolean     NOT NULL,
  total            bigint      NOT NULL CHECK (total >= 0),       -- charged to the card / wallet
  points_earned    bigint      NOT NULL DEFAULT 0,
  method           text        NOT NULL,
  instrument       text,                               -- a test token or wallet account, never a card number
  return_url       text,
  provider         text,
  provider_ref     text,
  next_action_url  text,
  failure_code     text,
  failure_message  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  paid_at          timestamptz,
  refunded_at      timestamptz,
  UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_user ON orders (user_id, created_at DESC);
CREATE INDEX orders_pending ON orders (created_at) WHERE status IN ('pending', 'requires_action');
CREATE UNIQUE INDEX orders_provider_ref ON orders (provider, provider_ref) WHERE provider_ref IS NOT NULL;

CREATE TABLE order_items (
  order_id         uuid        NOT NULL REFERENCES orders (id),
  game_id          bigint      NOT NULL,
  title            text        NOT NULL,
  list_price       bigint      NOT NULL,
  discount_percent int         NOT NULL,
  discount_kind    text,
  price            bigint      NOT NULL,
  release_at       timestamptz NOT NULL,
  PRIMARY KEY (order_id, game_id)
);

-- The append-only points ledger: a user's balance is the sum of their rows, and nothing else.
CREATE TABLE points_ledger (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     uuid        NOT NULL,
  delta       bigint      NOT NULL CHECK (delta <> 0),
  kind        text        NOT NULL CHECK (kind IN ('spend', 'spend-returned', 'earn', 'earn-taken-back', 'grant')),
  order_id    uuid,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, kind)                              -- each order moves each kind of points once
);
CREATE INDEX points_ledger_user ON points_ledger (user_id, id);

-- The library: one row per game a user holds (pre-ordered, owned, or revoked by a refund).
CREATE TABLE entitlements (
  user_id     uuid        NOT NULL,
  game_id     bigint      NOT NULL,
  order_id    uuid        NOT NULL REFERENCES orders (id),
  status      text        NOT NULL CHECK (status IN ('pre-ordered', 'owned', 'revoked')),
  release_at  timestamptz NOT NULL,
  granted_at  timestamptz NOT NULL DEFAULT now(),
  owned_at    timestamptz,
  revoked_at  timestamptz,
  played_minutes int      NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, game_id, order_id)
);
CREATE UNIQUE INDEX entitlements_active ON entitlements (user_id, game_id) WHERE status <> 'revoked';

CREATE TABLE refunds (
  id            uuid        PRIMARY KEY,
  order_id      uuid        NOT NULL UNIQUE REFERENCES orders (id),  -- one refund per order
  amount        bigint      NOT NULL,
  status        text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  provider_ref  text,
  reason        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  done_at       timestamptz
);

-- Provider webhooks already handled (replay protection) and the raw verdict for audit.
CREATE TABLE payment_events (
  event_id     text        PRIMARY KEY,
  provider     text        NOT NULL,
  type         text        NOT NULL,
  verdict      text        NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- Durable jobs (release day, reconciliation): claimed with FOR UPDATE SKIP LOCKED by any node.
CREATE TABLE jobs (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text        NOT NULL,
  key          text        NOT NULL,
  run_at       timestamptz NOT NULL,
  payload      jsonb       NOT NULL DEFAULT '{}',
  attempts     int         NOT NULL DEFAULT 0,
  last_error   text,
  done_at      timestamptz,
  UNIQUE (kind, key)
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;

CREATE TABLE outbox (
  id            uuid        PRIMARY KEY,
  seq           bigint      GENERATED ALWAYS AS IDENTITY,
  topic         text        NOT NULL,
  key           text,
  payload       jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;

-- Generated service secrets (the quote signing key when none is configured), shared by every node.
CREATE TABLE settings (
  name        text        PRIMARY KEY,
  value       text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

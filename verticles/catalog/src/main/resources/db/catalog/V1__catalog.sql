-- The catalog's own schema (Flyway runs this with search_path = catalog).

-- One row per game. Lists are text arrays; titles and prices live in their own tables.
CREATE TABLE games (
  id                  bigint      PRIMARY KEY,
  slug                text        NOT NULL UNIQUE,
  description         text,
  developer           text        NOT NULL,
  publisher           text        NOT NULL,
  genres              text[]      NOT NULL DEFAULT '{}',
  tags                text[]      NOT NULL DEFAULT '{}',
  categories          text[]      NOT NULL DEFAULT '{}',
  platforms           text[]      NOT NULL DEFAULT '{}',
  age_rating          int         NOT NULL DEFAULT 0 CHECK (age_rating BETWEEN 0 AND 21),
  release_at          timestamptz NOT NULL,
  -- the declared status; once release_at has passed the game is effectively released
  status              text        NOT NULL CHECK (status IN ('announced', 'pre-order', 'released')),
  -- USD list amount (cents) of the game's price tier, for price bands; null while unpriced
  price_tier_usd      bigint      CHECK (price_tier_usd >= 0),
  discount_percent    int         CHECK (discount_percent BETWEEN 1 AND 95),
  discount_kind       text        CHECK (discount_kind IN ('sale', 'pre-order')),
  discount_starts_at  timestamptz,
  discount_ends_at    timestamptz,
  -- countries the game's contracts allow sale in; null = worldwide
  service_countries   text[],
  blocked_countries   text[]      NOT NULL DEFAULT '{}',
  achievements        int         NOT NULL DEFAULT 0,
  positive_ratings    bigint      NOT NULL DEFAULT 0,
  negative_ratings    bigint      NOT NULL DEFAULT 0,
  owners              text        NOT NULL DEFAULT '0-20000',
  source              text        NOT NULL CHECK (source IN ('seed', 'demo', 'admin')),
  version             int         NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT discount_complete CHECK (
    (discount_percent IS NULL AND discount_kind IS NULL AND discount_starts_at IS NULL AND discount_ends_at IS NULL)
    OR (discount_percent IS NOT NULL AND discount_kind IS NOT NULL AND discount_starts_at IS NOT NULL
        AND discount_ends_at IS NOT NULL AND discount_ends_at > discount_starts_at))
);

CREATE INDEX games_updated_at ON games (updated_at);

-- Title per language; 'en' exists for every game.
CREATE TABLE game_titles (
  game_id  bigint NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  lang     text   NOT NULL CHECK (lang IN ('en', 'ko', 'ja', 'zh')),
  title    text   NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  PRIMARY KEY (game_id, lang)
);

-- List price per currency, in minor units of an ISO 4217 currency (KRW/JPY/TWD: whole units).
CREATE TABLE game_prices (
  game_id   bigint  NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  currency  char(3) NOT NULL,
  amount    bigint  NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (game_id, currency)
);

-- Ids for games registered by the person in charge (seeded games keep their Steam appid).
CREATE SEQUENCE game_id_seq START WITH 10000001;

-- Who changed what, when: written in the same transaction as the change.
CREATE TABLE audit (
  id          bigserial   PRIMARY KEY,
  game_id     bigint      NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text        NOT NULL,
  action      text        NOT NULL CHECK (action IN ('create', 'update')),
  changes     jsonb       NOT NULL,
  request_id  text
);

CREATE INDEX audit_by_game ON audit (game_id, id);

-- Events to relay to Kafka (kstore.platform.OutboxRelay).
CREATE TABLE outbox (
  id            uuid        PRIMARY KEY,
  topic         text        NOT NULL,
  key           text,
  payload       jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);

CREATE INDEX outbox_pending ON outbox (created_at) WHERE published_at IS NULL;

-- One row per completed seed import; its presence makes the import idempotent.
CREATE TABLE seed_marker (
  name          text        PRIMARY KEY,
  completed_at  timestamptz NOT NULL DEFAULT now(),
  games         int         NOT NULL,
  source        text        NOT NULL
);

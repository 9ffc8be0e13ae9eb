-- Accounts, their sign-in methods, tokens and the audit trail. Owned by the identity verticle only.

CREATE TABLE users (
  id                   uuid        PRIMARY KEY,
  email                text,                         -- lower-cased; null for social accounts without an email
  email_verified       boolean     NOT NULL DEFAULT false,
  display_name         text        NOT NULL,
  friend_code          text        NOT NULL UNIQUE,  -- e.g. K7Q2-M9XD: shareable, not guessable from the id
  password_hash        text,                         -- Argon2id (password4j PHC string); null: social only
  residence_country    char(2)     NOT NULL,
  residence_changed_at timestamptz,
  lang                 text        NOT NULL,
  birth_date           date,
  roles                text[]      NOT NULL DEFAULT '{player}',
  status               text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  token_epoch          int         NOT NULL DEFAULT 0, -- bumped by "sign out everywhere": older access tokens die
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (email) WHERE email IS NOT NULL;
CREATE INDEX users_display_name ON users (lower(display_name) text_pattern_ops);

-- Social sign-in methods: one account may hold several providers.
CREATE TABLE identities (
  provider   text        NOT NULL,
  subject    text        NOT NULL,
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email      text,
  linked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, subject)
);
CREATE INDEX identities_user ON identities (user_id);

-- Mobile refresh tokens, stored as SHA-256 only. A family is one sign-in; each refresh rotates within it.
CREATE TABLE refresh_tokens (
  id          uuid        PRIMARY KEY,
  family      uuid        NOT NULL,
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  bytea       NOT NULL UNIQUE,
  client      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,                          -- set when rotated; a second use is reuse
  revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

-- One-time mail tokens (verify email, reset password), stored as SHA-256 only.
CREATE TABLE email_tokens (
  token_hash  bytea       PRIMARY KEY,
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     text        NOT NULL CHECK (purpose IN ('verify', 'reset')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- Residence changes, limited and audited so that region rules cannot be dodged by toggling.
CREATE TABLE residence_changes (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  from_country char(2)    NOT NULL,
  to_country  char(2)     NOT NULL,
  ip          text,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX residence_changes_user ON residence_changes (user_id, changed_at DESC);

-- Sign-ins, failures, lockouts, token reuse, role and residence changes.
CREATE TABLE audit (
  id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  user_id   uuid,
  kind      text        NOT NULL,
  ip        text,
  detail    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_user ON audit (user_id, at DESC);
CREATE INDEX audit_kind ON audit (kind, at DESC);

-- Events written in the same transaction as the change (kstore.platform.OutboxRelay).
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

-- Generated service secrets (e.g. the access-token signing key when none is configured).
CREATE TABLE settings (
  name        text        PRIMARY KEY,
  value       text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Mails already sent, one row per checkout event (the envelope id). Kafka delivers at least once; a consumer
-- that finds the event here skips it, so each event causes one mail (kstore.notifications.SentMails).

CREATE TABLE sent (
  event_id  uuid        PRIMARY KEY,
  kind      text        NOT NULL,
  user_id   text        NOT NULL,
  sent_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sent_by_user ON sent (user_id, sent_at DESC);

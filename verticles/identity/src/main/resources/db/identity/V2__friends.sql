-- Friends (S2.4–S2.6): requests the other side approves, friendships, blocks, and in-app notifications.
-- Every write to one pair of users runs under that pair's advisory lock (kstore.identity.friends.FriendsRepository);
-- the unique indexes below are the backstop that makes duplicates impossible even without it.

CREATE TABLE friend_requests (
  id          uuid        PRIMARY KEY,
  from_user   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  to_user     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status      text        NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  decided_at  timestamptz,
  CHECK (from_user <> to_user),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- At most one pending request per unordered pair: A->B and B->A cannot both wait.
CREATE UNIQUE INDEX friend_requests_one_pending
  ON friend_requests (least(from_user, to_user), greatest(from_user, to_user)) WHERE status = 'pending';
CREATE INDEX friend_requests_incoming ON friend_requests (to_user, created_at DESC) WHERE status = 'pending';
CREATE INDEX friend_requests_outgoing ON friend_requests (from_user, created_at DESC) WHERE status = 'pending';

-- One row per pair, the smaller id (PostgreSQL uuid order) first.
CREATE TABLE friendships (
  user_a  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_b  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  since   timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (user_a, user_b),
  CHECK (user_a < user_b)
);
CREATE INDEX friendships_user_b ON friendships (user_b);

CREATE TABLE blocks (
  blocker  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (blocker, blocked),
  CHECK (blocker <> blocked)
);
CREATE INDEX blocks_blocked ON blocks (blocked);

-- In-app notifications (friend requests now; gifts later). clock_timestamp(): rows of one transaction still order.
CREATE TABLE notifications (
  id          uuid        PRIMARY KEY,
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind        text        NOT NULL,
  data        jsonb       NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  read_at     timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Friend-code search accepts any case, with or without the dash.
CREATE INDEX users_friend_code_plain ON users (replace(upper(friend_code), '-', ''));

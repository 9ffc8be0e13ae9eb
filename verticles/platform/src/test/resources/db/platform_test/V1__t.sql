-- A table only the platform's migration test creates.
CREATE TABLE t (
  id   bigint PRIMARY KEY,
  name text NOT NULL
);

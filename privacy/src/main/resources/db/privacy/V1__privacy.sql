-- FaceFare privacy schema: consent and face-pay state, sealed templates (never a key, never a
-- photo), the transparency log (leaves, complete-subtree hashes, signed tree heads), the openings
-- of its records kept for the retention period, and the anonymous hourly aggregates left after.

CREATE TABLE consent (
  pseudonym     text        NOT NULL,
  version       integer     NOT NULL CHECK (version >= 1),
  text_sha256   text        NOT NULL CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
  given_at      timestamptz NOT NULL,
  withdrawn_at  timestamptz,
  PRIMARY KEY (pseudonym, given_at),
  CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at)
);

CREATE TABLE face_pay (
  pseudonym  text        PRIMARY KEY,
  state      text        NOT NULL CHECK (state IN ('ACTIVE', 'PAUSED')),
  since      timestamptz NOT NULL
);

-- AES-256-GCM ciphertext (nonce || ciphertext || tag) under the rider's data key, which lives in
-- the key store outside this database and its backups.
CREATE TABLE sealed_template (
  pseudonym  text  NOT NULL,
  model_id   text  NOT NULL,
  sealed     bytea NOT NULL,
  PRIMARY KEY (pseudonym, model_id)
);

CREATE TABLE log_leaf (
  leaf_index  bigint PRIMARY KEY CHECK (leaf_index >= 0),
  leaf_data   bytea  NOT NULL,
  leaf_hash   bytea  NOT NULL CHECK (length(leaf_hash) = 32),
  pseudonym   text   NOT NULL
);
CREATE INDEX log_leaf_by_rider ON log_leaf (pseudonym, leaf_index);

CREATE TABLE log_node (
  level       integer NOT NULL CHECK (level >= 1),
  node_index  bigint  NOT NULL CHECK (node_index >= 0),
  hash        bytea   NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, node_index)
);

CREATE TABLE tree_head (
  tree_size  bigint      NOT NULL CHECK (tree_size >= 0),
  root_hash  bytea       NOT NULL CHECK (length(root_hash) = 32),
  signed_at  timestamptz NOT NULL,
  signature  bytea       NOT NULL,
  PRIMARY KEY (signed_at, tree_size)
);

-- The log is append-only: rows are never updated or deleted by FaceFare. Someone who disables
-- these triggers to rewrite history is caught by the audit and by every saved tree head.
CREATE FUNCTION refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transparency log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER log_leaf_append_only BEFORE UPDATE OR DELETE ON log_leaf
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER log_node_append_only BEFORE UPDATE OR DELETE ON log_node
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER tree_head_append_only BEFORE UPDATE OR DELETE ON tree_head
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();

-- The record behind a leaf's commitment and its salt, kept for the retention period.
CREATE TABLE log_opening (
  leaf_index   bigint      PRIMARY KEY REFERENCES log_leaf (leaf_index),
  kind         text        NOT NULL CHECK (kind IN ('IDENTIFICATION', 'STAFF_ACCESS')),
  station      text,
  decision     text,
  request_id   text,
  occurred_at  timestamptz NOT NULL,
  salt         bytea       NOT NULL CHECK (length(salt) = 32),
  record       bytea       NOT NULL,
  CHECK ((kind = 'IDENTIFICATION')
         = (station IS NOT NULL AND decision IS NOT NULL AND request_id IS NOT NULL))
);
CREATE INDEX log_opening_expiry ON log_opening (kind, occurred_at);
-- A gate request is logged once: appending it again finds the first entry (while retained).
CREATE UNIQUE INDEX log_opening_request ON log_opening (request_id);

-- What retention leaves of identifications: counts per station and hour, no rider ids.
CREATE TABLE match_hourly (
  station   text        NOT NULL,
  hour      timestamptz NOT NULL,
  decision  text        NOT NULL,
  matches   bigint      NOT NULL CHECK (matches > 0),
  PRIMARY KEY (station, hour, decision)
);

-- The operator's register of gate public keys (Ed25519, X.509 SubjectPublicKeyInfo encoding).
-- Public keys only: nothing here is about a face or a rider.
CREATE TABLE gate_key (
  gate_id        text PRIMARY KEY,
  current_key    bytea NOT NULL,
  previous_key   bytea,
  previous_until timestamptz,
  revoked        boolean NOT NULL,
  changed_at     timestamptz NOT NULL,
  changed_by     text NOT NULL,
  version        bigint NOT NULL CHECK (version > 0),
  CHECK ((previous_key IS NULL) = (previous_until IS NULL))
);

-- Every change, append-only: who did what to which gate's keys, and when.
CREATE TABLE gate_key_change (
  id              bigserial PRIMARY KEY,
  gate_id         text NOT NULL REFERENCES gate_key (gate_id),
  action          text NOT NULL CHECK (action IN ('REGISTER', 'ROTATE', 'REVOKE')),
  key_fingerprint text NOT NULL,
  overlap_until   timestamptz,
  at              timestamptz NOT NULL,
  by_whom         text NOT NULL
);

CREATE INDEX gate_key_change_by_gate ON gate_key_change (gate_id, id);

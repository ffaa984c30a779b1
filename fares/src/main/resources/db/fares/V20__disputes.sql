-- Riders' disputes of charged trips and the operator's decisions (see docs/fares.md, "Disputes").
-- Version 20 leaves room for other fares migrations written in parallel. A dispute is opened by the
-- rider of the charge, decided once by a member of staff (approved with a refund through the
-- ledger, or rejected with a reason) and never deleted; a trip has at most one open dispute at a time and at most one
-- approved one.

CREATE TABLE dispute (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id      text   NOT NULL REFERENCES charge,
  wallet_id       bigint NOT NULL REFERENCES wallet,
  reason          text   NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  state           text   NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'approved', 'rejected')),
  opened_at       timestamptz NOT NULL,
  decided_at      timestamptz,
  decided_by      text   CHECK (length(decided_by) BETWEEN 1 AND 128),
  decision_reason text   CHECK (length(decision_reason) BETWEEN 1 AND 500),
  refund_key      text   UNIQUE REFERENCES adjustment,
  CHECK ((state = 'open') = (decided_at IS NULL)),
  CHECK ((state = 'open') = (decided_by IS NULL)),
  CHECK ((state = 'rejected') = (decision_reason IS NOT NULL)),
  CHECK ((state = 'approved') = (refund_key IS NOT NULL))
);
CREATE UNIQUE INDEX dispute_one_open ON dispute (request_id) WHERE state = 'open';
CREATE UNIQUE INDEX dispute_one_approved ON dispute (request_id) WHERE state = 'approved';
CREATE INDEX dispute_of_wallet ON dispute (wallet_id, opened_at);
CREATE INDEX dispute_queue ON dispute (opened_at) WHERE state = 'open';

-- A dispute changes once, from open to decided, and only in its decision's columns; none is deleted.
CREATE FUNCTION dispute_decided_once() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR OLD.state <> 'open' OR NEW.state = 'open'
     OR NEW.id <> OLD.id OR NEW.request_id <> OLD.request_id OR NEW.wallet_id <> OLD.wallet_id
     OR NEW.reason <> OLD.reason OR NEW.opened_at <> OLD.opened_at THEN
    RAISE EXCEPTION 'a dispute is decided once and never deleted: % of dispute % refused', TG_OP, OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER dispute_decided_once BEFORE UPDATE OR DELETE ON dispute
  FOR EACH ROW EXECUTE FUNCTION dispute_decided_once();
CREATE TRIGGER dispute_no_truncate BEFORE TRUNCATE ON dispute
  FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();

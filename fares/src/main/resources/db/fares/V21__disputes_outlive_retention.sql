-- Disputes outlive the charge rows that retention (V2) forgets: a dispute keeps its trip's gate,
-- entry time and fare, and no longer references the charge row (a reference would stop retention
-- from deleting a disputed charge and TRUNCATE from reaching the charges' own refusal). Retention
-- keeps the charge of an open dispute until it is decided (TripRetention), so an approval can
-- always refund it.

ALTER TABLE dispute DROP CONSTRAINT dispute_request_id_fkey;
ALTER TABLE dispute ADD COLUMN gate_id text, ADD COLUMN trip_at timestamptz, ADD COLUMN fare bigint;
ALTER TABLE dispute DISABLE TRIGGER dispute_decided_once;
UPDATE dispute d SET gate_id = c.gate_id, trip_at = c.at, fare = c.amount
  FROM charge c WHERE c.request_id = d.request_id;
ALTER TABLE dispute ENABLE TRIGGER dispute_decided_once;
ALTER TABLE dispute
  ALTER COLUMN gate_id SET NOT NULL,
  ALTER COLUMN trip_at SET NOT NULL,
  ALTER COLUMN fare SET NOT NULL,
  ADD CHECK (fare > 0);

-- The trip's columns are as immutable as the rest of what the rider wrote.
CREATE OR REPLACE FUNCTION dispute_decided_once() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR OLD.state <> 'open' OR NEW.state = 'open'
     OR NEW.id <> OLD.id OR NEW.request_id <> OLD.request_id OR NEW.wallet_id <> OLD.wallet_id
     OR NEW.reason <> OLD.reason OR NEW.opened_at <> OLD.opened_at
     OR NEW.gate_id <> OLD.gate_id OR NEW.trip_at <> OLD.trip_at OR NEW.fare <> OLD.fare THEN
    RAISE EXCEPTION 'a dispute is decided once and never deleted: % of dispute % refused', TG_OP, OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

-- A decided dispute is kept for the retention period after its decision, then deleted, as trip
-- records are (V2): it names the gate and the entry time of the trip it disputes and the rider's
-- own words, which must not outlive the period the privacy notice promises. The money it moved
-- stays in the journal (the refund's adjustment). Retention names its cutoff in the
-- transaction-local setting fares.forget_before, as it does for charges; an open dispute is never
-- deleted, nor a decided one outside retention or decided on or after the cutoff.
CREATE OR REPLACE FUNCTION dispute_decided_once() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  cutoff text := current_setting('fares.forget_before', true);
BEGIN
  IF TG_OP = 'DELETE' AND OLD.state <> 'open' AND cutoff IS NOT NULL AND cutoff <> ''
     AND OLD.decided_at < cutoff::timestamptz THEN
    RETURN OLD;
  END IF;
  IF TG_OP <> 'UPDATE' OR OLD.state <> 'open' OR NEW.state = 'open'
     OR NEW.id <> OLD.id OR NEW.request_id <> OLD.request_id OR NEW.wallet_id <> OLD.wallet_id
     OR NEW.reason <> OLD.reason OR NEW.opened_at <> OLD.opened_at
     OR NEW.gate_id <> OLD.gate_id OR NEW.trip_at <> OLD.trip_at OR NEW.fare <> OLD.fare THEN
    RAISE EXCEPTION 'a dispute is decided once and deleted only by retention: % of dispute % refused', TG_OP, OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

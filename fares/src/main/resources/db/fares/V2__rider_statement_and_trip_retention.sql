-- A rider's statement and the retention of trips (see docs/fares.md, "Statement and retention").
--
-- The money journal stays append-only forever. What retention removes is the per-trip detail that
-- says where and when a rider entered: a charge row (gate, entry time, request id) older than the
-- retention period is folded into trip_hourly (per station and hour, no rider) and deleted, while
-- its journal entry and lines (the amount that moved, between which accounts) stay.

-- Each adjustment names its wallet directly, so that a rider's statement finds their refunds and
-- reversals without the charge rows retention deletes, and without an index on the hot journal.
ALTER TABLE adjustment ADD COLUMN wallet_id bigint REFERENCES wallet;
ALTER TABLE adjustment DISABLE TRIGGER adjustment_append_only;
UPDATE adjustment a SET wallet_id = coalesce(
  (SELECT c.wallet_id FROM charge c WHERE c.entry_id = a.original),
  (SELECT t.wallet_id FROM top_up t WHERE t.entry_id = a.original));
ALTER TABLE adjustment ENABLE TRIGGER adjustment_append_only;
ALTER TABLE adjustment ALTER COLUMN wallet_id SET NOT NULL;
CREATE INDEX adjustment_statement ON adjustment (wallet_id, recorded_at);

-- A rider's statement reads their charged trips through charge_trips (V1) and these: the denied
-- entries (few, so the index costs the charge path nothing in the common case) and top-ups.
CREATE INDEX charge_denied ON charge (wallet_id, at) WHERE NOT charged;
CREATE INDEX top_up_statement ON top_up (wallet_id, recorded_at);
-- Retention finds old charges by time: charges arrive in time order, so a block-range index serves
-- it at almost no cost to inserts.
CREATE INDEX charge_at ON charge USING brin (at);

-- Anonymous trip counts: per station and hour (UTC), how many entries were charged and denied and
-- the fares charged; never a rider, a wallet or a request id.
CREATE TABLE trip_hourly (
  station  text        NOT NULL CHECK (length(station) BETWEEN 1 AND 128),
  hour     timestamptz NOT NULL CHECK (hour = date_trunc('hour', hour, 'UTC')),
  currency char(3)     NOT NULL,
  charged  bigint      NOT NULL CHECK (charged >= 0),
  denied   bigint      NOT NULL CHECK (denied >= 0),
  fares    bigint      NOT NULL CHECK (fares >= 0),
  PRIMARY KEY (station, hour, currency)
);

-- Charges stay immutable; a DELETE is allowed only to retention, which names its cutoff in the
-- transaction-local setting fares.forget_before, and only of charges entered before it.
CREATE OR REPLACE FUNCTION charge_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  cutoff text := current_setting('fares.forget_before', true);
BEGIN
  IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> '' AND OLD.at < cutoff::timestamptz THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'charges are append-only: % of charge % is refused (retention deletes only charges older than its cutoff)',
    TG_OP, OLD.request_id
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
DROP TRIGGER charge_append_only ON charge;
CREATE TRIGGER charge_append_only BEFORE UPDATE OR DELETE ON charge
  FOR EACH ROW EXECUTE FUNCTION charge_append_only();
CREATE TRIGGER charge_no_truncate BEFORE TRUNCATE ON charge
  FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();

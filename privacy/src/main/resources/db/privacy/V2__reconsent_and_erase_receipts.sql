-- Re-consent and erase receipts (see docs/privacy.md, "Consent").
--
-- A rider whose consent is to an older text than the current one waits, out of every gallery,
-- until they accept the new text (AWAITING_CONSENT) or decline it, which erases their face.
ALTER TABLE face_pay DROP CONSTRAINT face_pay_state_check;
ALTER TABLE face_pay ADD CONSTRAINT face_pay_state_check
  CHECK (state IN ('ACTIVE', 'PAUSED', 'AWAITING_CONSENT'));
CREATE INDEX consent_by_version ON consent (pseudonym, version);

-- Every signed erase receipt handed out, so that the rider's data export can hold it: the
-- pseudonym, never a template or a key.
CREATE TABLE erase_receipt (
  receipt_id  text        PRIMARY KEY CHECK (receipt_id ~ '^[0-9a-f]{32}$'),
  pseudonym   text        NOT NULL,
  erased_at   timestamptz NOT NULL,
  galleries   integer     NOT NULL CHECK (galleries >= 0),
  signature   bytea       NOT NULL
);
CREATE INDEX erase_receipt_by_rider ON erase_receipt (pseudonym, erased_at);
CREATE FUNCTION refuse_receipt_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'erase receipts are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER erase_receipt_append_only BEFORE UPDATE OR DELETE ON erase_receipt
  FOR EACH ROW EXECUTE FUNCTION refuse_receipt_change();

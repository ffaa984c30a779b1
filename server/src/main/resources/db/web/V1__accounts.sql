-- Web accounts: riders (each with the pseudonym that names their wallet in the ledger), operators
-- and auditors. An e-mail address and a password hash are the only personal data here; deleting an
-- account clears both and keeps the row (its rider pseudonym stays unique and is never reissued).
CREATE TABLE account (
  id             uuid        PRIMARY KEY,
  email          text        UNIQUE CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),
  password_hash  text        CHECK (password_hash IS NULL OR length(password_hash) <= 512),
  role           text        NOT NULL CHECK (role IN ('RIDER', 'OPERATOR', 'AUDITOR')),
  rider          text        UNIQUE CHECK (rider IS NULL OR length(rider) BETWEEN 1 AND 64),
  created_at     timestamptz NOT NULL,
  deleted_at     timestamptz,
  CHECK ((role = 'RIDER') = (rider IS NOT NULL)),
  CHECK ((deleted_at IS NULL) = (email IS NOT NULL AND password_hash IS NOT NULL))
);

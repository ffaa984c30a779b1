/**
 * FaceFare's privacy guarantees: consent and face-pay state, the encrypted template vault with
 * crypto-shredding and signed erase receipts, retention, the staff lookup that needs a logged
 * reason, and the RFC 6962-style transparency log with its offline auditor.
 */
module org.facefare.privacy {
  requires transitive org.facefare.face;
  requires transitive org.facefare.storage;
  requires com.fasterxml.jackson.databind;
  requires transitive org.jdbi.v3.core;

  exports org.facefare.privacy;
  exports org.facefare.privacy.consent;
  exports org.facefare.privacy.facepay;
  exports org.facefare.privacy.log;
  exports org.facefare.privacy.postgres;
  exports org.facefare.privacy.retention;
  exports org.facefare.privacy.signing;
  exports org.facefare.privacy.staff;
  exports org.facefare.privacy.vault;

  opens db.privacy;
}

/**
 * FaceFare's fares: the fare engine contract, riders' wallets and the double-entry ledger (kept in
 * PostgreSQL by {@code org.facefare.fares.ledger.postgres}).
 */
module org.facefare.fares {
  requires org.facefare.storage;
  requires org.jdbi.v3.core;

  exports org.facefare.fares;
  exports org.facefare.fares.wallet;
  exports org.facefare.fares.ledger;
  exports org.facefare.fares.ledger.postgres;
}

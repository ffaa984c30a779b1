/**
 * FaceFare's fares: the network model, the declarative fare policy and the fare engine that prices
 * an entry from a rider's history (the {@link org.facefare.fares.FarePricer} contract with the
 * ledger), riders' wallets and the double-entry ledger (kept in PostgreSQL by {@code
 * org.facefare.fares.ledger.postgres}), and riders' disputes of charged trips. Document parsing
 * internals stay inside the module.
 */
module org.facefare.fares {
  requires com.fasterxml.jackson.annotation;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.networknt.schema;
  requires transitive org.facefare.storage;
  requires transitive org.jdbi.v3.core;

  exports org.facefare.fares;
  exports org.facefare.fares.document;
  exports org.facefare.fares.engine;
  exports org.facefare.fares.network;
  exports org.facefare.fares.policy;
  exports org.facefare.fares.wallet;
  exports org.facefare.fares.ledger;
  exports org.facefare.fares.ledger.postgres;
  exports org.facefare.fares.dispute;
  exports org.facefare.fares.dispute.postgres;

  opens org.facefare.fares.network to
      com.fasterxml.jackson.databind;
  opens org.facefare.fares.policy to
      com.fasterxml.jackson.databind;
}

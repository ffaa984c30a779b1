/**
 * FaceFare's fares: the network model, the declarative fare policy and the fare engine that prices
 * an entry from a rider's history (the {@link org.facefare.fares.FarePricer} contract with the
 * ledger). Document parsing internals stay inside the module.
 */
module org.facefare.fares {
  requires com.fasterxml.jackson.annotation;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.networknt.schema;

  exports org.facefare.fares;
  exports org.facefare.fares.document;
  exports org.facefare.fares.engine;
  exports org.facefare.fares.network;
  exports org.facefare.fares.policy;

  opens org.facefare.fares.network to
      com.fasterxml.jackson.databind;
  opens org.facefare.fares.policy to
      com.fasterxml.jackson.databind;
}

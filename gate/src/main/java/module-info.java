/**
 * FaceFare's gate: the signed gate-request protocol, the fare authority's request verification and
 * the edge process's face track and turnstile.
 */
module org.facefare.gate {
  requires transitive org.facefare.face;
  requires com.fasterxml.jackson.databind;

  exports org.facefare.gate.protocol;
  exports org.facefare.gate.authority;
  exports org.facefare.gate.edge;
}

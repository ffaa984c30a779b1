/**
 * FaceFare's gate: the signed gate-request protocol, the fare authority's request verification and
 * the edge process's face track and turnstile, and the gate key register's PostgreSQL adapter.
 */
module org.facefare.gate {
  requires transitive org.facefare.face;
  requires transitive org.facefare.storage;
  requires org.jdbi.v3.core;
  requires org.eclipse.jetty.util;
  requires com.fasterxml.jackson.databind;
  requires io.github.resilience4j.circuitbreaker;
  requires java.net.http;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.bouncycastle.provider;

  exports org.facefare.gate.protocol;
  exports org.facefare.gate.authority;
  exports org.facefare.gate.authority.postgres;
  exports org.facefare.gate.edge;
  exports org.facefare.gate.transport;

  opens db.gate;
}

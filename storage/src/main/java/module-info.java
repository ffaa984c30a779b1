/**
 * FaceFare's PostgreSQL access: the embedded or external server, the pool and per-module
 * migrations.
 */
module org.facefare.storage {
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires embedded.postgres;
  requires flyway.core;
  requires org.slf4j;

  exports org.facefare.storage;
}

package org.facefare.gate.authority.postgres;

import java.util.Objects;
import org.facefare.gate.authority.GateKeyStore;
import org.facefare.storage.Database;
import org.jdbi.v3.core.Jdbi;

/**
 * The gate module's PostgreSQL adapter over the {@code gate} schema, migrated by Flyway from {@code
 * db/gate}: the only place the module speaks SQL.
 */
public final class GateDatabase {

  /** The schema the gate tables live in. */
  public static final String SCHEMA = "gate";

  private final Jdbi jdbi;

  private GateDatabase(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Migrates the gate schema and returns its adapters.
   *
   * @throws org.facefare.storage.StorageException if the migration fails
   */
  public static GateDatabase open(Database database) {
    Objects.requireNonNull(database, "database");
    database.migrate(SCHEMA, "classpath:db/gate");
    return new GateDatabase(Jdbi.create(database.dataSource()));
  }

  /** The gate key register's storage. */
  public GateKeyStore keys() {
    return new PgGateKeyStore(jdbi);
  }
}

package org.facefare.privacy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.facefare.privacy.postgres.PrivacyDatabase;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;

/** A real embedded PostgreSQL with the production privacy migrations, for integration tests. */
public final class Postgres implements AutoCloseable {

  /** The privacy tables, children first. */
  public static final String TABLES =
      "privacy.log_opening, privacy.log_node, privacy.log_leaf, privacy.tree_head,"
          + " privacy.match_hourly, privacy.sealed_template, privacy.face_pay, privacy.consent,"
          + " privacy.erase_receipt";

  public final Database database;
  public final PrivacyDatabase privacy;

  private Postgres(Database database) {
    this.database = database;
    this.privacy = PrivacyDatabase.open(database);
  }

  /** Starts a server over {@code dir} and migrates. */
  public static Postgres start(Path dir) {
    return new Postgres(Database.open(DatabaseSettings.Embedded.at(dir)));
  }

  /** Empties every privacy table. */
  public void truncate() {
    sql("TRUNCATE " + TABLES);
  }

  /** Runs SQL statements as the database owner. */
  public void sql(String... statements) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    database.close();
  }
}

package org.facefare.fares.ledger.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;

/** Test helpers over a real embedded PostgreSQL migrated with the production migrations. */
final class LedgerDb {

  private LedgerDb() {}

  static Database open(Path dir) {
    return Database.open(new DatabaseSettings.Embedded(dir, 0, 24));
  }

  static long count(Database db, String sql) {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static void execute(Database db, String... sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        for (String q : sql) {
          s.execute(q);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }
}

package org.facefare.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/** A process that opens the embedded database, commits one row and waits to be killed. */
public final class KilledOwner {

  private KilledOwner() {}

  /** Runs with the data directory as the only argument. */
  public static void main(String[] args) throws Exception {
    Database db = Database.open(DatabaseSettings.Embedded.at(Path.of(args[0])));
    db.migrate("storagetest", "classpath:db/storagetest");
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO storagetest.note VALUES (2, 'before the kill')");
    }
    System.out.println("committed");
    System.out.flush();
    Thread.sleep(600_000);
  }
}

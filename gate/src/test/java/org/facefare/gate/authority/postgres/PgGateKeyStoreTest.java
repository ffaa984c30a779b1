package org.facefare.gate.authority.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.facefare.gate.TestClock;
import org.facefare.gate.authority.ConcurrentGateKeyChangeException;
import org.facefare.gate.authority.GateKeyChange;
import org.facefare.gate.authority.GateKeyListing;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate key register on the real embedded PostgreSQL with the production migration. */
class PgGateKeyStoreTest {

  @TempDir Path dir;
  TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00.123456Z"));
  PublicKey k1 = GateSigner.newKeyPair().getPublic();
  PublicKey k2 = GateSigner.newKeyPair().getPublic();
  PublicKey k3 = GateSigner.newKeyPair().getPublic();

  @Test
  void theRegisterSurvivesARestartWithItsRecordOfChanges() throws Exception {
    List<GateKeyListing> before;
    List<GateKeyChange> history;
    try (Database db = Database.open(DatabaseSettings.Embedded.at(dir))) {
      GateKeyRegistry registry = new GateKeyRegistry(clock, GateDatabase.open(db).keys());
      registry.register("L1-S01-E1-1", k1, "alice");
      registry.register("L1-S01-E1-2", k2, "alice");
      clock.advance(Duration.ofSeconds(5));
      registry.rotate("L1-S01-E1-1", k3, Duration.ofHours(1), "bob");
      registry.revoke("L1-S01-E1-2", "carol");
      before = registry.gates();
      history = registry.history("L1-S01-E1-1");
      assertThat(GateDatabase.open(db).keys().history("nobody")).isEmpty();
    }
    try (Database db = Database.open(DatabaseSettings.Embedded.at(dir))) {
      GateKeyRegistry reloaded = new GateKeyRegistry(clock, GateDatabase.open(db).keys());
      assertThat(reloaded.gates()).isEqualTo(before);
      assertThat(reloaded.keysOf("L1-S01-E1-1")).containsExactly(k3, k1);
      assertThat(reloaded.keysOf("L1-S01-E1-2")).isEmpty();
      assertThat(reloaded.history("L1-S01-E1-1")).isEqualTo(history);
      assertThat(reloaded.history("L1-S01-E1-1"))
          .extracting(GateKeyChange::action)
          .containsExactly(GateKeyChange.Action.REGISTER, GateKeyChange.Action.ROTATE);
      reloaded.register("L1-S01-E1-2", k2, "dave");
      assertThat(reloaded.keysOf("L1-S01-E1-2")).containsExactly(k2);
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), count(DISTINCT by_whom) FROM gate.gate_key_change")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(5);
        assertThat(rs.getInt(2)).isEqualTo(4);
      }
    }
  }

  @Test
  void twoRegistersOnOneDatabaseCannotOverwriteEachOther() {
    try (Database db = Database.open(DatabaseSettings.Embedded.at(dir))) {
      GateKeyRegistry a = new GateKeyRegistry(clock, GateDatabase.open(db).keys());
      GateKeyRegistry b = new GateKeyRegistry(clock, GateDatabase.open(db).keys());
      a.register("G1", k1, "alice");
      assertThatThrownBy(() -> b.register("G1", k2, "bob"))
          .isInstanceOf(ConcurrentGateKeyChangeException.class);
      GateKeyRegistry c = new GateKeyRegistry(clock, GateDatabase.open(db).keys());
      c.rotate("G1", k2, Duration.ZERO, "carol");
      assertThatThrownBy(() -> a.revoke("G1", "alice"))
          .isInstanceOf(ConcurrentGateKeyChangeException.class);
      GateKeyRegistry fresh = new GateKeyRegistry(clock, GateDatabase.open(db).keys());
      assertThat(fresh.keysOf("G1")).containsExactly(k2);
      assertThat(fresh.history("G1")).hasSize(2);
    }
  }
}

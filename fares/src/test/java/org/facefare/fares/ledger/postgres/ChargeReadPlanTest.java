package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charge batch's read keeps to index look-ups under the generic plan it runs with, whatever the
 * wallet table's size (real PostgreSQL, the production migrations).
 */
class ChargeReadPlanTest {

  private static final int WALLETS = 20_000;
  private static final int TRIPS = 5;

  @TempDir static Path dir;
  static Database db;

  @BeforeAll
  static void start() throws SQLException {
    db = LedgerDb.open(dir);
    PostgresLedger.open(
            db,
            DailyCapPricer.rub(6_200, 23_000),
            new SandboxPaymentProvider(),
            LedgerSettings.defaults())
        .close();
    LedgerDb.execute(
        db,
        "CREATE TEMPORARY TABLE made AS SELECT g FROM generate_series(1, " + WALLETS + ") AS g",
        "INSERT INTO fares.account (kind, currency) SELECT 'rider_wallet', 'RUB' FROM made",
        "INSERT INTO fares.balance (account_id, slot, amount) SELECT id, 0, 1000 FROM"
            + " fares.account WHERE kind = 'rider_wallet'",
        "INSERT INTO fares.wallet (rider, account_id, currency, concession_profile, opened_at)"
            + " SELECT 'rider-' || id, id, 'RUB', 'adult', now() FROM fares.account"
            + " WHERE kind = 'rider_wallet'",
        "INSERT INTO fares.charge (request_id, wallet_id, gate_id, at, charged, amount,"
            + " balance_after, policy_version, explanation, recorded_at) SELECT 'q-' || w.id || '-'"
            + " || t, w.id, 'G1', now() - t * interval '1 hour', true, 0, 1000, 'v1', '{free}',"
            + " now() FROM fares.wallet w, generate_series(1, "
            + TRIPS
            + ") AS t",
        "ANALYZE fares.account",
        "ANALYZE fares.balance",
        "ANALYZE fares.wallet",
        "ANALYZE fares.charge");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void theGenericPlanIsIndexLookUps() throws SQLException {
    String sql = ChargeBatch.RECORDS.replace(":ids", "$1").replace(":rr", "$2").replace(":f", "$3");
    StringBuilder plan = new StringBuilder();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("PREPARE records (text[], text[], bigint[]) AS " + sql);
      s.execute("SET plan_cache_mode = force_generic_plan");
      try (ResultSet rs =
          s.executeQuery("EXPLAIN EXECUTE records ('{r-1}', '{rider-1, rider-2}', '{0, 0}')")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      } finally {
        s.execute("DEALLOCATE records");
        s.execute("RESET plan_cache_mode");
      }
    }
    assertThat(plan.toString())
        .as("the read's generic plan:%n%s", plan)
        .doesNotContain("Seq Scan on wallet")
        .contains("Index Scan using wallet_rider_key on wallet")
        .contains("Index Scan on charge_pkey")
        .contains("using charge_trips on charge")
        .as("a rider's trips are read from its entries' history start, not all of them:%n%s", plan)
        .contains("Index Cond: ((wallet_id = w.id) AND (at >= ");
  }
}

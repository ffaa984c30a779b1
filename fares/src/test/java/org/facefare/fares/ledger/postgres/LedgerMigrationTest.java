package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The V2 migration over a ledger written under V1: the existing refunds and reversals learn their
 * wallet, so they show on the rider's statement, and the books still reconcile.
 */
class LedgerMigrationTest {

  @TempDir Path dir;

  @Test
  void v2GivesExistingAdjustmentsTheirWalletAndKeepsTheBooks() throws Exception {
    try (Database db = LedgerDb.open(dir)) {
      Flyway.configure(getClass().getClassLoader())
          .dataSource(db.dataSource())
          .schemas(PostgresLedger.SCHEMA)
          .createSchemas(true)
          .locations("classpath:db/fares")
          .target("1")
          .load()
          .migrate();
      String t = "'2026-01-05T08:00:00Z'";
      LedgerDb.execute(
          db,
          "SET search_path TO fares",
          "INSERT INTO account (id, kind, currency) OVERRIDING SYSTEM VALUE VALUES"
              + " (1, 'rider_wallet', 'RUB'), (2, 'fare_revenue', 'RUB'),"
              + " (3, 'payment_clearing', 'RUB'), (4, 'refunds', 'RUB')",
          "INSERT INTO balance (account_id, slot, amount) VALUES (1, 0, 0), (2, 0, 6000),"
              + " (3, 0, 0), (4, 0, -6000)",
          "INSERT INTO wallet (id, rider, account_id, currency, concession_profile, opened_at)"
              + " OVERRIDING SYSTEM VALUE VALUES (1, 'old-rider', 1, 'RUB', 'adult', "
              + t
              + ")",
          "INSERT INTO journal_entry (id, kind, currency, recorded_at, reverses) VALUES"
              + " (1, 'top_up', 'RUB', "
              + t
              + ", NULL), (2, 'fare', 'RUB', "
              + t
              + ", NULL),"
              + " (3, 'refund', 'RUB', "
              + t
              + ", 2), (4, 'top_up_reversal', 'RUB', "
              + t
              + ", 1)",
          "INSERT INTO journal_line (entry_id, line, account_id, amount) VALUES"
              + " (1, 0, 1, 10000), (1, 1, 3, -10000), (2, 0, 1, -6000), (2, 1, 2, 6000),"
              + " (3, 0, 4, -6000), (3, 1, 1, 6000), (4, 0, 3, 10000), (4, 1, 1, -10000)",
          "INSERT INTO top_up (key, wallet_id, amount, approved, provider_ref, balance_after,"
              + " entry_id, recorded_at) VALUES ('old-top-up', 1, 10000, true, 'ref-1', 10000, 1, "
              + t
              + ")",
          "INSERT INTO charge (request_id, wallet_id, gate_id, at, charged, amount, balance_after,"
              + " policy_version, explanation, entry_id, recorded_at) VALUES ('old-trip', 1, 'G1', "
              + t
              + ", true, 6000, 4000, 'test-1', '{\"flat fare\"}', 2, "
              + t
              + ")",
          "INSERT INTO adjustment (key, kind, original, entry_id, amount, balance_after, reason,"
              + " recorded_at) VALUES ('old-refund', 'refund', 2, 3, 6000, 10000, 'gate fault', "
              + t
              + "), ('old-reversal', 'top_up_reversal', 1, 4, 10000, 0, 'chargeback', "
              + t
              + ")",
          "SELECT setval('journal_entry_id_seq', 4)",
          "SELECT setval('account_id_seq', 4)",
          "SELECT setval('wallet_id_seq', 1)");

      try (PostgresLedger ledger =
          PostgresLedger.open(
              db,
              DailyCapPricer.rub(6_000, 100_000),
              new SandboxPaymentProvider(),
              LedgerSettings.defaults())) {
        assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.adjustment WHERE wallet_id = 1"))
            .isEqualTo(2);
        assertThat(
                ledger
                    .statement(
                        new RiderId("old-rider"),
                        Instant.EPOCH,
                        Instant.parse("2026-02-01T00:00:00Z"),
                        10)
                    .items())
            .filteredOn(StatementItem.Adjusted.class::isInstance)
            .extracting(i -> ((StatementItem.Adjusted) i).original().orElseThrow())
            .containsExactlyInAnyOrder("old-trip", "old-top-up");
        assertThat(ledger.reconcile().mismatches()).isEmpty();
      }
    }
  }
}

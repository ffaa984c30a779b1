package org.facefare.server.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts store on a real PostgreSQL with the production migration. */
class AccountsTest {

  @TempDir static Path dir;
  private static Database db;
  private static Accounts accounts;

  @BeforeAll
  static void open() {
    db = Database.open(DatabaseSettings.Embedded.at(dir));
    accounts = Accounts.open(db, new PasswordHashing(), Clock.systemUTC(), new SecureRandom());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void aFailedWalletLeavesNoAccount() {
    assertThatThrownBy(
            () ->
                accounts.signUpRider(
                    "nowallet@example.org",
                    "a long enough secret",
                    rider -> {
                      throw new IllegalStateException("the ledger is down");
                    }))
        .hasMessageContaining("ledger is down");
    assertThat(accounts.authenticate("nowallet@example.org", "a long enough secret")).isEmpty();
    // The address is still free.
    assertThat(accounts.signUpRider("nowallet@example.org", "a long enough secret", r -> {}))
        .extracting(Account::email)
        .isEqualTo("nowallet@example.org");
  }

  @Test
  void riderPseudonymsAreFreshAndFitEveryPseudonymForm() {
    List<String> riders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      riders.add(
          accounts
              .signUpRider("fresh" + i + "@example.org", "a long enough secret", r -> {})
              .rider()
              .orElseThrow());
    }
    assertThat(riders).doesNotHaveDuplicates();
    for (String r : riders) {
      new org.facefare.fares.wallet.RiderId(r);
      new org.facefare.privacy.Pseudonym(r);
    }
  }

  @Test
  void deletionClearsTheAddressAndEndsSignIn() {
    Account a = accounts.signUpRider("gone@example.org", "a long enough secret", r -> {});
    accounts.delete(a.id());
    assertThat(accounts.byId(a.id())).isEmpty();
    assertThat(accounts.authenticate("gone@example.org", "a long enough secret")).isEmpty();
    assertThatThrownBy(() -> accounts.delete(a.id()))
        .isInstanceOfSatisfying(
            AccountException.class,
            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.NO_SUCH_ACCOUNT));
    // The address may sign up again, under a new pseudonym.
    Account again = accounts.signUpRider("gone@example.org", "a long enough secret", r -> {});
    assertThat(again.rider()).isNotEqualTo(a.rider());
  }

  @Test
  void staffAccountsAreEnsuredAndNeverRiders() {
    Account op = accounts.ensureStaff("ops@example.org", "first staff password", Role.OPERATOR);
    Account same = accounts.ensureStaff("ops@example.org", "second staff password", Role.AUDITOR);
    assertThat(same.id()).isEqualTo(op.id());
    assertThat(accounts.authenticate("ops@example.org", "first staff password")).isEmpty();
    assertThat(accounts.authenticate("ops@example.org", "second staff password"))
        .get()
        .extracting(Account::role)
        .isEqualTo(Role.AUDITOR);
    accounts.signUpRider("rider@example.org", "a long enough secret", r -> {});
    assertThatThrownBy(
            () -> accounts.ensureStaff("rider@example.org", "a staff password", Role.OPERATOR))
        .isInstanceOf(AccountException.class);
    assertThatThrownBy(() -> accounts.ensureStaff("x@example.org", "a staff password", Role.RIDER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passwordsAreStoredAsArgon2idHashes() {
    accounts.signUpRider("hash@example.org", "a long enough secret", r -> {});
    String stored =
        org.jdbi.v3.core.Jdbi.create(db.dataSource())
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT password_hash FROM web.account WHERE email = 'hash@example.org'")
                        .mapTo(String.class)
                        .one());
    assertThat(stored).startsWith("$argon2id$").doesNotContain("a long enough secret");
  }
}

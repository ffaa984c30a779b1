package org.facefare.privacy.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.facefare.privacy.Postgres;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.TestClock;
import org.facefare.privacy.TestRandom;
import org.facefare.privacy.log.Auditor;
import org.facefare.privacy.log.HistoryEntry;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TransparencyLog;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.signing.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staff lookup needs a reason, is logged first, and shows in the rider's own history. */
class StaffLookupTest {

  @TempDir static Path dir;
  static Postgres pg;

  @BeforeAll
  static void start() {
    pg = Postgres.start(dir.resolve("pg"));
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  @Test
  void aLookupIsLoggedBeforeTheReadAndTheRiderSeesWhoWhyAndWhen() {
    TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));
    TransparencyLog log =
        new TransparencyLog(
            pg.privacy.log(),
            SigningKey.generate(TestRandom.seeded(41)),
            clock,
            TestRandom.seeded(42));
    StaffLookup staff = new StaffLookup(log, clock);
    Pseudonym anna = new Pseudonym("anna");
    AtomicInteger reads = new AtomicInteger();

    assertThatThrownBy(() -> staff.lookUp("agent-3", anna, "  ", r -> reads.incrementAndGet()))
        .hasMessageContaining("stated reason");
    assertThatThrownBy(
            () -> staff.lookUp("agent-3", anna, "just checking", r -> reads.incrementAndGet()))
        .hasMessageContaining("stated reason");
    assertThat(reads).hasValue(0);

    String account =
        staff.lookUp(
            "agent-3",
            anna,
            "dispute D-1182: double charge at Central",
            r -> {
              assertThat(log.leafData(0)).as("logged before the read").isPresent();
              reads.incrementAndGet();
              return "account of " + r;
            });
    assertThat(account).isEqualTo("account of anna");

    TreeHead head = log.signHead();
    HistoryEntry seen = log.historyOf(anna, head).getFirst();
    LogEntry.StaffAccess access = (LogEntry.StaffAccess) seen.opening().orElseThrow().entry();
    assertThat(access.staff()).isEqualTo("agent-3");
    assertThat(access.reason()).isEqualTo("dispute D-1182: double charge at Central");
    assertThat(access.time()).isEqualTo(clock.instant());
    assertThat(
            new Auditor(log.verifyingKey())
                .audit(
                    java.util.Optional.empty(),
                    head,
                    java.util.List.of(),
                    java.util.List.of(Auditor.Claim.of(seen)))
                .passed())
        .isTrue();
  }
}

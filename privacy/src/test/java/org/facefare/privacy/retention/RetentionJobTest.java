package org.facefare.privacy.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/** Retention on a fixed clock: old match records become hourly counts; the log stays verifiable. */
class RetentionJobTest {

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
  void recordsOlderThanTheRetentionPeriodBecomeCountsPerStationAndHourAndAreDeleted() {
    Instant day0 = Instant.parse("2026-01-10T08:00:00Z");
    TestClock clock = new TestClock(day0);
    TransparencyLog log =
        new TransparencyLog(
            pg.privacy.log(),
            SigningKey.generate(TestRandom.seeded(51)),
            clock,
            TestRandom.seeded(52));
    Pseudonym anna = new Pseudonym("anna");
    Pseudonym boris = new Pseudonym("boris");
    // Day 0: three at Central 08:xx (two OPEN, one REFUSED), one at Harbour 09:xx.
    log.append(id(anna, "central", day0.plusSeconds(60), "OPEN", "r1"));
    log.append(id(boris, "central", day0.plusSeconds(1_800), "OPEN", "r2"));
    log.append(id(boris, "central", day0.plusSeconds(3_000), "REFUSED", "r3"));
    log.append(id(anna, "harbour", day0.plusSeconds(3_700), "OPEN", "r4"));
    log.append(new LogEntry.StaffAccess("agent-1", anna, "refund request R-77 for a charge", day0));
    // Day 60: one more, still within the period when the job runs on day 95.
    log.append(id(anna, "central", day0.plus(Duration.ofDays(60)), "OPEN", "r5"));

    RetentionJob job =
        new RetentionJob(clock, RetentionJob.DEFAULT_PERIOD, List.of(pg.privacy.matchRetention()));
    assertThat(job.runOnce().expired()).isEqualTo(Map.of("match records", 0L));

    clock.advance(Duration.ofDays(95));
    RetentionRun run = job.runOnce();
    assertThat(run.cutoff()).isEqualTo(day0.plus(Duration.ofDays(5)));
    assertThat(run.expired()).isEqualTo(Map.of("match records", 4L));
    assertThat(job.runOnce().expired()).isEqualTo(Map.of("match records", 0L));

    Instant h8 = Instant.parse("2026-01-10T08:00:00Z");
    Instant h9 = Instant.parse("2026-01-10T09:00:00Z");
    assertThat(
            pg.privacy
                .matchStatistics()
                .hourly(day0.minusSeconds(3_600), day0.plus(Duration.ofDays(1))))
        .containsExactly(
            new HourlyCount("central", h8, "OPEN", 2),
            new HourlyCount("central", h8, "REFUSED", 1),
            new HourlyCount("harbour", h9, "OPEN", 1));

    // Anna's history: the expired identifications keep their leaf and proof, but no record; the
    // staff access and the recent identification keep theirs.
    TreeHead head = log.signHead();
    List<HistoryEntry> history = log.historyOf(anna, head);
    assertThat(history).hasSize(4);
    assertThat(history).filteredOn(e -> e.opening().isPresent()).hasSize(2);
    Auditor.Result r =
        new Auditor(log.verifyingKey())
            .audit(
                java.util.Optional.empty(),
                head,
                List.of(),
                history.stream().map(Auditor.Claim::of).toList());
    assertThat(r.failures()).isEmpty();
    assertThat(log.audit()).isEmpty();

    assertThatThrownBy(() -> new RetentionJob(clock, Duration.ZERO, List.of()))
        .hasMessageContaining("must be positive");
  }

  private static LogEntry.Identification id(
      Pseudonym rider, String station, Instant t, String decision, String request) {
    return new LogEntry.Identification(rider, station, station + "-g1", t, decision, request);
  }
}

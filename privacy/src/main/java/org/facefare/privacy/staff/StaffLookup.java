package org.facefare.privacy.staff;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TransparencyLog;

/**
 * The one way staff reach a single rider's personal data: a stated reason, logged to the
 * transparency log (and so shown in that rider's own history) before the data is read. Everything
 * else staff see is aggregates.
 */
public final class StaffLookup {

  private final TransparencyLog log;
  private final Clock clock;

  /** Makes the lookup over the log, stamping accesses with {@code clock}. */
  public StaffLookup(TransparencyLog log, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Logs the access, then reads the rider's data.
   *
   * @param staff the staff member's id
   * @param rider the rider
   * @param reason why, in words ({@value LogEntry.StaffAccess#MIN_REASON} to {@value
   *     LogEntry.StaffAccess#MAX_REASON} characters)
   * @param read what to read, given the rider
   * @throws IllegalArgumentException if the reason is missing or too short; nothing is read
   */
  public <T> T lookUp(
      String staff, Pseudonym rider, String reason, Function<Pseudonym, ? extends T> read) {
    Objects.requireNonNull(read, "read");
    log.append(new LogEntry.StaffAccess(staff, rider, reason, clock.instant()));
    return read.apply(rider);
  }
}

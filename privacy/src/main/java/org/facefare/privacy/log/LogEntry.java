package org.facefare.privacy.log;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.facefare.privacy.Canonical;
import org.facefare.privacy.Pseudonym;

/**
 * One event the transparency log records about a rider: an identification at a gate or a staff
 * member's access to the rider's personal data.
 *
 * <p>The log's leaf holds only the kind, the rider's pseudonym and a salted commitment to this
 * record ({@link Leaf}); the record itself is kept beside the log, for the retention period, so
 * that the rider can open the commitment and see what it says.
 */
public sealed interface LogEntry {

  /** The rider the event concerns. */
  Pseudonym rider();

  /** When the event happened. */
  Instant time();

  /** The kind recorded in the leaf. */
  Leaf.Kind kind();

  /** The canonical encoding of the record, the preimage of the leaf's commitment. */
  byte[] toBytes();

  /**
   * Decodes a record encoded by {@link #toBytes}.
   *
   * @throws IllegalArgumentException if the bytes are not a log record
   */
  static LogEntry fromBytes(byte[] bytes) {
    Canonical.Reader head = new Canonical.Reader(bytes, Identification.TAG, StaffAccess.TAG);
    return switch (head.tag()) {
      case Identification.TAG -> Identification.read(head);
      case StaffAccess.TAG -> StaffAccess.read(head);
      default -> throw new IllegalArgumentException("unknown log record " + head.tag());
    };
  }

  /**
   * A rider identified at a gate, as one fare transaction.
   *
   * @param rider the pseudonym the gallery matched
   * @param station the station the gate belongs to (aggregated by the retention job)
   * @param gate the gate's id
   * @param time when the gate asked
   * @param decision the fare decision, an upper-case code such as {@code OPEN} or {@code REFUSED}
   * @param requestId the gate's signed request id, so the rider can match it to a trip
   */
  record Identification(
      Pseudonym rider, String station, String gate, Instant time, String decision, String requestId)
      implements LogEntry {

    static final String TAG = "facefare-log-identification-v1";
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,31}");

    /** Checks the fields. */
    public Identification {
      Objects.requireNonNull(rider, "rider");
      Objects.requireNonNull(time, "time");
      station = LogFields.id("station", station);
      gate = LogFields.id("gate", gate);
      requestId = LogFields.id("request id", requestId);
      Objects.requireNonNull(decision, "decision");
      if (!CODE.matcher(decision).matches()) {
        throw new IllegalArgumentException(
            "a decision is an upper-case code such as OPEN, not '" + decision + "'");
      }
    }

    @Override
    public Leaf.Kind kind() {
      return Leaf.Kind.IDENTIFICATION;
    }

    @Override
    public byte[] toBytes() {
      return Canonical.tagged(TAG)
          .text(rider.value())
          .text(station)
          .text(gate)
          .instant(time)
          .text(decision)
          .text(requestId)
          .toBytes();
    }

    static Identification read(Canonical.Reader r) {
      Identification e =
          new Identification(
              new Pseudonym(r.text()), r.text(), r.text(), r.instant(), r.text(), r.text());
      r.end();
      return e;
    }
  }

  /**
   * A staff member looked at one rider's personal data, for a stated reason.
   *
   * @param staff the staff member's id
   * @param rider the rider looked up
   * @param reason why, as the staff member stated it
   * @param time when
   */
  record StaffAccess(String staff, Pseudonym rider, String reason, Instant time)
      implements LogEntry {

    static final String TAG = "facefare-log-staff-access-v1";

    /** The shortest reason accepted: a word or two is not a reason. */
    public static final int MIN_REASON = 15;

    /** The longest reason accepted. */
    public static final int MAX_REASON = 500;

    /** Checks the fields. */
    public StaffAccess {
      staff = LogFields.id("staff id", staff);
      Objects.requireNonNull(rider, "rider");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(reason, "reason");
      reason = reason.strip();
      if (reason.length() < MIN_REASON || reason.length() > MAX_REASON) {
        throw new IllegalArgumentException(
            "a staff lookup needs a stated reason of "
                + MIN_REASON
                + " to "
                + MAX_REASON
                + " characters, not "
                + reason.length());
      }
    }

    @Override
    public Leaf.Kind kind() {
      return Leaf.Kind.STAFF_ACCESS;
    }

    @Override
    public byte[] toBytes() {
      return Canonical.tagged(TAG)
          .text(staff)
          .text(rider.value())
          .text(reason)
          .instant(time)
          .toBytes();
    }

    static StaffAccess read(Canonical.Reader r) {
      StaffAccess e = new StaffAccess(r.text(), new Pseudonym(r.text()), r.text(), r.instant());
      r.end();
      return e;
    }
  }
}

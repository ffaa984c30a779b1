package org.facefare.server.staff;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementCursor;
import org.facefare.fares.wallet.RiderId;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentRecord;
import org.facefare.privacy.facepay.FacePayState;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * The one way a staff member sees one rider's data: with a stated reason, logged to the
 * transparency log (so it shows in the rider's own history and export) before anything is read.
 *
 * <p>A lookup is by the rider's pseudonym only — the rider or their dispute gives it — never by a
 * face, a photo, a place or a time: there is no "who was at this gate" form.
 */
public final class StaffRiderView {

  /** Statement items a lookup shows per page. */
  public static final int PAGE = 50;

  private final FaceFareSystem system;

  /** The view over the system. */
  public StaffRiderView(FaceFareSystem system) {
    this.system = Objects.requireNonNull(system, "system");
  }

  /**
   * What a staff lookup shows of one rider.
   *
   * @param rider the rider
   * @param facePay the face-pay state, empty if not enrolled
   * @param consents the consents given
   * @param statement a page of the statement (newest first), empty if the rider has no wallet
   */
  public record RiderFile(
      Pseudonym rider,
      Optional<FacePayState> facePay,
      List<ConsentRecord> consents,
      Optional<RiderStatement> statement) {

    /** Checks and copies the fields. */
    public RiderFile {
      Objects.requireNonNull(rider, "rider");
      Objects.requireNonNull(facePay, "facePay");
      consents = List.copyOf(consents);
      Objects.requireNonNull(statement, "statement");
    }
  }

  /**
   * Logs the staff member's access with its reason, then reads the rider's file.
   *
   * @param staff the signed-in staff member's id (e.g. their account id)
   * @param rider the rider's pseudonym
   * @param reason why, in words (15 to 500 characters), e.g. a dispute's reference
   * @param page the statement page to show: empty for the newest
   * @throws IllegalArgumentException if the reason is missing or too short; nothing is read or
   *     logged
   */
  public RiderFile lookUp(
      String staff, Pseudonym rider, String reason, Optional<StatementCursor> page) {
    Objects.requireNonNull(page, "page");
    return system
        .staffLookup()
        .lookUp(
            staff,
            rider,
            reason,
            r ->
                new RiderFile(
                    r,
                    system.facePay().state(r),
                    system.facePay().consents(r),
                    statement(new RiderId(r.value()), page)));
  }

  private Optional<RiderStatement> statement(RiderId rider, Optional<StatementCursor> page) {
    try {
      return Optional.of(
          system
              .ledger()
              .statement(
                  rider,
                  Instant.EPOCH,
                  page.orElse(StatementCursor.before(Instant.parse("9999-12-31T00:00:00Z"))),
                  PAGE));
    } catch (LedgerException e) {
      if (e.reason() == LedgerException.Reason.UNKNOWN_RIDER) {
        return Optional.empty();
      }
      throw e;
    }
  }
}

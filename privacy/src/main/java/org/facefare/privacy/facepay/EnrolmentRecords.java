package org.facefare.privacy.facepay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentRecord;

/**
 * Where consent records and face-pay states live; implemented over PostgreSQL by {@code
 * org.facefare.privacy.postgres}.
 */
public interface EnrolmentRecords {

  /**
   * Records a consent and makes the rider's face pay active, atomically.
   *
   * @throws IllegalStateException if the rider is enrolled already
   */
  void enrol(ConsentRecord consent);

  /** The rider's face-pay state, if enrolled. */
  Optional<FacePayState> state(Pseudonym rider);

  /**
   * Moves the rider from one state to another.
   *
   * @return false if the rider was not in state {@code from}
   */
  boolean move(Pseudonym rider, FacePayState from, FacePayState to, Instant when);

  /**
   * Withdraws the rider's consent and ends the enrolment, atomically; idempotent.
   *
   * @return whether there was an enrolment to end
   */
  boolean withdraw(Pseudonym rider, Instant when);

  /**
   * Records a further consent of an enrolled rider (to a newer text), keeping the earlier ones.
   *
   * @throws IllegalStateException if the rider is not enrolled
   */
  void addConsent(ConsentRecord consent);

  /**
   * Up to {@code limit} riders in {@code state} after {@code after} in pseudonym order whose newest
   * consent is to a text older than {@code version}.
   */
  List<Pseudonym> consentedBefore(
      int version, FacePayState state, Optional<Pseudonym> after, int limit);

  /** Keeps a signed erase receipt handed to the rider. */
  void saveReceipt(EraseReceipt receipt);

  /** Every erase receipt handed to the rider, oldest first. */
  List<EraseReceipt> receipts(Pseudonym rider);

  /** Every consent the rider gave, oldest first. */
  List<ConsentRecord> consents(Pseudonym rider);

  /**
   * Up to {@code limit} enrolled riders after {@code after} in pseudonym order.
   *
   * @param state only riders in this state, or any state if empty
   */
  List<Pseudonym> enrolled(Optional<FacePayState> state, Optional<Pseudonym> after, int limit);

  /** The number of enrolled riders in each state. */
  Map<FacePayState, Long> counts();
}

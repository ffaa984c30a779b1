package org.facefare.fares.dispute;

import java.util.List;
import java.util.Optional;
import org.facefare.fares.wallet.RiderId;

/**
 * Riders' disputes of charged trips: a rider opens one per trip with a reason, the operator
 * approves it (the fare is refunded through the ledger, once) or rejects it with a reason, and the
 * rider sees the outcome.
 *
 * <p>Every method either does all it says or writes nothing and throws {@link DisputeException} (or
 * {@link IllegalArgumentException} for a malformed argument, such as a blank or over-long reason).
 */
public interface Disputes {

  /**
   * Opens a dispute of one of the rider's charged trips.
   *
   * @param rider the rider disputing
   * @param requestId the request id of the trip's charge
   * @param reason why, 1–{@value Dispute#MAX_REASON} characters
   * @throws DisputeException {@code UNKNOWN_TRIP} if the rider has no charged trip with that id,
   *     {@code NOTHING_TO_REFUND} if it was free, {@code ALREADY_OPEN} or {@code ALREADY_REFUNDED}
   */
  Dispute open(RiderId rider, String requestId, String reason);

  /**
   * Approves a dispute and refunds the trip's fare to the rider's wallet; approving an approved
   * dispute again answers it as it stands (the fare is refunded once however often, or however
   * concurrently, this is called).
   *
   * @param id the dispute's number
   * @param staff the deciding member of staff's account id
   * @throws DisputeException {@code UNKNOWN_DISPUTE}, {@code ALREADY_DECIDED} if it was rejected,
   *     {@code ALREADY_REFUNDED} if the fare was refunded by other means, {@code UNKNOWN_TRIP} if
   *     the charge is no longer kept
   */
  Dispute approve(long id, String staff);

  /**
   * Rejects an open dispute; rejecting a rejected dispute again answers it as it stands.
   *
   * @param id the dispute's number
   * @param staff the deciding member of staff's account id
   * @param reason why, 1–{@value Dispute#MAX_REASON} characters, shown to the rider
   * @throws DisputeException {@code UNKNOWN_DISPUTE}, {@code ALREADY_DECIDED} if it was approved
   */
  Dispute reject(long id, String staff, String reason);

  /** The dispute with number {@code id}, if any. */
  Optional<Dispute> find(long id);

  /** The rider's own disputes, newest first. */
  List<Dispute> ofRider(RiderId rider);

  /** The open disputes, oldest first, at most {@code limit} of them. */
  List<Dispute> queue(int limit);
}

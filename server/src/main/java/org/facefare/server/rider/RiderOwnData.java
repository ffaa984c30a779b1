package org.facefare.server.rider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementCursor;
import org.facefare.fares.ledger.WalletView;
import org.facefare.fares.wallet.RiderId;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentRecord;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.privacy.facepay.FacePayState;
import org.facefare.privacy.log.HistoryEntry;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.signing.VerifyingKey;
import org.facefare.server.export.RiderDataExport;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * A signed-in rider's own data, scoped to that one rider for the length of their session: the only
 * way the rider pages read a wallet, statement, match history, consents, face-pay state or erase
 * receipts (staff go through {@code StaffRiderView}).
 *
 * <p>It is made from the session's authenticated pseudonym, never from a request parameter, so a
 * rider page cannot ask for somebody else's data: the architecture test holds web code to this
 * class and {@code StaffRiderView} for every per-rider read.
 */
public final class RiderOwnData {

  private final FaceFareSystem system;
  private final Pseudonym rider;

  /**
   * The data of the signed-in rider.
   *
   * @param system the system
   * @param signedIn the pseudonym of the session's authenticated rider
   */
  public RiderOwnData(FaceFareSystem system, Pseudonym signedIn) {
    this.system = Objects.requireNonNull(system, "system");
    this.rider = Objects.requireNonNull(signedIn, "signedIn");
  }

  /**
   * The rider's match and staff-access history with inclusion proofs against a signed tree head.
   *
   * @param head the signed tree head the proofs are against
   * @param logKey the log's public key, to check the head's signature
   * @param entries the rider's log entries, oldest first
   */
  public record History(TreeHead head, VerifyingKey logKey, List<HistoryEntry> entries) {

    /** Copies the entries. */
    public History {
      Objects.requireNonNull(head, "head");
      Objects.requireNonNull(logKey, "logKey");
      entries = List.copyOf(entries);
    }
  }

  /** The rider's pseudonym. */
  public Pseudonym rider() {
    return rider;
  }

  /** The rider's wallet and balance, if open. */
  public Optional<WalletView> wallet() {
    return system.ledger().wallet(riderId());
  }

  /** The first page of the rider's statement in {@code [from, to)}, newest first. */
  public RiderStatement statement(Instant from, Instant to, int limit) {
    return system.ledger().statement(riderId(), from, to, limit);
  }

  /** A further page of the rider's statement, after {@code after}. */
  public RiderStatement statement(Instant from, StatementCursor after, int limit) {
    return system.ledger().statement(riderId(), from, after, limit);
  }

  /**
   * The rider's history against the newest signed tree head, publishing a new head first if the log
   * has grown since the last one (so a match a minute old is already provable).
   */
  public History history() {
    TreeHead head = RiderDataExport.currentHead(system);
    return new History(head, system.log().verifyingKey(), system.log().historyOf(rider, head));
  }

  /** Every consent the rider gave. */
  public List<ConsentRecord> consents() {
    return system.facePay().consents(rider);
  }

  /** Whether the rider's consent is to the current text (else they are asked to re-consent). */
  public boolean consentIsCurrent() {
    return system.facePay().consentIsCurrent(rider);
  }

  /** The rider's face-pay state; empty if not enrolled. */
  public Optional<FacePayState> facePay() {
    return system.facePay().state(rider);
  }

  /** The erase receipts handed to the rider. */
  public List<EraseReceipt> eraseReceipts() {
    return system.facePay().receipts(rider);
  }

  /**
   * All of the rider's data as one JSON document.
   *
   * @param account the web's account section (plain JSON values: strings, numbers, booleans, lists
   *     and maps)
   */
  public byte[] export(Map<String, ?> account) {
    return new RiderDataExport(system).export(rider, account);
  }

  private RiderId riderId() {
    return new RiderId(rider.value());
  }
}

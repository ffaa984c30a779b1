package org.facefare.server.web.rider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.dispute.Dispute;
import org.facefare.fares.dispute.Disputes;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementCursor;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.ledger.TopUpResult;
import org.facefare.fares.ledger.WalletView;
import org.facefare.fares.network.Network;
import org.facefare.fares.wallet.RiderId;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentRecord;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.privacy.facepay.FacePay;
import org.facefare.privacy.facepay.FacePayState;
import org.facefare.privacy.log.Auditor;
import org.facefare.privacy.log.HistoryEntry;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TransparencyLog;
import org.facefare.privacy.log.TreeHead;
import org.facefare.server.export.RiderDataExport;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * The signed-in rider's own data and controls, and nothing else: every method takes the session's
 * pseudonym and reads or changes that rider only — wallet and top-ups, statement, every match with
 * its proof, consents and face-pay state, pause, resume, erasure and disputes.
 *
 * <p>This is the one way the rider portal reaches per-rider data (staff have their own, logged
 * way), so that no page can ask about another rider. A rider's matches are proved against the
 * newest signed tree head, or one signed on the spot when the newest does not cover the whole log
 * ({@link RiderDataExport#currentHead}), so an identification appears with its proof as soon as the
 * gate has opened.
 */
public final class RiderSelfService {

  /** Later than any statement item: where the first statement page starts. */
  private static final Instant END = Instant.parse("3000-01-01T00:00:00Z");

  /** The most statement items one page shows. */
  public static final int PAGE = 50;

  private final FaceFareSystem system;
  private final Disputes disputes;

  /**
   * The service over a system.
   *
   * @param disputes the riders' disputes of trips
   */
  public RiderSelfService(FaceFareSystem system, Disputes disputes) {
    this.system = Objects.requireNonNull(system, "system");
    this.disputes = Objects.requireNonNull(disputes, "disputes");
  }

  /** The network the rider travels on. */
  public Network network() {
    return system.network();
  }

  /** The rider's wallet, if open. */
  public Optional<WalletView> wallet(Pseudonym rider) {
    return system.ledger().wallet(id(rider));
  }

  /**
   * Tops the rider's wallet up through the payment provider.
   *
   * @param amount the amount as the rider typed it, in the wallet's currency, e.g. {@code 250} or
   *     {@code 99.50}
   * @param key the idempotency key of the form (a resubmitted form is credited once)
   * @throws IllegalArgumentException if the wallet is not open, or the amount is not a positive
   *     amount of the currency (saying which)
   */
  public TopUpResult topUp(Pseudonym rider, String amount, String cardToken, String key) {
    WalletView wallet =
        wallet(rider)
            .orElseThrow(() -> new IllegalArgumentException("the rider has no wallet to top up"));
    Money money = parseAmount(amount, wallet.balance().currency());
    return system
        .ledger()
        .topUp(new TopUpRequest("web-" + rider.value() + "-" + key, id(rider), money, cardToken));
  }

  /**
   * Reads an amount typed by a rider.
   *
   * @throws IllegalArgumentException if it is blank, not a number, not positive, or has more
   *     decimals than the currency has
   */
  static Money parseAmount(String typed, java.util.Currency currency) {
    String s = typed == null ? "" : typed.strip().replace(',', '.');
    if (s.isEmpty()) {
      throw new IllegalArgumentException("enter an amount");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + typed + "' is not an amount");
    }
    if (value.signum() <= 0) {
      throw new IllegalArgumentException("the amount must be more than zero");
    }
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    BigDecimal minor;
    try {
      minor = value.movePointRight(digits).setScale(0, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "an amount in " + currency.getCurrencyCode() + " has at most " + digits + " decimals");
    }
    if (minor.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0) {
      throw new IllegalArgumentException("the amount is too large");
    }
    return new Money(minor.longValueExact(), currency);
  }

  /** A page of the rider's statement, newest first, from {@code after} (the start if empty). */
  public RiderStatement statement(Pseudonym rider, Optional<StatementCursor> after) {
    return system
        .ledger()
        .statement(id(rider), Instant.EPOCH, after.orElse(StatementCursor.before(END)), PAGE);
  }

  /** The rider's face-pay state; empty if not enrolled. */
  public Optional<FacePayState> facePay(Pseudonym rider) {
    return system.facePay().state(rider);
  }

  /** Every consent the rider gave. */
  public List<ConsentRecord> consents(Pseudonym rider) {
    return system.facePay().consents(rider);
  }

  /** Whether the rider's newest consent is to the current consent text. */
  public boolean consentIsCurrent(Pseudonym rider) {
    return system.facePay().consentIsCurrent(rider);
  }

  /** Records an enrolled rider's yes to a new consent text (see {@link FacePay#reconsent}). */
  public void reconsent(Pseudonym rider, org.facefare.privacy.consent.ConsentAnswer answer) {
    system.facePay().reconsent(rider, answer);
  }

  /** Pauses the rider's face pay (see {@link FacePay#pause}). */
  public void pause(Pseudonym rider) {
    system.facePay().pause(rider);
  }

  /** Resumes the rider's face pay (see {@link FacePay#resume}). */
  public void resume(Pseudonym rider) {
    system.facePay().resume(rider);
  }

  /**
   * Erases the rider's face for good and returns the signed receipt (see {@link FacePay#erase}).
   */
  public EraseReceipt erase(Pseudonym rider) {
    return system.facePay().erase(rider);
  }

  /**
   * Everything FaceFare holds about the rider as one JSON document ({@link RiderDataExport}).
   *
   * @param account the web account's section of the export (plain JSON values)
   */
  public byte[] export(Pseudonym rider, java.util.Map<String, ?> account) {
    return new RiderDataExport(system).export(rider, account);
  }

  /** The key that checks erase receipts. */
  public org.facefare.privacy.signing.VerifyingKey receiptKey() {
    return system.facePay().receiptKey();
  }

  /** The rider's disputes, newest first. */
  public List<Dispute> disputes(Pseudonym rider) {
    return disputes.ofRider(id(rider));
  }

  /** Opens a dispute of one of the rider's own charged trips (see {@link Disputes#open}). */
  public Dispute dispute(Pseudonym rider, String requestId, String reason) {
    return disputes.open(id(rider), requestId, reason);
  }

  /**
   * Every identification of the rider in the transparency log, newest first, each with its
   * inclusion proof against a signed tree head and the server verifier's verdict.
   */
  public List<MatchProof> matches(Pseudonym rider) {
    TreeHead head = RiderDataExport.currentHead(system);
    TransparencyLog log = system.log();
    Auditor auditor = new Auditor(log.verifyingKey());
    HexFormat hex = HexFormat.of();
    List<MatchProof> out = new ArrayList<>();
    for (HistoryEntry e : log.historyOf(rider, head)) {
      if (e.leaf().kind() != org.facefare.privacy.log.Leaf.Kind.IDENTIFICATION) {
        continue;
      }
      Optional<LogEntry.Identification> record =
          e.opening()
              .map(o -> o.entry())
              .filter(LogEntry.Identification.class::isInstance)
              .map(LogEntry.Identification.class::cast);
      Auditor.Result checked =
          auditor.audit(Optional.empty(), head, List.of(), List.of(Auditor.Claim.of(e)));
      out.add(
          new MatchProof(
              e.index(),
              record.map(LogEntry.Identification::gate),
              record.map(r -> stationName(r.station())),
              record.map(LogEntry.Identification::time),
              record.map(LogEntry.Identification::decision),
              record.map(LogEntry.Identification::requestId),
              hex.formatHex(e.leafData()),
              e.inclusionPath().stream().map(hex::formatHex).toList(),
              MatchProof.Head.of(head),
              checked.failures()));
    }
    return out.reversed();
  }

  private String stationName(String stationId) {
    return system.network().station(stationId).map(s -> s.name()).orElse(stationId);
  }

  private static RiderId id(Pseudonym rider) {
    return new RiderId(Objects.requireNonNull(rider, "rider").value());
  }
}

package org.facefare.server.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.Ledger;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.WalletView;
import org.facefare.fares.network.Network;
import org.facefare.fares.wallet.RiderId;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentRecord;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.privacy.facepay.FacePay;
import org.facefare.privacy.log.AuditFiles;
import org.facefare.privacy.log.Auditor;
import org.facefare.privacy.log.HistoryEntry;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TreeHead;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * One rider's data export: a single JSON document with everything FaceFare holds about the rider —
 * the account section the web hands in, consents, face-pay state, wallet and balance, trips with
 * the fare rules that applied, top-ups, refunds and reversals, every match and staff access with
 * its transparency-log inclusion proof and the signed tree head it proves against, and the erase
 * receipts.
 *
 * <p>The {@code transparencyLog} section holds {@code treeHead} and {@code entries} objects laid
 * out exactly as the files {@code ./facefare audit verify --current ... --entries ...} reads, and
 * the log's public key, so the rider can check every proof offline. It reads one rider only, by the
 * pseudonym the caller authenticated; there is no bulk or by-time form.
 */
public final class RiderDataExport {

  /** The document's format id. */
  public static final String FORMAT = "facefare-rider-export-v1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

  private final FaceFareSystem system;

  /** An exporter over the system. */
  public RiderDataExport(FaceFareSystem system) {
    this.system = Objects.requireNonNull(system, "system");
  }

  /**
   * The newest signed tree head if it covers the whole log, else a head published now: proofs in a
   * rider's view are never behind the log.
   */
  public static TreeHead currentHead(FaceFareSystem system) {
    return system
        .privacyJobs()
        .latestHead()
        .filter(h -> h.size() == system.log().size())
        .orElseGet(() -> system.privacyJobs().publishNow());
  }

  /**
   * The rider's export as UTF-8 JSON.
   *
   * @param rider the authenticated rider's pseudonym
   * @param account the web's account section: plain JSON values (strings, numbers, booleans, lists
   *     and maps)
   * @throws IllegalArgumentException if the account section is not plain JSON values
   */
  public byte[] export(Pseudonym rider, Map<String, ?> account) {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(account, "account");
    ObjectNode doc = JSON.createObjectNode();
    TreeHead head = currentHead(system);
    doc.put("format", FORMAT);
    doc.put("exportedAt", head.timestamp().toString());
    doc.put("rider", rider.value());
    doc.set("account", JSON.valueToTree(account));
    consents(doc, rider, system.facePay());
    wallet(doc, new RiderId(rider.value()), system.ledger(), system.network());
    log(doc, rider, head);
    receipts(doc, rider, system.facePay());
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the export could not be written as JSON", e);
    }
  }

  private static void consents(ObjectNode doc, Pseudonym rider, FacePay facePay) {
    ArrayNode consents = doc.putArray("consents");
    for (ConsentRecord c : facePay.consents(rider)) {
      ObjectNode n = consents.addObject();
      n.put("version", c.version());
      n.put("textSha256", c.textSha256());
      n.put("givenAt", c.givenAt().toString());
      n.put("withdrawnAt", c.withdrawnAt().map(Instant::toString).orElse(null));
    }
    ObjectNode face = doc.putObject("facePay");
    face.put("state", facePay.state(rider).map(Enum::name).orElse("NOT_ENROLLED"));
    face.put("consentIsCurrent", facePay.consentIsCurrent(rider));
  }

  private static void wallet(ObjectNode doc, RiderId rider, Ledger ledger, Network network) {
    Optional<WalletView> wallet = ledger.wallet(rider);
    ArrayNode trips = doc.putArray("trips");
    ArrayNode topUps = doc.putArray("topUps");
    ArrayNode adjustments = doc.putArray("adjustments");
    if (wallet.isEmpty()) {
      doc.putNull("wallet");
      return;
    }
    ObjectNode w = doc.putObject("wallet");
    w.put("concessionProfile", wallet.get().concessionProfile());
    w.set("balance", money(wallet.get().balance()));
    RiderStatement page =
        ledger.statement(rider, Instant.EPOCH, END_OF_TIME, Ledger.MAX_STATEMENT_PAGE);
    while (true) {
      for (StatementItem item : page.items()) {
        switch (item) {
          case StatementItem.Trip t -> trip(trips.addObject(), t, network);
          case StatementItem.TopUp t -> topUp(topUps.addObject(), t);
          case StatementItem.Adjusted a -> adjustment(adjustments.addObject(), a);
        }
      }
      if (page.next().isEmpty()) {
        break;
      }
      page = ledger.statement(rider, Instant.EPOCH, page.next().get(), Ledger.MAX_STATEMENT_PAGE);
    }
  }

  private static void trip(ObjectNode n, StatementItem.Trip t, Network network) {
    n.put("requestId", t.requestId());
    n.put("gate", t.gateId());
    t.station(network)
        .ifPresentOrElse(
            s -> {
              n.put("station", s.id());
              n.put("stationName", s.name());
            },
            () -> n.putNull("station"));
    n.put("at", t.at().toString());
    n.put("charged", t.charged());
    n.set("amount", money(t.amount()));
    n.set("quotedFare", money(t.quote().amount()));
    n.put("policyVersion", t.quote().policyVersion());
    ArrayNode why = n.putArray("fareRules");
    t.explanation().forEach(why::add);
    n.set("balanceAfter", money(t.balanceAfter()));
    n.put("denial", t.denial().orElse(null));
  }

  private static void topUp(ObjectNode n, StatementItem.TopUp t) {
    n.put("key", t.key());
    n.put("at", t.at().toString());
    n.set("amount", money(t.amount()));
    n.put("credited", t.credited());
    n.put("providerReference", t.providerReference());
    n.put("declineReason", t.declineReason().orElse(null));
    n.set("balanceAfter", t.balanceAfter().map(RiderDataExport::money).orElse(null));
  }

  private static void adjustment(ObjectNode n, StatementItem.Adjusted a) {
    n.put("key", a.key());
    n.put("at", a.at().toString());
    n.put("kind", a.kind().name());
    n.set("amount", money(a.amount()));
    n.set("balanceAfter", money(a.balanceAfter()));
    n.put("reason", a.reason());
    n.put("original", a.original().orElse(null));
  }

  private void log(ObjectNode doc, Pseudonym rider, TreeHead head) {
    List<HistoryEntry> history = system.log().historyOf(rider, head);
    ObjectNode log = doc.putObject("transparencyLog");
    log.put("logKey", system.log().verifyingKey().encoded());
    log.set("treeHead", AuditFiles.headJson(head));
    List<Auditor.Claim> claims = new ArrayList<>();
    ArrayNode matches = doc.putArray("matches");
    ArrayNode staff = doc.putArray("staffAccesses");
    for (HistoryEntry e : history) {
      claims.add(Auditor.Claim.of(e));
      Optional<LogEntry> entry = e.opening().map(o -> o.entry());
      switch (e.leaf().kind()) {
        case IDENTIFICATION -> {
          ObjectNode m = matches.addObject();
          m.put("leafIndex", e.index());
          if (entry.orElse(null) instanceof LogEntry.Identification id) {
            m.put("requestId", id.requestId());
            m.put("gate", id.gate());
            m.put("station", id.station());
            m.put("at", id.time().toString());
            m.put("decision", id.decision());
          } else {
            m.put("expired", "the record was reduced to hourly counts after the retention period");
          }
        }
        case STAFF_ACCESS -> {
          ObjectNode s = staff.addObject();
          s.put("leafIndex", e.index());
          if (entry.orElse(null) instanceof LogEntry.StaffAccess a) {
            s.put("staff", a.staff());
            s.put("reason", a.reason());
            s.put("at", a.time().toString());
          }
        }
      }
    }
    log.set("entries", AuditFiles.entriesJson(new AuditFiles.Entries(head.size(), claims)));
  }

  private void receipts(ObjectNode doc, Pseudonym rider, FacePay facePay) {
    ObjectNode r = doc.putObject("eraseReceipts");
    r.put("receiptKey", facePay.receiptKey().encoded());
    r.put("statement", EraseReceipt.STATEMENT);
    ArrayNode list = r.putArray("receipts");
    for (EraseReceipt e : facePay.receipts(rider)) {
      ObjectNode n = list.addObject();
      n.put("receiptId", e.receiptId());
      n.put("erasedAt", e.erasedAt().toString());
      n.put("galleriesCleared", e.galleriesCleared());
      n.put("signature", Base64.getEncoder().encodeToString(e.signature()));
    }
  }

  private static ObjectNode money(Money m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("minor", m.minor());
    n.put("currency", m.currency().getCurrencyCode());
    n.put("text", m.toString());
    return n;
  }
}

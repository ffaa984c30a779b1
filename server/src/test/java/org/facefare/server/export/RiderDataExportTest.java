package org.facefare.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.facefare.face.Template;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.gallery.ModelProfile;
import org.facefare.gate.authority.IdentificationLog;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.privacy.log.AuditFiles;
import org.facefare.privacy.log.Auditor;
import org.facefare.privacy.log.HistoryEntry;
import org.facefare.privacy.log.Leaf;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.signing.VerifyingKey;
import org.facefare.server.staff.StaffRiderView;
import org.facefare.server.wiring.FaceFareSystem;
import org.facefare.server.wiring.LoggedIdentifications;
import org.facefare.server.wiring.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rider's data export, the staff view of one rider and the rider's own view, on one FaceFare
 * system with real PostgreSQL: two riders enrol, top up and ride; staff look one of them up with a
 * reason; each export holds every part of its rider's data with proofs that verify offline, and
 * nothing of the other rider.
 */
class RiderDataExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant DAY = Instant.parse("2026-03-04T07:45:00Z");

  @TempDir static Path dir;
  static MovableClock clock = new MovableClock(DAY);
  static FaceFareSystem system;
  static final Pseudonym ANNA = new Pseudonym("anna-export");
  static final Pseudonym BORIS = new Pseudonym("boris-export");
  static String annaTrip;

  @BeforeAll
  static void ride() throws Exception {
    system =
        FaceFareSystem.builder(dir)
            .clock(clock)
            .treeHeadInterval(Duration.ofDays(1))
            .jobTick(Duration.ofHours(1))
            .open();
    Random random = new Random(7);
    IdentificationLog identifications = new LoggedIdentifications(system.log(), system.network());
    List<String> gates = system.network().gates().stream().map(g -> g.id()).toList();
    for (Pseudonym p : List.of(ANNA, BORIS)) {
      RiderId r = new RiderId(p.value());
      system
          .facePay()
          .enrol(
              p,
              ConsentAnswer.agreeTo(ConsentTexts.bundled().current()),
              List.of(template(random)));
      system.ledger().openWallet(r, Currency.getInstance("RUB"), "adult");
      system
          .ledger()
          .topUp(new TopUpRequest("top-" + p, r, Money.of(30_000, "RUB"), "sandbox-approve"));
      clock.advance(Duration.ofMinutes(5));
      UUID request = UUID.randomUUID();
      String gate = gates.get(p.equals(ANNA) ? 0 : gates.size() - 1);
      system
          .ledger()
          .charge(new ChargeRequest(request.toString(), r, new Entry(gate, clock.instant())));
      identifications.append(
          new IdentificationLog.Identification(p.value(), gate, clock.instant(), "OPEN", request));
      if (p.equals(ANNA)) {
        annaTrip = request.toString();
      }
    }
    system.ledger().refund("refund-anna", annaTrip, "the gate opened twice");
  }

  private static Template template(Random random) {
    ModelProfile profile = ModelProfile.defaultModel();
    float[] v = new float[profile.dimension()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Template.of(profile.modelId(), v);
  }

  @AfterAll
  static void close() {
    system.close();
  }

  private static JsonNode export(Pseudonym rider) throws Exception {
    byte[] bytes =
        new RiderDataExport(system)
            .export(rider, Map.of("email", rider.value() + "@example.test", "language", "en"));
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .doesNotContain((rider.equals(ANNA) ? BORIS : ANNA).value());
    return JSON.readTree(bytes);
  }

  private static Auditor.Result audit(JsonNode doc) {
    JsonNode log = doc.get("transparencyLog");
    TreeHead head = AuditFiles.headFrom(log.get("treeHead"));
    AuditFiles.Entries entries = AuditFiles.entriesFrom(log.get("entries"));
    assertThat(entries.treeSize()).isEqualTo(head.size());
    return new Auditor(VerifyingKey.parse(log.get("logKey").asText()))
        .audit(Optional.empty(), head, List.of(), entries.claims());
  }

  @Test
  void staffSeeOneRiderOnlyWithAReasonAndTheAccessShowsInTheRidersOwnHistory() {
    StaffRiderView staff = new StaffRiderView(system);
    long before = system.log().size();
    assertThatThrownBy(() -> staff.lookUp("agent-7", ANNA, "because", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(system.log().size()).isEqualTo(before);

    StaffRiderView.RiderFile file =
        staff.lookUp("agent-7", ANNA, "dispute D-1001: the gate opened twice", Optional.empty());
    assertThat(system.log().size()).isEqualTo(before + 1);
    assertThat(file.statement().orElseThrow().items())
        .filteredOn(StatementItem.Trip.class::isInstance)
        .extracting(i -> ((StatementItem.Trip) i).requestId())
        .containsExactly(annaTrip);
    assertThat(file.consents()).hasSize(1);

    TreeHead head = RiderDataExport.currentHead(system);
    assertThat(head.size()).isEqualTo(system.log().size());
    List<HistoryEntry> history = system.log().historyOf(ANNA, head);
    assertThat(history.getFirst().leaf().kind()).isEqualTo(Leaf.Kind.IDENTIFICATION);
    assertThat(history)
        .extracting(e -> e.opening().orElseThrow().entry())
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        new LogEntry.StaffAccess(
                            "agent-7", ANNA, "dispute D-1001: the gate opened twice", e.time())));
    assertThat(system.log().historyOf(BORIS, RiderDataExport.currentHead(system)))
        .extracting(e -> e.leaf().kind())
        .containsExactly(Leaf.Kind.IDENTIFICATION);
  }

  @Test
  void theExportHoldsEveryPartOfTheRidersDataWithProofsThatVerifyAndNothingOfAnother()
      throws Exception {
    new StaffRiderView(system)
        .lookUp("agent-9", ANNA, "refund check for dispute D-1002", Optional.empty());
    JsonNode doc = export(ANNA);
    assertThat(doc.get("format").asText()).isEqualTo(RiderDataExport.FORMAT);
    assertThat(doc.get("rider").asText()).isEqualTo(ANNA.value());
    assertThat(doc.at("/account/email").asText()).isEqualTo("anna-export@example.test");
    assertThat(doc.get("consents")).hasSize(1);
    assertThat(doc.at("/consents/0/version").asInt()).isEqualTo(1);
    assertThat(doc.at("/facePay/state").asText()).isEqualTo("ACTIVE");
    assertThat(doc.at("/facePay/consentIsCurrent").asBoolean()).isTrue();
    assertThat(doc.at("/wallet/balance/minor").asLong())
        .isEqualTo(
            system.ledger().wallet(new RiderId(ANNA.value())).orElseThrow().balance().minor());
    JsonNode trip = doc.at("/trips/0");
    assertThat(doc.get("trips")).hasSize(1);
    assertThat(trip.get("requestId").asText()).isEqualTo(annaTrip);
    assertThat(trip.get("station").asText())
        .isEqualTo(system.network().stationOfGate(trip.get("gate").asText()).id());
    assertThat(trip.get("policyVersion").asText()).isNotBlank();
    assertThat(trip.get("fareRules")).isNotEmpty();
    assertThat(trip.at("/amount/minor").asLong()).isPositive();
    assertThat(doc.get("topUps")).hasSize(1);
    assertThat(doc.at("/topUps/0/key").asText()).isEqualTo("top-anna-export");
    assertThat(doc.get("adjustments")).hasSize(1);
    assertThat(doc.at("/adjustments/0/original").asText()).isEqualTo(annaTrip);
    assertThat(doc.get("matches")).hasSize(1);
    assertThat(doc.at("/matches/0/requestId").asText()).isEqualTo(annaTrip);
    assertThat(doc.at("/matches/0/decision").asText()).isEqualTo("OPEN");
    assertThat(doc.get("staffAccesses"))
        .extracting(s -> s.get("reason").asText())
        .contains("refund check for dispute D-1002");
    assertThat(doc.at("/eraseReceipts/receipts")).isEmpty();

    Auditor.Result audit = audit(doc);
    assertThat(audit.failures()).isEmpty();
    int entries = doc.at("/transparencyLog/entries/entries").size();
    assertThat(entries).isEqualTo(doc.get("matches").size() + doc.get("staffAccesses").size());
    // header + one inclusion and one opening per entry
    assertThat(audit.checked()).hasSize(1 + 2 * entries);

    // The proofs are real: a changed hash in the audit path fails, saying which entry.
    ObjectNode tampered = (ObjectNode) doc.deepCopy();
    ArrayNode path = (ArrayNode) tampered.at("/transparencyLog/entries/entries/0/inclusionProof");
    byte[] h = Base64.getDecoder().decode(path.get(0).asText());
    h[0] ^= 1;
    path.set(0, Base64.getEncoder().encodeToString(h));
    assertThat(audit(tampered).failures()).singleElement().asString().contains("entry 1");

    // The sections are the audit command's own files.
    Path head = dir.resolve("head.json");
    Path list = dir.resolve("entries.json");
    Files.write(head, JSON.writeValueAsBytes(doc.at("/transparencyLog/treeHead")));
    Files.write(list, JSON.writeValueAsBytes(doc.at("/transparencyLog/entries")));
    assertThat(AuditFiles.readHead(head))
        .isEqualTo(AuditFiles.headFrom(doc.at("/transparencyLog/treeHead")));
    assertThat(AuditFiles.readEntries(list).claims()).hasSize(entries);

    JsonNode boris = export(BORIS);
    assertThat(boris.get("trips")).hasSize(1);
    assertThat(boris.get("staffAccesses")).isEmpty();
    assertThat(audit(boris).failures()).isEmpty();
  }

  @Test
  void anErasedRidersExportHoldsTheSignedEraseReceipt() throws Exception {
    Pseudonym clara = new Pseudonym("clara-export");
    system
        .facePay()
        .enrol(
            clara,
            ConsentAnswer.agreeTo(ConsentTexts.bundled().current()),
            List.of(template(new Random(9))));
    EraseReceipt receipt = system.facePay().erase(clara);
    JsonNode doc = export(clara);
    assertThat(doc.at("/facePay/state").asText()).isEqualTo("NOT_ENROLLED");
    assertThat(doc.get("wallet").isNull()).isTrue();
    assertThat(doc.at("/consents/0/withdrawnAt").asText()).isNotBlank();
    JsonNode r = doc.at("/eraseReceipts/receipts/0");
    EraseReceipt read =
        new EraseReceipt(
            r.get("receiptId").asText(),
            clara,
            Instant.parse(r.get("erasedAt").asText()),
            r.get("galleriesCleared").asInt(),
            Base64.getDecoder().decode(r.get("signature").asText()));
    assertThat(read).isEqualTo(receipt);
    assertThat(read.verifies(VerifyingKey.parse(doc.at("/eraseReceipts/receiptKey").asText())))
        .isTrue();
    assertThatThrownBy(
            () -> new RiderDataExport(system).export(clara, Map.of("when", Instant.now())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

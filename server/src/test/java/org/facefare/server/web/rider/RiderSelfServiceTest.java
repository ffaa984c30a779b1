package org.facefare.server.web.rider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.facefare.face.Template;
import org.facefare.fares.Money;
import org.facefare.fares.dispute.Dispute;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.TopUpResult;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.ModelProfile;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.privacy.facepay.FacePayState;
import org.facefare.privacy.log.MerkleHash;
import org.facefare.privacy.log.Proofs;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.wiring.FaceFareSystem;
import org.facefare.sim.SyntheticFaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rider's own data and controls over a real system on embedded PostgreSQL: top-ups with bad
 * input refused, the statement's trip with its fare rules, every match with a proof that checks
 * from its hex alone, disputes, pause, resume and erasure — and never another rider's data.
 */
class RiderSelfServiceTest {

  @TempDir static Path data;
  static FaceFareSystem system;
  static RiderSelfService service;
  static final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-01T08:00:00Z"));
  static final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  static SyntheticFaces faces;
  static GateSigner gate;
  static String gateId;

  @BeforeAll
  static void open() throws Exception {
    system =
        FaceFareSystem.builder(data)
            .clock(clock)
            .profile(ModelProfile.defaultModel().withRule(DemoRunner.RULE))
            .open();
    service = new RiderSelfService(system, system.disputes());
    faces = new SyntheticFaces(ModelProfile.defaultModel().centre(), 11);
    gateId = system.network().gates().getFirst().id();
    KeyPair pair = GateSigner.newKeyPair();
    system.gateKeys().register(gateId, pair.getPublic());
    gate = new GateSigner(gateId, pair.getPrivate(), new SecureRandom());
  }

  @AfterAll
  static void close() {
    if (system != null) {
      system.close();
    }
  }

  /** A synthetic capture of {@code person}; the gate sends the enrolment's own capture. */
  static Template face(int person, long capture) {
    return Template.of(
        ModelProfile.DEFAULT_MODEL,
        faces.capture(faces.identity(person), new SplittableRandom(capture)));
  }

  static Pseudonym enrolled(String name, int person) {
    Pseudonym p = new Pseudonym(name);
    system
        .facePay()
        .enrol(
            p, ConsentAnswer.agreeTo(ConsentTexts.bundled().current()), List.of(face(person, 1)));
    system.ledger().openWallet(new RiderId(name), Currency.getInstance("RUB"), "adult");
    return p;
  }

  static GateDecision walkUp(int person) {
    now.updateAndGet(t -> t.plus(Duration.ofMinutes(3)));
    return system
        .authority()
        .decide(
            gate.sign(
                new GateRequest(
                    gateId,
                    UUID.randomUUID(),
                    now.get(),
                    gate.nonce(),
                    face(person, 1),
                    0.9,
                    List.of())));
  }

  @ParameterizedTest
  @CsvSource({"250, 25000", "99.5, 9950", "'99,50', 9950", "' 1 ', 100", "0.01, 1"})
  void amountsAreReadInTheWalletsCurrency(String typed, long minor) {
    assertThat(RiderSelfService.parseAmount(typed, Currency.getInstance("RUB")))
        .isEqualTo(Money.of(minor, "RUB"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|enter an amount",
        "abc|is not an amount",
        "-5|more than zero",
        "0|more than zero",
        "1.234|at most 2 decimals",
        "1e30|too large"
      })
  void badAmountsAreRefusedSayingWhy(String typed, String message) {
    assertThatThrownBy(() -> RiderSelfService.parseAmount(typed, Currency.getInstance("RUB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aRiderSeesTheirTripWithItsRulesAndTheirMatchWithAProofThatChecksFromHexAlone()
      throws Exception {
    Pseudonym anna = enrolled("anna-self", 1);
    Pseudonym ben = enrolled("ben-self", 2);
    assertThat(service.topUp(anna, "300", SandboxPaymentProvider.APPROVE, "k1"))
        .isInstanceOf(TopUpResult.Credited.class);
    assertThat(service.topUp(anna, "300", SandboxPaymentProvider.APPROVE, "k1"))
        .as("a resubmitted form is credited once")
        .isInstanceOfSatisfying(TopUpResult.Credited.class, c -> assertThat(c.replayed()).isTrue());
    assertThat(service.topUp(anna, "10", SandboxPaymentProvider.DECLINE, "k2"))
        .isInstanceOf(TopUpResult.Declined.class);
    assertThat(service.wallet(anna).orElseThrow().balance()).isEqualTo(Money.of(30_000, "RUB"));
    assertThatThrownBy(
            () -> service.topUp(new Pseudonym("nobody"), "5", SandboxPaymentProvider.APPROVE, "k"))
        .hasMessageContaining("no wallet");

    GateDecision d = walkUp(1);
    assertThat(d).isInstanceOf(GateDecision.Open.class);
    String requestId = ((GateDecision.Open) d).receipt().requestId().toString();

    List<StatementItem> items = service.statement(anna, Optional.empty()).items();
    StatementItem.Trip trip =
        items.stream()
            .filter(StatementItem.Trip.class::isInstance)
            .map(StatementItem.Trip.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(trip.requestId()).isEqualTo(requestId);
    assertThat(trip.explanation()).isNotEmpty();
    assertThat(service.statement(ben, Optional.empty()).items()).isEmpty();

    List<MatchProof> matches = service.matches(anna);
    assertThat(matches).hasSize(1);
    MatchProof m = matches.getFirst();
    assertThat(m.decision()).contains("OPEN");
    assertThat(m.gate()).contains(gateId);
    assertThat(m.requestId()).contains(requestId);
    assertThat(m.station()).isPresent();
    assertThat(m.verifiedByServer()).as("server check %s", m.serverCheck()).isTrue();
    HexFormat hex = HexFormat.of();
    Proofs.verifyInclusion(
        m.index(),
        m.head().size(),
        MerkleHash.leaf(hex.parseHex(m.leafHex())),
        m.pathHex().stream().map(hex::parseHex).toList(),
        hex.parseHex(m.head().rootHex()));
    assertThat(service.matches(ben)).as("another rider's match never shows").isEmpty();

    Dispute dispute = service.dispute(anna, requestId, "I was not at this station that morning");
    assertThat(service.disputes(anna)).containsExactly(dispute);
    assertThat(service.disputes(ben)).isEmpty();
    assertThatThrownBy(() -> service.dispute(ben, requestId, "not mine either"))
        .hasMessageContaining("no charged trip");
  }

  @Test
  void pauseKeepsTheFaceOutOfTheGateUntilResumedAndErasureEndsItWithASignedReceipt() {
    Pseudonym cleo = enrolled("cleo-self", 3);
    service.topUp(cleo, "100", SandboxPaymentProvider.APPROVE, "c1");
    assertThat(service.facePay(cleo)).contains(FacePayState.ACTIVE);
    assertThat(service.consents(cleo)).hasSize(1);

    service.pause(cleo);
    assertThat(service.facePay(cleo)).contains(FacePayState.PAUSED);
    assertThat(walkUp(3)).isEqualTo(new GateDecision.Deny(DenyReason.NO_MATCH));
    assertThatThrownBy(() -> service.pause(cleo)).isInstanceOf(IllegalStateException.class);

    service.resume(cleo);
    assertThat(walkUp(3)).isInstanceOf(GateDecision.Open.class);

    EraseReceipt receipt = service.erase(cleo);
    assertThat(receipt.verifies(system.facePay().receiptKey())).isTrue();
    assertThat(service.facePay(cleo)).isEmpty();
    assertThat(walkUp(3)).isEqualTo(new GateDecision.Deny(DenyReason.NO_MATCH));
  }
}

package org.facefare.gate.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.facefare.face.Template;
import org.facefare.face.quality.QualityReason;
import org.facefare.gate.TestClock;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.protocol.MalformedRequestException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FareAuthorityTest {

  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  static final String MODEL = TestParts.MODEL;
  static final Template ALICE = Template.of(MODEL, new float[] {1, 0, 0, 0});
  static final Template BOB = Template.of(MODEL, new float[] {0, 1, 0, 0});
  static final Template BOB_TWIN = Template.of(MODEL, new float[] {0, 1, 0.05f, 0});

  TestClock clock = new TestClock(T0);
  TestParts.SmallGallery gallery = new TestParts.SmallGallery();
  TestParts.Wallets wallets = new TestParts.Wallets();
  TestParts.Log log = new TestParts.Log();
  Set<String> paused = new java.util.HashSet<>();
  GateKeyRegistry keys;
  GateSigner gate;
  FareAuthority authority;

  @BeforeEach
  void setUp() {
    keys = new GateKeyRegistry(clock);
    KeyPair pair = GateSigner.newKeyPair();
    keys.register("G1", pair.getPublic());
    gate = new GateSigner("G1", pair.getPrivate(), new Random(11));
    authority =
        new FareAuthority(
            new RequestVerifier(keys, clock, Duration.ofSeconds(30)),
            new AuthorityPolicy(0.05),
            paused::contains,
            gallery,
            wallets,
            log);
    gallery.riders.put("rider-alice", ALICE);
    gallery.riders.put("rider-bob", BOB);
    wallets.balance.put("rider-alice", 20_000L);
  }

  /** An authority over this test's gate keys, pause and log, with the given parts. */
  FareAuthority authorityWith(
      RiderMatcher matcher, FareCharger charger, DecisionObserver observer) {
    return new FareAuthority(
        new RequestVerifier(keys, clock, Duration.ofSeconds(30)),
        new AuthorityPolicy(0.05),
        paused::contains,
        matcher,
        charger,
        log,
        observer);
  }

  GateRequest request(UUID id, Template t, double liveness, List<QualityReason> failures) {
    return new GateRequest("G1", id, clock.instant(), gate.nonce(), t, liveness, failures);
  }

  GateDecision decide(UUID id, Template t) {
    return authority.decide(gate.sign(request(id, t, 0.8, List.of())));
  }

  @Test
  void opensForAKnownRiderChargesOnceAndLogsTheIdentification() {
    UUID id = UUID.randomUUID();
    GateDecision d = decide(id, ALICE);
    assertThat(d).isInstanceOf(GateDecision.Open.class);
    var receipt = ((GateDecision.Open) d).receipt();
    assertThat(receipt.fareMinor()).isEqualTo(6_200);
    assertThat(receipt.requestId()).isEqualTo(id);
    assertThat(receipt.logIndex()).isZero();
    assertThat(log.entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rider()).isEqualTo("rider-alice");
              assertThat(e.outcome()).isEqualTo("OPEN");
            });

    clock.advance(Duration.ofSeconds(2));
    GateDecision retry = decide(id, ALICE);
    assertThat(retry).isEqualTo(d);
    assertThat(wallets.charges).hasValue(1);
    assertThat(wallets.balance.get("rider-alice")).isEqualTo(13_800);
    assertThat(log.entries).hasSize(1);
  }

  @Test
  void refusesUnknownAndAmbiguousFacesWithoutChargingOrLogging() {
    assertThat(decide(UUID.randomUUID(), Template.of(MODEL, new float[] {0, 0, 1, 0})))
        .isEqualTo(new GateDecision.Deny(DenyReason.NO_MATCH));
    gallery.riders.put("rider-bob-twin", BOB_TWIN);
    assertThat(decide(UUID.randomUUID(), BOB))
        .isEqualTo(new GateDecision.Deny(DenyReason.AMBIGUOUS));
    assertThat(wallets.charges).hasValue(0);
    assertThat(log.entries).isEmpty();
  }

  @Test
  void anIdentifiedRiderWhoCannotPayIsRefusedAndSeesTheIdentification() {
    assertThat(decide(UUID.randomUUID(), BOB))
        .isEqualTo(new GateDecision.Deny(DenyReason.INSUFFICIENT_FUNDS));
    assertThat(log.entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rider()).isEqualTo("rider-bob");
              assertThat(e.outcome()).isEqualTo("INSUFFICIENT_FUNDS");
            });
  }

  @Test
  void gateChecksAndThePauseComeBeforeAnyMatching() {
    assertThat(authority.decide(gate.sign(request(UUID.randomUUID(), ALICE, 0.01, List.of()))))
        .isEqualTo(new GateDecision.Deny(DenyReason.SPOOF_SUSPECTED));
    assertThat(
            authority.decide(
                gate.sign(request(UUID.randomUUID(), ALICE, 0.9, List.of(QualityReason.TOO_DARK)))))
        .isEqualTo(new GateDecision.Deny(DenyReason.LOW_QUALITY));
    paused.add("G1");
    assertThat(decide(UUID.randomUUID(), ALICE))
        .isEqualTo(new GateDecision.Deny(DenyReason.FACE_PAY_PAUSED));
    assertThat(gallery.calls).hasValue(0);
    assertThat(wallets.charges).hasValue(0);
  }

  @Test
  void refusedRequestsNeverReachTheGallery() {
    var signed = gate.sign(request(UUID.randomUUID(), ALICE, 0.8, List.of()));
    authority.decide(signed);
    assertThat(authority.decide(signed)).isEqualTo(new GateDecision.Deny(DenyReason.REPLAYED));
    clock.advance(Duration.ofMinutes(5));
    assertThat(decide(UUID.randomUUID(), ALICE)).isInstanceOf(GateDecision.Open.class);
    assertThat(
            authority.decide(
                gate.sign(
                    new GateRequest(
                        "G1", UUID.randomUUID(), T0, gate.nonce(), ALICE, 0.8, List.of()))))
        .isEqualTo(new GateDecision.Deny(DenyReason.STALE));
    assertThat(gallery.calls).hasValue(2);
  }

  @Test
  void aTemplateOfAnotherModelIsAClearError() {
    Template other = Template.of("mobileface", new float[] {1, 0, 0, 0});
    assertThatThrownBy(() -> decide(UUID.randomUUID(), other))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("model mobileface");
    assertThat(wallets.charges).hasValue(0);
  }

  @Test
  void theObserverHearsEveryDecisionAndCannotChangeOne() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    GateKeyRegistry keys = new GateKeyRegistry(clock);
    KeyPair pair = GateSigner.newKeyPair();
    keys.register("G1", pair.getPublic());
    GateSigner g = new GateSigner("G1", pair.getPrivate(), new Random(12));
    FareAuthority observed =
        new FareAuthority(
            new RequestVerifier(keys, clock, Duration.ofSeconds(30)),
            new AuthorityPolicy(0.05),
            paused::contains,
            gallery,
            wallets,
            log,
            (gateId, decision, nanos) -> {
              assertThat(nanos).isNotNegative();
              heard.add(
                  gateId
                      + ":"
                      + (decision instanceof GateDecision.Deny d ? d.reason().name() : "OPEN"));
              throw new IllegalStateException("a broken observer");
            });
    GateRequest ok = new GateRequest("G1", UUID.randomUUID(), T0, g.nonce(), ALICE, 0.8, List.of());
    assertThat(observed.decide(g.sign(ok))).isInstanceOf(GateDecision.Open.class);
    GateRequest stranger =
        new GateRequest(
            "G1",
            UUID.randomUUID(),
            T0,
            g.nonce(),
            Template.of(MODEL, new float[] {0, 0, 0, 1}),
            0.8,
            List.of());
    assertThat(observed.decide(g.sign(stranger)))
        .isEqualTo(new GateDecision.Deny(DenyReason.NO_MATCH));
    GateSigner g9 = new GateSigner("G9", GateSigner.newKeyPair().getPrivate(), new Random(13));
    GateRequest unknown =
        new GateRequest("G9", UUID.randomUUID(), T0, g9.nonce(), ALICE, 0.8, List.of());
    assertThat(observed.decide(g9.sign(unknown)))
        .isEqualTo(new GateDecision.Deny(DenyReason.GATE_UNKNOWN));
    assertThat(heard).containsExactly("G1:OPEN", "G1:NO_MATCH", "G9:GATE_UNKNOWN");
  }

  @Test
  void theObserverIsToldHowLongEachStageTookAndNoTimeForStagesNotReached() {
    List<DecisionObserver.Stages> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    GateSigner g = gate;
    RiderMatcher slowGallery =
        template -> {
          pause(20);
          return gallery.identify(template);
        };
    FareCharger slowWallets =
        (requestId, rider, gateId, at) -> {
          pause(40);
          return wallets.charge(requestId, rider, gateId, at);
        };
    FareAuthority timed =
        authorityWith(
            slowGallery,
            slowWallets,
            new DecisionObserver() {
              @Override
              public void decided(String gateId, GateDecision decision, long elapsedNanos) {
                throw new AssertionError("the authority tells its stages");
              }

              @Override
              public void decided(
                  String gateId, GateDecision decision, long elapsedNanos, Stages stages) {
                assertThat(stages.verifyNanos() + stages.matchNanos() + stages.chargeNanos())
                    .isLessThanOrEqualTo(elapsedNanos);
                told.add(stages);
              }
            });
    var opened =
        g.sign(new GateRequest("G1", UUID.randomUUID(), T0, g.nonce(), ALICE, 0.8, List.of()));
    assertThat(timed.decide(opened)).isInstanceOf(GateDecision.Open.class);
    var stranger = Template.of(MODEL, new float[] {0, 0, 1, 0});
    assertThat(
            timed.decide(
                g.sign(
                    new GateRequest(
                        "G1", UUID.randomUUID(), T0, g.nonce(), stranger, 0.8, List.of()))))
        .isEqualTo(new GateDecision.Deny(DenyReason.NO_MATCH));
    assertThat(timed.decide(opened)).isEqualTo(new GateDecision.Deny(DenyReason.REPLAYED));

    assertThat(told).hasSize(3);
    long ms = 1_000_000;
    assertThat(told.get(0).verifyNanos()).isPositive();
    assertThat(told.get(0).matchNanos()).isBetween(20 * ms, 40 * ms - 1);
    assertThat(told.get(0).chargeNanos()).isGreaterThanOrEqualTo(40 * ms);
    assertThat(told.get(1).matchNanos()).isGreaterThanOrEqualTo(20 * ms);
    assertThat(told.get(1).chargeNanos()).as("no match, no charge").isZero();
    assertThat(told.get(2).verifyNanos()).isPositive();
    assertThat(told.get(2).matchNanos()).as("a replay never reaches the gallery").isZero();
    assertThat(told.get(2).chargeNanos()).isZero();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package org.facefare.gate.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
  static final String MODEL = "faceapi-resnet";
  static final Template ALICE = Template.of(MODEL, new float[] {1, 0, 0, 0});
  static final Template BOB = Template.of(MODEL, new float[] {0, 1, 0, 0});
  static final Template BOB_TWIN = Template.of(MODEL, new float[] {0, 1, 0.05f, 0});

  /** An exact-scan open-set matcher over a handful of riders. */
  static final class SmallGallery implements RiderMatcher {
    final Map<String, Template> riders = new LinkedHashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Identification identify(Template probe) {
      calls.incrementAndGet();
      if (!probe.modelId().equals(MODEL)) {
        throw new IllegalArgumentException("model " + probe.modelId() + " is not " + MODEL);
      }
      String best = null;
      double first = -1;
      double second = -1;
      for (var e : riders.entrySet()) {
        double s = probe.cosine(e.getValue());
        if (s > first) {
          second = first;
          first = s;
          best = e.getKey();
        } else if (s > second) {
          second = s;
        }
      }
      if (first < 0.9) {
        return new Identification.NoMatch();
      }
      return first - second < 0.05
          ? new Identification.Ambiguous()
          : new Identification.Match(best, first);
    }
  }

  /** Wallets with balances, idempotent by request id. */
  static final class Wallets implements FareCharger {
    final Map<String, Long> balance = new HashMap<>();
    final Map<UUID, ChargeOutcome> done = new HashMap<>();
    final AtomicInteger charges = new AtomicInteger();

    @Override
    public synchronized ChargeOutcome charge(UUID id, String rider, String gate, Instant at) {
      return done.computeIfAbsent(
          id,
          k -> {
            long b = balance.getOrDefault(rider, 0L);
            if (b < 6_200) {
              return new ChargeOutcome.InsufficientFunds();
            }
            charges.incrementAndGet();
            balance.put(rider, b - 6_200);
            return new ChargeOutcome.Charged(at, 6_200, "RUB", List.of("base fare 62.00 RUB"));
          });
    }
  }

  /** A log idempotent by request id. */
  static final class Log implements IdentificationLog {
    final List<Identification> entries = new ArrayList<>();
    final Map<UUID, Long> byRequest = new HashMap<>();

    @Override
    public synchronized long append(Identification identification) {
      return byRequest.computeIfAbsent(
          identification.requestId(),
          k -> {
            entries.add(identification);
            return (long) entries.size() - 1;
          });
    }
  }

  TestClock clock = new TestClock(T0);
  SmallGallery gallery = new SmallGallery();
  Wallets wallets = new Wallets();
  Log log = new Log();
  Set<String> paused = new java.util.HashSet<>();
  GateSigner gate;
  FareAuthority authority;

  @BeforeEach
  void setUp() {
    GateKeyRegistry keys = new GateKeyRegistry(clock);
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
}

package org.facefare.server.web.rider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.ModelProfile;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.enrolment.Advice;
import org.facefare.server.enrolment.EnrolmentOutcome;
import org.facefare.server.enrolment.Photos;
import org.facefare.server.enrolment.SelfieEnrolment;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser's camera as a gate: real photos through the gate's own loop, signed requests to the
 * real fare authority over embedded PostgreSQL, and the turnstile on a controlled clock.
 */
class BrowserGatesTest {

  @TempDir static Path data;
  static FaceEngine engine;
  static FaceFareSystem system;
  static BrowserGates gates;
  static List<String> ids;
  static final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-01T08:00:00Z"));
  static final Pseudonym RIDER = new Pseudonym("rider-gate");

  @BeforeAll
  static void open() throws Exception {
    Photos.deepfacePairs();
    ModelCache models = ModelCache.fromEnvironment();
    assumeTrue(models.isFetched(), "models are not in " + models.root() + " (skipping)");
    engine =
        FaceEngine.open(FaceEngineSettings.builder().models(models).build(), ImportListener.NONE);
    system =
        FaceFareSystem.builder(data)
            .clock(now::get)
            .profile(ModelProfile.defaultModel().withRule(DemoRunner.RULE))
            .open();
    ids = BrowserGates.spareGates(system.network());
    gates =
        new BrowserGates(
            system.network(),
            ids,
            system.gateKeys(),
            system.authority()::decide,
            engine::process,
            now::get,
            new SecureRandom());
    SelfieEnrolment enrolment = new SelfieEnrolment(system.facePay(), engine::process);
    assertThat(
            enrolment.enrol(
                RIDER,
                Optional.of(ConsentAnswer.agreeTo(ConsentTexts.bundled().current())),
                List.of(
                    Photos.jpeg(Photos.frame("id00", "img1.jpg")),
                    Photos.jpeg(Photos.frame("id00", "img2.jpg")),
                    Photos.jpeg(Photos.frame("id00", "img4.jpg")))))
        .isInstanceOf(EnrolmentOutcome.Enrolled.class);
    RiderId wallet = new RiderId(RIDER.value());
    system.ledger().openWallet(wallet, Currency.getInstance("RUB"), "adult");
    system
        .ledger()
        .topUp(
            new TopUpRequest(
                "gate-test", wallet, Money.of(50_000, "RUB"), SandboxPaymentProvider.APPROVE));
  }

  @AfterAll
  static void close() {
    if (system != null) {
      system.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  static void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  @Test
  void anEnrolledRiderWalksThroughAndIsCharged() {
    String gate = ids.get(0);
    long before =
        system.ledger().wallet(new RiderId(RIDER.value())).orElseThrow().balance().minor();

    GateView opened = gates.frame(gate, Photos.jpeg(Photos.frame("id00", "img6.jpg")));

    assertThat(opened.decision()).isPresent();
    GateView.Decision d = opened.decision().get();
    assertThat(d.outcome()).as("decision %s", d).isEqualTo("OPEN");
    assertThat(d.open()).isTrue();
    assertThat(d.fareMinor()).isPositive();
    assertThat(d.currency()).isEqualTo("RUB");
    assertThat(d.explanation()).isNotEmpty();
    assertThat(d.messageKey()).isEqualTo("rider.gate.outcome.open");
    assertThat(opened.turnstile()).isEqualTo(Turnstile.State.OPEN);
    assertThat(opened.advice()).contains(Advice.READY);
    long after = system.ledger().wallet(new RiderId(RIDER.value())).orElseThrow().balance().minor();
    assertThat(before - after).isEqualTo(d.fareMinor());

    GateView ignored = gates.frame(gate, Photos.jpeg(Photos.frame("id00", "img6.jpg")));
    assertThat(ignored.decision()).as("frames are ignored while open").isEmpty();
    assertThat(ignored.advice()).isEmpty();

    assertThat(gates.passage(gate).turnstile()).isEqualTo(Turnstile.State.PASSED);
    advance(BrowserGates.PASSED_HOLD);
    assertThat(gates.view(gate).turnstile()).isEqualTo(Turnstile.State.CLOSED);
  }

  @Test
  void aStrangerIsRefusedAndABadFrameOnlyGetsAdvice() {
    String gate = ids.get(1);
    GateView stranger = gates.frame(gate, Photos.jpeg(Photos.frame("id02", "img20.jpg")));
    assertThat(stranger.decision()).map(GateView.Decision::outcome).contains("NO_MATCH");
    assertThat(stranger.decision().get().displayText()).contains("use your card");
    assertThat(stranger.turnstile()).isEqualTo(Turnstile.State.CLOSED);

    GateView dark =
        gates.frame(gate, Photos.jpeg(Photos.levels(Photos.frame("id00", "img6.jpg"), v -> v / 5)));
    assertThat(dark.decision()).isEmpty();
    assertThat(dark.advice()).contains(Advice.TOO_DARK);

    GateView garbage = gates.frame(gate, new byte[] {1, 2, 3});
    assertThat(garbage.decision()).isEmpty();
    assertThat(garbage.turnstile()).isEqualTo(Turnstile.State.CLOSED);
  }

  @Test
  void anOpenTurnstileNobodyPassesClosesAfterItsTimeout() {
    String gate = ids.get(2);
    assertThat(gates.frame(gate, Photos.jpeg(Photos.frame("id00", "img7.jpg"))).turnstile())
        .isEqualTo(Turnstile.State.OPEN);
    advance(BrowserGates.OPEN_TIMEOUT);
    assertThat(gates.view(gate).turnstile()).isEqualTo(Turnstile.State.CLOSED);
  }

  @Test
  void framesSentAtOnceToOneGateOpenItOnceAndChargeOnce() throws Exception {
    String gate = ids.get(4);
    RiderId wallet = new RiderId(RIDER.value());
    long before = system.ledger().wallet(wallet).orElseThrow().balance().minor();
    byte[] frame = Photos.jpeg(Photos.frame("id00", "img5.jpg"));
    int threads = 4;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<GateView>> views = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        views.add(
            pool.submit(
                () -> {
                  start.await();
                  return gates.frame(gate, frame);
                }));
      }
      long opened = 0;
      long fare = 0;
      for (var v : views) {
        GateView view = v.get();
        if (view.decision().isPresent()) {
          assertThat(view.decision().get().outcome()).isEqualTo("OPEN");
          opened++;
          fare = view.decision().get().fareMinor();
        }
        assertThat(view.turnstile()).isEqualTo(Turnstile.State.OPEN);
      }
      assertThat(opened).as("one camera loop: the first frame opens, the rest are ignored").isOne();
      long after = system.ledger().wallet(wallet).orElseThrow().balance().minor();
      assertThat(before - after).isEqualTo(fare);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onlyOfferedGatesNotRegisteredByAnotherCameraCanBeDriven() {
    assertThatThrownBy(() -> gates.view("no-such-gate"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not one of the gates to try");
    String taken = ids.get(3);
    system.gateKeys().register(taken, GateSigner.newKeyPair().getPublic());
    assertThatThrownBy(() -> gates.view(taken))
        .isInstanceOf(BrowserGates.GateTakenException.class)
        .hasMessageContaining("in use by another camera");
    assertThatThrownBy(
            () ->
                new BrowserGates(
                    system.network(),
                    List.of("nowhere"),
                    system.gateKeys(),
                    system.authority()::decide,
                    engine::process,
                    now::get,
                    new SecureRandom()))
        .hasMessageContaining("is not a gate of");
    assertThat(gates.choices()).hasSize(ids.size());
    assertThat(gates.choices().getFirst().station()).isNotBlank();
  }

  @Test
  void aRestartedServerTakesBackItsOwnBrowserGatesButNoOtherCamerasGate() {
    String mine = ids.get(ids.size() - 1);
    gates.view(mine);
    // A new process over the same register (the keys are persisted): its browser gates have new
    // keys and take back the gate they registered before; the first key no longer signs for it.
    BrowserGates afterRestart =
        new BrowserGates(
            system.network(),
            ids,
            system.gateKeys(),
            system.authority()::decide,
            engine::process,
            now::get,
            new SecureRandom());
    assertThat(afterRestart.view(mine)).isNotNull();
    assertThat(system.gateKeys().history(mine))
        .extracting(org.facefare.gate.authority.GateKeyChange::action)
        .containsExactly(
            org.facefare.gate.authority.GateKeyChange.Action.REGISTER,
            org.facefare.gate.authority.GateKeyChange.Action.ROTATE);
    String others = ids.get(ids.size() - 2);
    system.gateKeys().register(others, GateSigner.newKeyPair().getPublic(), "operator");
    assertThatThrownBy(() -> afterRestart.view(others))
        .isInstanceOf(BrowserGates.GateTakenException.class);
  }
}

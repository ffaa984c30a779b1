package org.facefare.server.web.console;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.facefare.face.Template;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.ModelProfile;
import org.facefare.gallery.RiderKey;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.server.wiring.FaceFareSystem;
import org.facefare.sim.SyntheticFaces;

/**
 * A small simulated peak through the real fare authority, for the console's tests: synthetic riders
 * (templates, nobody's face) enrolled in the gallery with funded wallets, one rider who cannot pay,
 * strangers, and spoof attempts, walking through a few signed gates of the network on a background
 * thread; each gate also reports its events as a gate would.
 */
final class LivePeak implements AutoCloseable {

  private record SimGate(GateSigner signer, Turnstile turnstile) {}

  private final FaceFareSystem system;
  private final InstantSource clock;
  private final SyntheticFaces crowd;
  private final String model;
  private final List<Template> riders = new ArrayList<>();
  private final List<SimGate> gates = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Enrols {@code riderCount} synthetic riders and registers {@code gateCount} gates.
   *
   * @param clock the system's clock (requests are stamped with it)
   */
  LivePeak(
      FaceFareSystem system, InstantSource clock, int riderCount, int gateCount, Duration pace) {
    this.system = system;
    this.clock = clock;
    ModelProfile profile = ModelProfile.defaultModel();
    this.model = profile.modelId();
    this.crowd = new SyntheticFaces(profile.centre(), 42);
    Money topUp = Money.of(1_000_000, system.policy().currency().getCurrencyCode());
    for (int i = 0; i < riderCount; i++) {
      String id = "live-peak-" + i;
      Template t = Template.of(model, crowd.identity(i));
      system.gallery().enrol(new RiderKey(id), List.of(t));
      RiderId rider = new RiderId(id);
      system.ledger().openWallet(rider, topUp.currency(), "adult");
      if (i > 0) {
        system
            .ledger()
            .topUp(
                new TopUpRequest(
                    "live-peak-top-" + i, rider, topUp, SandboxPaymentProvider.APPROVE));
      }
      riders.add(t);
    }
    for (var g : system.network().gates().subList(0, gateCount)) {
      KeyPair pair = GateSigner.newKeyPair();
      system.gateKeys().register(g.id(), pair.getPublic());
      gates.add(
          new SimGate(
              new GateSigner(g.id(), pair.getPrivate(), new SecureRandom()),
              new Turnstile(clock, Duration.ofSeconds(8), Duration.ofMillis(1))));
    }
    this.thread = Thread.ofPlatform().daemon().name("live-peak").unstarted(() -> run(pace));
  }

  /** Starts walking riders through the gates. */
  LivePeak start() {
    thread.start();
    return this;
  }

  /** How many requests reached the authority so far. */
  long sent() {
    return sent.get();
  }

  private void run(Duration pace) {
    SplittableRandom random = new SplittableRandom(7);
    long n = 0;
    while (running) {
      SimGate gate = gates.get((int) (n % gates.size()));
      int kind = (int) (n % 5);
      Template probe;
      double liveness = 0.9;
      if (kind == 1) {
        probe = Template.of(model, crowd.identity(1_000_000 + n)); // a stranger: NO_MATCH
      } else if (kind == 2) {
        probe = riders.get(1);
        liveness = 0.01; // a photo held up to the camera: SPOOF_SUSPECTED
      } else if (kind == 3) {
        probe = riders.get(0); // the rider who cannot pay: INSUFFICIENT_FUNDS
      } else {
        probe = riders.get(1 + random.nextInt(riders.size() - 1)); // a funded rider: OPEN
      }
      long t0 = System.nanoTime();
      GateRequest request =
          new GateRequest(
              gate.signer().gateId(),
              UUID.randomUUID(),
              clock.instant(),
              gate.signer().nonce(),
              probe,
              liveness,
              List.of());
      GateDecision decision = system.authority().decide(gate.signer().sign(request));
      sent.incrementAndGet();
      String id = gate.signer().gateId();
      system
          .live()
          .gateEvent(id, new GateEvent.Decided(decision, Duration.ofNanos(System.nanoTime() - t0)));
      if (decision instanceof GateDecision.Open) {
        system.live().gateEvent(id, new GateEvent.TurnstileMoved(gate.turnstile().open()));
        system.live().gateEvent(id, new GateEvent.TurnstileMoved(gate.turnstile().passage()));
      }
      n++;
      try {
        Thread.sleep(pace);
      } catch (InterruptedException e) {
        return;
      }
      system.live().gateEvent(id, new GateEvent.TurnstileMoved(gate.turnstile().tick()));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}

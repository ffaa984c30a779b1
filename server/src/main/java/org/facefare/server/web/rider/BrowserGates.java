package org.facefare.server.web.rider;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.facefare.face.FaceResult;
import org.facefare.fares.network.Gate;
import org.facefare.fares.network.Network;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.edge.FacePipeline;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.GateLoop;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.MalformedRequestException;
import org.facefare.gate.protocol.SignedGateRequest;
import org.facefare.gate.transport.AuthorityAnswer;
import org.facefare.server.enrolment.Advice;

/**
 * The "try a gate" gates: a browser's camera acting as the camera of a gate of the network, so that
 * a new rider can walk through a virtual turnstile a minute after enrolling.
 *
 * <p>Each gate is the real edge process in miniature: the page posts camera frames, and the gate's
 * own {@link GateLoop} runs them through the face pipeline, signs a request with the gate's own
 * Ed25519 key (registered with the operator's register on first use, like any gate) and asks the
 * same fare authority every gate asks, then drives its {@link Turnstile}. Frames are dropped once
 * the loop has run; the page learns the advice, the decision and the turnstile's state, never a
 * template. A gate that another camera already registered (e.g. the demo's simulated gates, or a
 * physical one) is not taken over. One browser at a time drives a gate (frames are serialised per
 * gate, as one camera feeds one loop).
 */
public final class BrowserGates {

  /** How long an opened turnstile waits for the rider to walk through. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(8);

  /** How long a passed turnstile takes to close. */
  static final Duration PASSED_HOLD = Duration.ofSeconds(1);

  private final Network network;
  private final List<String> gateIds;
  private final GateKeyRegistry keys;
  private final Function<SignedGateRequest, GateDecision> authority;
  private final FacePipeline pipeline;
  private final InstantSource clock;
  private final SecureRandom random;
  private final Map<String, VirtualGate> gates = new ConcurrentHashMap<>();

  /**
   * The gates a browser may drive.
   *
   * @param network the network the gates belong to
   * @param gateIds the gates offered (each a gate of {@code network})
   * @param keys the operator's register, where each gate's key is registered on first use
   * @param authority the fare authority (e.g. {@code FareAuthority::decide})
   * @param pipeline the face pipeline (e.g. {@code FaceEngine::process})
   * @throws IllegalArgumentException if no gate is offered or one is not of the network
   */
  public BrowserGates(
      Network network,
      List<String> gateIds,
      GateKeyRegistry keys,
      Function<SignedGateRequest, GateDecision> authority,
      FacePipeline pipeline,
      InstantSource clock,
      SecureRandom random) {
    this.network = Objects.requireNonNull(network, "network");
    this.gateIds = List.copyOf(gateIds);
    this.keys = Objects.requireNonNull(keys, "keys");
    this.authority = Objects.requireNonNull(authority, "authority");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    if (this.gateIds.isEmpty()) {
      throw new IllegalArgumentException("offer at least one gate to try");
    }
    for (String id : this.gateIds) {
      if (network.gate(id).isEmpty()) {
        throw new IllegalArgumentException("gate " + id + " is not a gate of " + network.name());
      }
    }
  }

  /**
   * The gates left to browsers: the last gate of every station that has two or more, so that
   * simulated or physical gates keep at least one gate at every station (the demo's peak runs
   * through the others).
   */
  public static List<String> spareGates(Network network) {
    Map<String, List<String>> byStation = new java.util.LinkedHashMap<>();
    for (Gate g : network.gates()) {
      byStation
          .computeIfAbsent(network.stationOfGate(g.id()).id(), k -> new ArrayList<>())
          .add(g.id());
    }
    List<String> out = new ArrayList<>();
    for (List<String> gates : byStation.values()) {
      if (gates.size() >= 2) {
        out.add(gates.getLast());
      }
    }
    return List.copyOf(out);
  }

  /**
   * A gate offered to the browser.
   *
   * @param gateId the gate's id
   * @param station its station's name
   */
  public record Choice(String gateId, String station) {}

  /** The gates offered, in network order. */
  public List<Choice> choices() {
    List<Choice> out = new ArrayList<>(gateIds.size());
    for (String id : gateIds) {
      out.add(new Choice(id, network.stationOfGate(id).name()));
    }
    return out;
  }

  /**
   * Feeds one camera frame to the gate; the bytes are dropped when this returns.
   *
   * @throws IllegalArgumentException if the gate is not offered
   * @throws GateTakenException if another camera has registered the gate
   */
  public GateView frame(String gateId, byte[] frame) {
    Objects.requireNonNull(frame, "frame");
    VirtualGate gate = gate(gateId);
    synchronized (gate) {
      gate.events.clear();
      gate.lastResult = null;
      gate.loop.onFrame(frame);
      return gate.view();
    }
  }

  /**
   * The turnstile's passage sensor: the rider walked through.
   *
   * @throws IllegalArgumentException if the gate is not offered
   * @throws GateTakenException if another camera has registered the gate
   */
  public GateView passage(String gateId) {
    VirtualGate gate = gate(gateId);
    synchronized (gate) {
      gate.events.clear();
      gate.lastResult = null;
      gate.loop.passage();
      return gate.view();
    }
  }

  /**
   * The gate as it is now (turnstile timeouts applied).
   *
   * @throws IllegalArgumentException if the gate is not offered
   * @throws GateTakenException if another camera has registered the gate
   */
  public GateView view(String gateId) {
    VirtualGate gate = gate(gateId);
    synchronized (gate) {
      gate.events.clear();
      gate.lastResult = null;
      gate.loop.tick();
      return gate.view();
    }
  }

  /** Thrown when a gate offered to browsers is registered by another camera. */
  public static final class GateTakenException extends RuntimeException {

    /** Makes one for the gate. */
    public GateTakenException(String gateId, Throwable cause) {
      super("gate " + gateId + " is in use by another camera: pick another gate", cause);
    }
  }

  /** Who the register records as registering the browser gates' keys. */
  static final String ACTOR = "try-a-gate";

  private VirtualGate gate(String gateId) {
    Objects.requireNonNull(gateId, "gateId");
    if (!gateIds.contains(gateId)) {
      throw new IllegalArgumentException("gate " + gateId + " is not one of the gates to try");
    }
    return gates.computeIfAbsent(gateId, this::newGate);
  }

  private VirtualGate newGate(String gateId) {
    KeyPair pair = org.facefare.gate.protocol.GateSigner.newKeyPair();
    try {
      keys.register(gateId, pair.getPublic(), ACTOR);
    } catch (IllegalArgumentException e) {
      // The register is persistent: a gate these browser gates registered in an earlier run of the
      // same data directory is theirs again (its old key died with that process); any other
      // registration belongs to another camera.
      List<org.facefare.gate.authority.GateKeyChange> history = keys.history(gateId);
      boolean ours =
          !history.isEmpty()
              && history.getLast().by().equals(ACTOR)
              && history.getLast().action()
                  != org.facefare.gate.authority.GateKeyChange.Action.REVOKE;
      if (!ours) {
        throw new GateTakenException(gateId, e);
      }
      keys.rotate(gateId, pair.getPublic(), java.time.Duration.ZERO, ACTOR);
    }
    return new VirtualGate(
        gateId, new org.facefare.gate.protocol.GateSigner(gateId, pair.getPrivate(), random));
  }

  /** One browser gate: its loop, turnstile and what the last call made it show. */
  private final class VirtualGate {
    final String gateId;
    final Turnstile turnstile;
    final GateLoop loop;
    final List<GateEvent> events = new ArrayList<>();
    FaceResult lastResult;

    VirtualGate(String gateId, org.facefare.gate.protocol.GateSigner signer) {
      this.gateId = gateId;
      this.turnstile = new Turnstile(clock, OPEN_TIMEOUT, PASSED_HOLD);
      FacePipeline watched =
          encoded -> {
            FaceResult r = pipeline.process(encoded);
            lastResult = r;
            return r;
          };
      this.loop =
          new GateLoop(signer, watched, this::ask, turnstile, Duration.ZERO, clock, events::add);
    }

    private AuthorityAnswer ask(SignedGateRequest request) {
      try {
        return new AuthorityAnswer.Decided(authority.apply(request));
      } catch (MalformedRequestException e) {
        return new AuthorityAnswer.Unavailable("the authority refused the request: " + e, false);
      }
    }

    GateView view() {
      Optional<GateView.Decision> decision = Optional.empty();
      for (GateEvent e : events) {
        switch (e) {
          case GateEvent.Decided d -> decision = Optional.of(decision(d));
          case GateEvent.Unavailable u ->
              decision =
                  Optional.of(
                      new GateView.Decision(
                          "UNAVAILABLE",
                          AuthorityAnswer.UNAVAILABLE_TEXT,
                          0,
                          "",
                          List.of(),
                          u.latency().toMillis()));
          default -> {}
        }
      }
      Optional<Advice> advice = Optional.ofNullable(lastResult).map(Advice::of);
      return new GateView(
          gateId, network.stationOfGate(gateId).name(), turnstile.state(), advice, decision);
    }

    private GateView.Decision decision(GateEvent.Decided d) {
      long ms = d.latency().toMillis();
      return switch (d.decision()) {
        case GateDecision.Open open ->
            new GateView.Decision(
                "OPEN",
                "Welcome — have a good trip",
                open.receipt().fareMinor(),
                open.receipt().currency(),
                open.receipt().explanation(),
                ms);
        case GateDecision.Deny deny ->
            new GateView.Decision(
                deny.reason().name(), deny.reason().displayText(), 0, "", List.of(), ms);
      };
    }
  }
}

package org.facefare.gate.edge;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.facefare.face.FaceResult;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.quality.QualityFailure;
import org.facefare.face.quality.QualityMeasures;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.protocol.SignedGateRequest;
import org.facefare.gate.transport.AuthorityAnswer;

/**
 * One gate's loop: camera frame → face pipeline → face track → signed request → decision →
 * turnstile.
 *
 * <p>Frames are processed in memory and dropped as soon as the pipeline has run; only the chosen
 * frame's template leaves, inside the signed request. While the turnstile is open the camera's
 * frames are ignored (the rider is walking through). A face the gate's own checks refuse (several
 * faces, too small, too dark, a suspected spoof) never reaches the authority: the gate shows advice
 * instead. When the authority gives no answer in time the gate retries once with the same request
 * id and time, under a fresh nonce (the ledger charges a request id at most once, and the passage's
 * time is part of what it charged, so a retry with another time would be refused as a conflict),
 * then shows "use your card". The track scores a candidate by how close and how frontal the face
 * is, so the sharpest, nearest view is sent. Timestamps come from the injected clock (a simulation
 * runs it fast); latency is physical time, measured with {@link System#nanoTime()}.
 */
public final class GateLoop {

  private static final double CLOSE_ENOUGH_EYE_PIXELS = 80;

  private final GateSigner signer;
  private final FacePipeline pipeline;
  private final Function<SignedGateRequest, AuthorityAnswer> authority;
  private final Turnstile turnstile;
  private final InstantSource clock;
  private final Consumer<GateEvent> events;
  private final FaceTrack<FaceResult.Ok> track;

  /**
   * A loop.
   *
   * @param signer the gate's identity
   * @param pipeline the face pipeline
   * @param authority asks the fare authority (e.g. {@code AuthorityClient::decide})
   * @param trackWindow how long to collect a rider's frames before deciding
   * @param events told of everything the gate shows or does
   */
  public GateLoop(
      GateSigner signer,
      FacePipeline pipeline,
      Function<SignedGateRequest, AuthorityAnswer> authority,
      Turnstile turnstile,
      Duration trackWindow,
      InstantSource clock,
      Consumer<GateEvent> events) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.authority = Objects.requireNonNull(authority, "authority");
    this.turnstile = Objects.requireNonNull(turnstile, "turnstile");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
    this.track = new FaceTrack<>(trackWindow, GateLoop::score, 0.9);
  }

  /** How good a usable face is to decide on, in [0, 1]: near and frontal scores high. */
  static double score(FaceResult.Ok ok) {
    QualityMeasures m = ok.quality().measures();
    double near = Math.min(1, m.interOcularPixels() / CLOSE_ENOUGH_EYE_PIXELS);
    double frontal =
        m.pose()
            .map(
                p ->
                    Math.cos(Math.toRadians(p.yawDegrees()))
                        * Math.cos(Math.toRadians(p.pitchDegrees())))
            .orElse(0.0);
    return near * Math.max(0, frontal);
  }

  /** Processes one camera frame (the bytes are not kept). */
  public void onFrame(byte[] encoded) {
    Instant arrived = clock.instant();
    long arrivedNanos = System.nanoTime();
    tick();
    if (turnstile.state() != Turnstile.State.CLOSED) {
      return;
    }
    FaceResult result;
    try {
      result = pipeline.process(encoded);
    } catch (ImageDecodeException e) {
      events.accept(new GateEvent.Feedback("Camera problem — please use your card"));
      return;
    }
    Optional<FaceResult.Ok> due;
    if (result instanceof FaceResult.Ok ok) {
      due = track.offer(ok, arrived);
    } else {
      advise(result);
      due = track.poll(arrived);
    }
    due.ifPresent(best -> decide(best, arrivedNanos));
  }

  /** Applies the turnstile's timeouts; call it when no frame arrives. */
  public void tick() {
    Turnstile.Transition t = turnstile.tick();
    if (t != Turnstile.Transition.NONE) {
      events.accept(new GateEvent.TurnstileMoved(t));
    }
  }

  /** Records the turnstile's passage sensor. */
  public void passage() {
    Turnstile.Transition t = turnstile.passage();
    if (t != Turnstile.Transition.NONE) {
      events.accept(new GateEvent.TurnstileMoved(t));
    }
  }

  private void decide(FaceResult.Ok face, long arrivedNanos) {
    UUID requestId = UUID.randomUUID();
    Instant issuedAt = clock.instant();
    AuthorityAnswer answer = authority.apply(sign(requestId, issuedAt, face));
    if (answer instanceof AuthorityAnswer.Unavailable u && u.retryable()) {
      answer = authority.apply(sign(requestId, issuedAt, face));
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - arrivedNanos);
    switch (answer) {
      case AuthorityAnswer.Unavailable u ->
          events.accept(new GateEvent.Unavailable(u.why(), latency));
      case AuthorityAnswer.Decided d -> {
        events.accept(new GateEvent.Decided(d.decision(), latency));
        if (d.decision() instanceof GateDecision.Open) {
          events.accept(new GateEvent.TurnstileMoved(turnstile.open()));
        }
      }
    }
  }

  private SignedGateRequest sign(UUID requestId, Instant issuedAt, FaceResult.Ok face) {
    List<QualityFailure> failures = face.quality().failures();
    return signer.sign(
        new GateRequest(
            signer.gateId(),
            requestId,
            issuedAt,
            signer.nonce(),
            face.template(),
            face.liveness().combined(),
            failures.stream().map(QualityFailure::reason).toList()));
  }

  private void advise(FaceResult result) {
    String text =
        switch (result) {
          case FaceResult.NoFace n -> null;
          case FaceResult.MultipleFaces m -> "One person at a time, please";
          case FaceResult.SpoofSuspected s ->
              "Please look at the camera without a photo or screen, or use your card";
          case FaceResult.LowQuality q ->
              switch (q.reason().reason()) {
                case FACE_TOO_SMALL -> "Please step closer";
                case POSE_YAW, POSE_PITCH, POSE_ROLL, LANDMARKS_IMPLAUSIBLE ->
                    "Please look straight at the camera";
                case TOO_DARK, TOO_BRIGHT -> "Please step into the light";
                case BLURRY -> "Please hold still";
              };
          case FaceResult.Ok ok -> null;
        };
    if (text != null) {
      events.accept(new GateEvent.Feedback(text));
    }
  }
}

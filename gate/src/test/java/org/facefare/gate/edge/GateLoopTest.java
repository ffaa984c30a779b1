package org.facefare.gate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.facefare.face.FaceResult;
import org.facefare.face.Template;
import org.facefare.face.image.ImageDecoder;
import org.facefare.face.pad.Liveness;
import org.facefare.face.quality.Pose;
import org.facefare.face.quality.QualityFailure;
import org.facefare.face.quality.QualityMeasures;
import org.facefare.face.quality.QualityReason;
import org.facefare.face.quality.QualityReport;
import org.facefare.gate.TestClock;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequestCodec;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.protocol.Receipt;
import org.facefare.gate.protocol.SignedGateRequest;
import org.facefare.gate.transport.AuthorityAnswer;
import org.junit.jupiter.api.Test;

/** The gate loop with a scripted pipeline and authority: what it sends, shows and opens. */
class GateLoopTest {

  TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));
  List<GateEvent> events = new ArrayList<>();
  List<SignedGateRequest> sent = new ArrayList<>();
  Turnstile turnstile = new Turnstile(clock, Duration.ofSeconds(5), Duration.ofSeconds(1));

  static FaceResult.Ok ok(double eyes, double yaw, float x) {
    QualityMeasures m =
        new QualityMeasures(eyes, eyes * 2.5, Optional.of(new Pose(yaw, 0, 0)), 120, 0, 0, 500);
    return new FaceResult.Ok(
        Template.of("faceapi-resnet", new float[] {x, 1, 0, 0}),
        new QualityReport(m, List.of()),
        new Liveness(0.9, 0.8, 0.85, 0.05));
  }

  static FaceResult tooSmall() {
    QualityMeasures m = new QualityMeasures(10, 25, Optional.of(new Pose(0, 0, 0)), 120, 0, 0, 500);
    return new FaceResult.LowQuality(
        new QualityFailure(QualityReason.FACE_TOO_SMALL, 10, 30),
        new QualityReport(m, List.of(new QualityFailure(QualityReason.FACE_TOO_SMALL, 10, 30))));
  }

  GateLoop loop(List<FaceResult> script, Function<SignedGateRequest, AuthorityAnswer> authority) {
    var it = script.iterator();
    FacePipeline pipeline =
        bytes -> {
          if (bytes.length == 0) {
            new ImageDecoder().decode(bytes);
          }
          return it.next();
        };
    GateSigner signer = new GateSigner("G1", GateSigner.newKeyPair().getPrivate(), new Random(1));
    return new GateLoop(
        signer,
        pipeline,
        r -> {
          sent.add(r);
          clock.advance(Duration.ofMillis(40));
          return authority.apply(r);
        },
        turnstile,
        Duration.ofMillis(300),
        clock,
        events::add);
  }

  static AuthorityAnswer open(SignedGateRequest r) {
    var req = GateRequestCodec.read(r.body());
    return new AuthorityAnswer.Decided(
        new GateDecision.Open(
            new Receipt(req.requestId(), "G1", req.issuedAt(), 6200, "RUB", List.of("base"), 3)));
  }

  void frame(GateLoop loop) {
    loop.onFrame(new byte[] {1});
    clock.advance(Duration.ofMillis(100));
  }

  @Test
  void sendsTheBestFrameOfTheTrackAndOpens() {
    GateLoop loop =
        loop(
            List.of(
                tooSmall(), ok(40, 30, 0.1f), ok(70, 5, 0.2f), ok(50, 0, 0.3f), ok(60, 0, 0.4f)),
            GateLoopTest::open);
    for (int i = 0; i < 5; i++) {
      frame(loop);
    }
    assertThat(events.getFirst()).isEqualTo(new GateEvent.Feedback("Please step closer"));
    assertThat(sent).hasSize(1);
    var request = GateRequestCodec.read(sent.getFirst().body());
    assertThat(request.template().vector()[0]).isEqualTo(ok(70, 5, 0.2f).template().vector()[0]);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(GateEvent.Decided.class));
    assertThat(turnstile.state()).isEqualTo(Turnstile.State.OPEN);
  }

  @Test
  void ignoresFramesWhileOpenAndClosesAfterThePassage() {
    GateLoop loop = loop(List.of(ok(90, 0, 1), ok(90, 0, 2)), GateLoopTest::open);
    frame(loop);
    assertThat(turnstile.state()).isEqualTo(Turnstile.State.OPEN);
    frame(loop);
    assertThat(sent).hasSize(1);
    loop.passage();
    clock.advance(Duration.ofSeconds(1));
    loop.tick();
    assertThat(events)
        .contains(
            new GateEvent.TurnstileMoved(Turnstile.Transition.PASSED),
            new GateEvent.TurnstileMoved(Turnstile.Transition.CLOSED));
  }

  @Test
  void aDenyKeepsItClosed() {
    GateLoop loop =
        loop(
            List.of(ok(90, 0, 1)),
            r -> new AuthorityAnswer.Decided(new GateDecision.Deny(DenyReason.NO_MATCH)));
    frame(loop);
    assertThat(turnstile.state()).isEqualTo(Turnstile.State.CLOSED);
    assertThat(events).singleElement().isInstanceOf(GateEvent.Decided.class);
  }

  @Test
  void retriesATimeoutOnceWithTheSameRequestIdAndTimeThenGivesUp() {
    GateLoop loop =
        loop(
            List.of(ok(90, 0, 1)),
            r -> {
              clock.advance(java.time.Duration.ofMillis(300));
              return new AuthorityAnswer.Unavailable("no answer", true);
            });
    frame(loop);
    assertThat(sent).hasSize(2);
    UUID first = GateRequestCodec.read(sent.get(0).body()).requestId();
    var second = GateRequestCodec.read(sent.get(1).body());
    assertThat(second.requestId()).isEqualTo(first);
    // The ledger refuses a request id charged at another time, so a retry keeps the first's.
    assertThat(second.issuedAt()).isEqualTo(GateRequestCodec.read(sent.get(0).body()).issuedAt());
    assertThat(second.nonce()).isNotEqualTo(GateRequestCodec.read(sent.get(0).body()).nonce());
    assertThat(events).singleElement().isInstanceOf(GateEvent.Unavailable.class);
    assertThat(turnstile.state()).isEqualTo(Turnstile.State.CLOSED);
  }

  @Test
  void anOpenBreakerIsNotRetriedAndAnUnreadableFrameIsAdvice() {
    GateLoop loop =
        loop(List.of(ok(90, 0, 1)), r -> new AuthorityAnswer.Unavailable("breaker open", false));
    loop.onFrame(new byte[0]);
    assertThat(events.getFirst()).isInstanceOf(GateEvent.Feedback.class);
    frame(loop);
    assertThat(sent).hasSize(1);
  }
}

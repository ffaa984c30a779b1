package org.facefare.gate.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.facefare.face.Template;
import org.facefare.gate.TestClock;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.protocol.MalformedRequestException;
import org.facefare.gate.protocol.SignedGateRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestVerifierTest {

  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  static final Duration WINDOW = Duration.ofSeconds(30);

  TestClock clock;
  GateKeyRegistry registry;
  RequestVerifier verifier;
  KeyPair keys;
  GateSigner gate;

  @BeforeEach
  void setUp() {
    clock = new TestClock(T0);
    registry = new GateKeyRegistry(clock);
    verifier = new RequestVerifier(registry, clock, WINDOW);
    keys = GateSigner.newKeyPair();
    registry.register("G1", GateKeyRegistry.publicKey(keys.getPublic().getEncoded()));
    gate = new GateSigner("G1", keys.getPrivate(), new Random(7));
  }

  GateRequest request(GateSigner signer, Instant at) {
    return new GateRequest(
        signer.gateId(),
        UUID.randomUUID(),
        at,
        signer.nonce(),
        Template.of("faceapi-resnet", new float[] {1, 2, 3, 4}),
        0.9,
        List.of());
  }

  @Test
  void acceptsAFreshSignedRequestOnce() {
    SignedGateRequest signed = gate.sign(request(gate, T0));
    assertThat(verifier.verify(signed)).isInstanceOf(Verification.Accepted.class);
    assertThat(reason(verifier.verify(signed))).isEqualTo(DenyReason.REPLAYED);
  }

  @Test
  void refusesUnknownGatesBadSignaturesAndTamperedBodies() {
    GateSigner stranger = new GateSigner("G2", GateSigner.newKeyPair().getPrivate(), new Random(1));
    assertThat(reason(verifier.verify(stranger.sign(request(stranger, T0)))))
        .isEqualTo(DenyReason.GATE_UNKNOWN);

    GateSigner impostor = new GateSigner("G1", GateSigner.newKeyPair().getPrivate(), new Random(2));
    assertThat(reason(verifier.verify(impostor.sign(request(impostor, T0)))))
        .isEqualTo(DenyReason.BAD_SIGNATURE);

    SignedGateRequest genuine = gate.sign(request(gate, T0));
    byte[] body = genuine.body();
    body[body.length / 2] ^= 1;
    assertThat(reason(verifier.verify(new SignedGateRequest("G1", body, genuine.signature()))))
        .isEqualTo(DenyReason.BAD_SIGNATURE);
    assertThat(reason(verifier.verify(new SignedGateRequest("G1", genuine.body(), new byte[3]))))
        .isEqualTo(DenyReason.BAD_SIGNATURE);
  }

  @Test
  void aGateCannotSpeakForAnother() throws Exception {
    registry.register("G2", GateKeyRegistry.publicKey(keys.getPublic().getEncoded()));
    GateSigner asG2 = new GateSigner("G2", keys.getPrivate(), new Random(3));
    SignedGateRequest signedAsG2 = asG2.sign(request(asG2, T0));
    Verification v =
        verifier.verify(new SignedGateRequest("G1", signedAsG2.body(), signedAsG2.signature()));
    assertThat(reason(v)).isEqualTo(DenyReason.BAD_SIGNATURE);
    assertThat(((Verification.Refused) v).detail()).contains("naming gate G2");
  }

  @Test
  void refusesRequestsOutsideTheClockWindowEitherWay() {
    assertThat(reason(verifier.verify(gate.sign(request(gate, T0.minus(WINDOW).minusMillis(1))))))
        .isEqualTo(DenyReason.STALE);
    assertThat(reason(verifier.verify(gate.sign(request(gate, T0.plus(WINDOW).plusMillis(1))))))
        .isEqualTo(DenyReason.STALE);
    assertThat(verifier.verify(gate.sign(request(gate, T0.minus(WINDOW)))))
        .isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void aReplayAfterTheWindowIsStaleEvenOnceItsNonceIsForgotten() {
    SignedGateRequest signed = gate.sign(request(gate, T0));
    assertThat(verifier.verify(signed)).isInstanceOf(Verification.Accepted.class);
    clock.advance(WINDOW.plusSeconds(1));
    assertThat(verifier.verify(gate.sign(request(gate, clock.instant()))))
        .isInstanceOf(Verification.Accepted.class);
    assertThat(verifier.rememberedNonces()).as("the first nonce was forgotten").isEqualTo(1);
    assertThat(reason(verifier.verify(signed))).isEqualTo(DenyReason.STALE);
  }

  @Test
  void rotationKeepsTheOldKeyForTheOverlapAndRevocationEndsAll() {
    KeyPair next = GateSigner.newKeyPair();
    GateSigner old = gate;
    GateSigner renewed = new GateSigner("G1", next.getPrivate(), new Random(4));
    registry.rotate("G1", next.getPublic(), Duration.ofMinutes(5));
    assertThat(verifier.verify(old.sign(request(old, clock.instant()))))
        .isInstanceOf(Verification.Accepted.class);
    clock.advance(Duration.ofMinutes(5));
    assertThat(reason(verifier.verify(old.sign(request(old, clock.instant())))))
        .isEqualTo(DenyReason.BAD_SIGNATURE);
    assertThat(verifier.verify(renewed.sign(request(renewed, clock.instant()))))
        .isInstanceOf(Verification.Accepted.class);
    assertThatThrownBy(() -> registry.rotate("G1", next.getPublic(), Duration.ZERO))
        .hasMessageContaining("already uses this key");
    assertThat(registry.revoke("G1")).isTrue();
    assertThat(reason(verifier.verify(renewed.sign(request(renewed, clock.instant())))))
        .isEqualTo(DenyReason.GATE_UNKNOWN);
    assertThatThrownBy(() -> registry.rotate("G1", next.getPublic(), Duration.ZERO))
        .hasMessageContaining("is revoked");
  }

  @Test
  void registryRefusesDuplicatesAndNonEd25519Keys() throws Exception {
    assertThatThrownBy(() -> registry.register("G1", keys.getPublic()))
        .hasMessageContaining("already registered");
    var rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
    assertThatThrownBy(() -> registry.register("G9", rsa.getPublic()))
        .hasMessageContaining("Ed25519");
    assertThatThrownBy(() -> GateKeyRegistry.publicKey(new byte[] {1, 2, 3}))
        .hasMessageContaining("X.509");
  }

  @Test
  void anAuthenticButMalformedBodyIsAClearError() throws Exception {
    var s = java.security.Signature.getInstance("Ed25519");
    s.initSign(keys.getPrivate());
    byte[] body =
        "{\"protocol\":\"facefare-gate/1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    s.update(body);
    SignedGateRequest signed = new SignedGateRequest("G1", body, s.sign());
    assertThatThrownBy(() -> verifier.verify(signed))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("missing field");
  }

  @Test
  void concurrentReplaysOfOneRequestAreAcceptedExactlyOnce() throws Exception {
    SignedGateRequest signed = gate.sign(request(gate, T0));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Verification> out = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                  out.add(verifier.verify(signed));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(out.stream().filter(v -> v instanceof Verification.Accepted).count()).isEqualTo(1);
    assertThat(out).hasSize(threads * 50);
  }

  static DenyReason reason(Verification v) {
    assertThat(v).isInstanceOf(Verification.Refused.class);
    return ((Verification.Refused) v).reason();
  }
}

package org.facefare.gate.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.facefare.face.Template;
import org.facefare.gate.TestClock;
import org.facefare.gate.authority.AuthorityPolicy;
import org.facefare.gate.authority.FareAuthority;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.authority.RequestVerifier;
import org.facefare.gate.authority.TestParts;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.protocol.SignedGateRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed-request flow over HTTPS with a certificate made at test time. */
class AuthorityTlsTest {

  static final Template ALICE = Template.of(TestParts.MODEL, new float[] {1, 0, 0, 0});

  @TempDir Path dir;
  TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));
  TestParts.SmallGallery gallery = new TestParts.SmallGallery();
  TestParts.Wallets wallets = new TestParts.Wallets();
  GateSigner gate;
  FareAuthority authority;
  SelfSignedCertificate cert;
  AuthorityHttpServer server;

  @BeforeEach
  void start() throws IOException {
    GateKeyRegistry keys = new GateKeyRegistry(clock);
    KeyPair pair = GateSigner.newKeyPair();
    keys.register("G1", pair.getPublic());
    gate = new GateSigner("G1", pair.getPrivate(), new Random(5));
    gallery.riders.put("rider-alice", ALICE);
    wallets.balance.put("rider-alice", 1_000_000L);
    authority =
        new FareAuthority(
            new RequestVerifier(keys, clock, Duration.ofSeconds(30)),
            new AuthorityPolicy(0.05),
            g -> false,
            gallery,
            wallets,
            new TestParts.Log());
    cert = SelfSignedCertificate.create(dir, "authority");
    server =
        AuthorityHttpServer.start(
            authority,
            "127.0.0.1",
            0,
            Duration.ofSeconds(5),
            Optional.of(ServerTls.pkcs12(cert.keyStore(), cert.password())));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  SignedGateRequest signed(Template t) {
    return gate.sign(
        new GateRequest("G1", UUID.randomUUID(), clock.instant(), gate.nonce(), t, 0.8, List.of()));
  }

  AuthorityClient client(Optional<javax.net.ssl.SSLContext> trust) {
    Duration deadline = Duration.ofSeconds(3);
    return new AuthorityClient(
        server.uri(), deadline, AuthorityClient.defaultBreaker("tls", deadline, deadline), trust);
  }

  @Test
  void aGateThatTrustsTheCertificateGetsDecisionsOverHttps() throws IOException {
    assertThat(server.uri().getScheme()).isEqualTo("https");
    AuthorityClient client = client(Optional.of(GateTrust.trusting(cert.certificate())));
    AuthorityAnswer open = client.decide(signed(ALICE));
    assertThat(open).isInstanceOf(AuthorityAnswer.Decided.class);
    assertThat(((AuthorityAnswer.Decided) open).decision()).isInstanceOf(GateDecision.Open.class);
    SignedGateRequest once = signed(ALICE);
    client.decide(once);
    AuthorityAnswer replay = client.decide(once);
    assertThat(((AuthorityAnswer.Decided) replay).decision())
        .isEqualTo(new GateDecision.Deny(DenyReason.REPLAYED));
    assertThat(wallets.charges).hasValue(2);
  }

  @Test
  void aGateThatDoesNotTrustTheCertificateSendsNothingAndSaysUseYourCard() throws IOException {
    Path other = Files.createDirectory(dir.resolve("other"));
    SelfSignedCertificate stranger = SelfSignedCertificate.create(other, "stranger");
    AuthorityAnswer answer =
        client(Optional.of(GateTrust.trusting(stranger.certificate()))).decide(signed(ALICE));
    assertThat(answer).isInstanceOf(AuthorityAnswer.Unavailable.class);
    assertThat(client(Optional.empty()).decide(signed(ALICE)))
        .isInstanceOf(AuthorityAnswer.Unavailable.class);
    assertThat(gallery.calls).hasValue(0);
    assertThat(wallets.charges).hasValue(0);
  }

  @Test
  void plainHttpStaysTheDefaultAndDoesNotSpeakToATlsPort() {
    try (AuthorityHttpServer plain =
        AuthorityHttpServer.start(authority, "127.0.0.1", 0, Duration.ofSeconds(5))) {
      assertThat(plain.uri().getScheme()).isEqualTo("http");
      Duration deadline = Duration.ofSeconds(3);
      AuthorityClient client =
          new AuthorityClient(
              plain.uri(), deadline, AuthorityClient.defaultBreaker("plain", deadline, deadline));
      assertThat(client.decide(signed(ALICE))).isInstanceOf(AuthorityAnswer.Decided.class);
    }
    java.net.URI wrong = java.net.URI.create("http://127.0.0.1:" + server.port());
    Duration deadline = Duration.ofSeconds(3);
    AuthorityClient plainToTls =
        new AuthorityClient(
            wrong, deadline, AuthorityClient.defaultBreaker("wrong", deadline, deadline));
    assertThat(plainToTls.decide(signed(ALICE))).isInstanceOf(AuthorityAnswer.Unavailable.class);
  }

  @Test
  void badKeyStoresAndTrustFilesAreClearErrors() throws IOException {
    assertThatThrownBy(() -> ServerTls.pkcs12(dir.resolve("none.p12"), new char[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ServerTls.pkcs12(cert.keyStore(), "wrong".toCharArray()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot be read as PKCS#12");
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    assertThatThrownBy(() -> GateTrust.trusting(junk))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("junk.pem");
    assertThatThrownBy(() -> GateTrust.trusting(dir.resolve("missing.pem")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not exist");
  }
}

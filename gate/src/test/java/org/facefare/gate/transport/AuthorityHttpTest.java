package org.facefare.gate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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

/** The authority's endpoint and the gate's client over real HTTP, with hostile requests. */
class AuthorityHttpTest {

  static final Template ALICE = Template.of(TestParts.MODEL, new float[] {1, 0, 0, 0});

  TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));
  TestParts.SmallGallery gallery = new TestParts.SmallGallery();
  TestParts.Wallets wallets = new TestParts.Wallets();
  TestParts.Log log = new TestParts.Log();
  GateSigner gate;
  AuthorityHttpServer server;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    GateKeyRegistry keys = new GateKeyRegistry(clock);
    KeyPair pair = GateSigner.newKeyPair();
    keys.register("G1", pair.getPublic());
    gate = new GateSigner("G1", pair.getPrivate(), new Random(5));
    gallery.riders.put("rider-alice", ALICE);
    wallets.balance.put("rider-alice", 1_000_000L);
    FareAuthority authority =
        new FareAuthority(
            new RequestVerifier(keys, clock, Duration.ofSeconds(30)),
            new AuthorityPolicy(0.05),
            g -> false,
            gallery,
            wallets,
            log);
    server = AuthorityHttpServer.start(authority, "127.0.0.1", 0, Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  SignedGateRequest signed(Template t, Instant at) {
    return gate.sign(new GateRequest("G1", UUID.randomUUID(), at, gate.nonce(), t, 0.8, List.of()));
  }

  HttpResponse<String> post(String gateHeader, byte[] body, String signature, String type)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri().resolve(GateHeaders.DECISIONS_PATH))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (gateHeader != null) {
      b.header(GateHeaders.GATE, gateHeader);
    }
    if (signature != null) {
      b.header(GateHeaders.SIGNATURE, signature);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(SignedGateRequest s) throws Exception {
    return post(
        s.gateId(),
        s.body(),
        Base64.getEncoder().encodeToString(s.signature()),
        "application/json");
  }

  static GateDecision decision(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return GateDecisionCodec.read(r.body().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGenuineRequestOpensAndEveryHostileOneIsRefusedWithoutCharging() throws Exception {
    SignedGateRequest genuine = signed(ALICE, clock.instant());
    GateDecision open = decision(post(genuine));
    assertThat(open).isInstanceOf(GateDecision.Open.class);
    assertThat(GateDecisionCodec.read(GateDecisionCodec.write(open))).isEqualTo(open);

    assertThat(decision(post(genuine))).isEqualTo(new GateDecision.Deny(DenyReason.REPLAYED));
    SignedGateRequest other = signed(ALICE, clock.instant());
    assertThat(
            decision(
                post(
                    "G1",
                    other.body(),
                    Base64.getEncoder().encodeToString(genuine.signature()),
                    "application/json")))
        .isEqualTo(new GateDecision.Deny(DenyReason.BAD_SIGNATURE));
    assertThat(decision(post(signed(ALICE, clock.instant().minusSeconds(120)))))
        .isEqualTo(new GateDecision.Deny(DenyReason.STALE));
    assertThat(decision(post(signed(ALICE, clock.instant().plusSeconds(120)))))
        .isEqualTo(new GateDecision.Deny(DenyReason.STALE));
    SignedGateRequest g9 = signed(ALICE, clock.instant());
    assertThat(
            decision(
                post(
                    "G9",
                    g9.body(),
                    Base64.getEncoder().encodeToString(g9.signature()),
                    "application/json")))
        .isEqualTo(new GateDecision.Deny(DenyReason.GATE_UNKNOWN));

    SignedGateRequest wrongModel =
        signed(Template.of("mobileface", new float[] {1, 0, 0, 0}), clock.instant());
    HttpResponse<String> refused = post(wrongModel);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("mobileface");

    byte[] truncated = Arrays.copyOf(other.body(), other.body().length - 7);
    assertThat(
            decision(
                post(
                    "G1",
                    truncated,
                    Base64.getEncoder().encodeToString(other.signature()),
                    "application/json")))
        .isEqualTo(new GateDecision.Deny(DenyReason.BAD_SIGNATURE));
    assertThat(post("G1", new byte[40_000], "AAAA", "application/json").statusCode())
        .isEqualTo(413);
    assertThat(post(null, other.body(), "AAAA", "application/json").statusCode()).isEqualTo(400);
    assertThat(post("G1", other.body(), "%%%", "application/json").statusCode()).isEqualTo(400);
    assertThat(post("G1", other.body(), "AAAA", "text/plain").statusCode()).isEqualTo(415);

    assertThat(wallets.charges).hasValue(1);
    assertThat(log.entries).hasSize(1);
  }

  @Test
  void anotherMethodOrPathOrAnOversizedChunkedBodyIsRefusedAndAChunkedRequestIsDecided()
      throws Exception {
    URI decisions = server.uri().resolve(GateHeaders.DECISIONS_PATH);
    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(decisions).GET().build(), BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    SignedGateRequest genuine = signed(ALICE, clock.instant());
    HttpResponse<String> elsewhere =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve("/v1/gate/other"))
                .POST(BodyPublishers.ofByteArray(genuine.body()))
                .header("Content-Type", "application/json")
                .build(),
            BodyHandlers.ofString());
    assertThat(elsewhere.statusCode()).isEqualTo(404);

    // A body of unknown length is sent chunked: the limit holds without a Content-Length.
    HttpResponse<String> oversized =
        http.send(chunked(decisions, new byte[40_000], genuine), BodyHandlers.ofString());
    assertThat(oversized.statusCode()).as(oversized.body()).isEqualTo(413);
    assertThat(wallets.charges).hasValue(0);

    GateDecision open =
        decision(http.send(chunked(decisions, genuine.body(), genuine), BodyHandlers.ofString()));
    assertThat(open).isInstanceOf(GateDecision.Open.class);
    assertThat(wallets.charges).hasValue(1);
  }

  static HttpRequest chunked(URI uri, byte[] body, SignedGateRequest signature) {
    return HttpRequest.newBuilder(uri)
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .header("Content-Type", "application/json")
        .header(GateHeaders.GATE, signature.gateId())
        .header(GateHeaders.SIGNATURE, Base64.getEncoder().encodeToString(signature.signature()))
        .build();
  }

  @Test
  void aSlowClientIsCutOffAndChargesNobody() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + GateHeaders.DECISIONS_PATH
                  + " HTTP/1.1\r\nHost: x\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 900\r\n"
                  + GateHeaders.GATE
                  + ": G1\r\n"
                  + GateHeaders.SIGNATURE
                  + ": AAAA\r\n\r\n{\"pro")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] rest = in.readAllBytes();
      assertThat(new String(rest, StandardCharsets.US_ASCII)).doesNotContain("\"decision\"");
    }
    assertThat(wallets.charges).hasValue(0);
  }

  @Test
  void theClientDecidesThroughTheServer() {
    AuthorityClient client =
        new AuthorityClient(
            server.uri(),
            Duration.ofSeconds(5),
            AuthorityClient.defaultBreaker("t", Duration.ofSeconds(5), Duration.ofSeconds(5)));
    AuthorityAnswer answer = client.decide(signed(ALICE, clock.instant()));
    assertThat(answer).isInstanceOf(AuthorityAnswer.Decided.class);
    assertThat(((AuthorityAnswer.Decided) answer).decision()).isInstanceOf(GateDecision.Open.class);
  }

  @Test
  void aSlowAuthorityMeansUnavailableWithinTheDeadlineAndTheBreakerOpens() {
    AtomicInteger hits = new AtomicInteger();
    Javalin slow =
        Javalin.create(
                c -> {
                  c.startup.showJavalinBanner = false;
                  c.routes.post(
                      GateHeaders.DECISIONS_PATH,
                      ctx -> {
                        hits.incrementAndGet();
                        Thread.sleep(1_500);
                        ctx.result("late");
                      });
                })
            .start("127.0.0.1", 0);
    try {
      Duration deadline = Duration.ofMillis(200);
      AuthorityClient client =
          new AuthorityClient(
              URI.create("http://127.0.0.1:" + slow.port()),
              deadline,
              AuthorityClient.defaultBreaker("slow", deadline, Duration.ofMinutes(1)));
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        AuthorityAnswer a = client.decide(signed(ALICE, clock.instant()));
        assertThat(a).isInstanceOf(AuthorityAnswer.Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      }
      AuthorityAnswer open = client.decide(signed(ALICE, clock.instant()));
      assertThat(((AuthorityAnswer.Unavailable) open).why()).contains("circuit breaker open");
      assertThat(hits).hasValueLessThanOrEqualTo(5);
    } finally {
      slow.stop();
    }
  }

  @Test
  void anUnreachableAuthorityMeansUnavailable() {
    AuthorityClient client =
        new AuthorityClient(
            URI.create("http://127.0.0.1:1"),
            Duration.ofMillis(500),
            AuthorityClient.defaultBreaker("down", Duration.ofMillis(500), Duration.ofMinutes(1)));
    assertThat(client.decide(signed(ALICE, clock.instant())))
        .isInstanceOf(AuthorityAnswer.Unavailable.class);
  }
}

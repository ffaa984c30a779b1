package org.facefare.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.FaceResult;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.gate.authority.AuthorityPolicy;
import org.facefare.gate.authority.FareAuthority;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.authority.RequestVerifier;
import org.facefare.gate.authority.TestParts;
import org.facefare.gate.edge.FolderFrameSource;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.GateLoop;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.transport.AuthorityClient;
import org.facefare.gate.transport.AuthorityHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real photos through a gate: the face engine, the gate loop, real HTTP and the fare authority; an
 * enrolled rider on a photo not used at enrolment is let through, an unenrolled person is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealFacesEndToEndTest {

  /** The celeb-thumbs threshold at FMR 1e-4 for the default model (docs/accuracy.md). */
  static final double THRESHOLD = 0.9334;

  Path photos =
      Optional.ofNullable(System.getenv("FACEFARE_DATASETS"))
          .map(Path::of)
          .orElse(Path.of(System.getProperty("facefare.repo", "."), "..", "shared", "datasets"))
          .resolve("deepface-pairs");
  FaceEngine engine;
  TestParts.SmallGallery gallery = new TestParts.SmallGallery(THRESHOLD, 0.005);
  TestParts.Wallets wallets = new TestParts.Wallets();
  TestParts.Log log = new TestParts.Log();
  AuthorityHttpServer server;
  GateSigner signer;

  @BeforeAll
  void start() throws Exception {
    ModelCache cache = ModelCache.fromEnvironment();
    assumeTrue(cache.isFetched(), "models are not in " + cache.root() + " (skipping)");
    assumeTrue(Files.isDirectory(photos), photos + " is absent (datasets not present): skipping");
    engine =
        FaceEngine.open(FaceEngineSettings.builder().models(cache).build(), ImportListener.NONE);
    for (String id : List.of("id00", "id02", "id03", "id05")) {
      FaceResult r = engine.process(Files.readAllBytes(photos(id).getFirst()));
      assertThat(r).as(id).isInstanceOf(FaceResult.Ok.class);
      gallery.riders.put("rider-" + id, ((FaceResult.Ok) r).template());
      wallets.balance.put("rider-" + id, 100_000L);
    }
    Clock clock = Clock.systemUTC();
    GateKeyRegistry keys = new GateKeyRegistry(clock);
    KeyPair pair = GateSigner.newKeyPair();
    keys.register("G1", pair.getPublic());
    signer = new GateSigner("G1", pair.getPrivate(), new SecureRandom());
    server =
        AuthorityHttpServer.start(
            new FareAuthority(
                new RequestVerifier(keys, clock, Duration.ofSeconds(30)),
                new AuthorityPolicy(0.05),
                g -> false,
                gallery,
                wallets,
                log),
            "127.0.0.1",
            0,
            Duration.ofSeconds(5));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  List<Path> photos(String identity) throws IOException {
    try (var list = Files.list(photos.resolve(identity))) {
      return list.sorted().toList();
    }
  }

  List<GateEvent> walkThrough(Path photo) throws IOException {
    List<GateEvent> events = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    AuthorityClient client =
        new AuthorityClient(
            server.uri(),
            Duration.ofSeconds(5),
            AuthorityClient.defaultBreaker("e2e", Duration.ofSeconds(5), Duration.ofSeconds(5)));
    GateLoop loop =
        new GateLoop(
            signer,
            engine::process,
            client::decide,
            new Turnstile(clock, Duration.ofSeconds(8), Duration.ofSeconds(1)),
            Duration.ZERO,
            clock,
            events::add);
    try (FolderFrameSource frames = FolderFrameSource.ofFiles(List.of(photo))) {
      for (Optional<byte[]> f = frames.next(); f.isPresent(); f = frames.next()) {
        loop.onFrame(f.get());
      }
    }
    return events;
  }

  static GateDecision decision(List<GateEvent> events) {
    return events.stream()
        .filter(GateEvent.Decided.class::isInstance)
        .map(e -> ((GateEvent.Decided) e).decision())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no decision in " + events));
  }

  @Test
  void anEnrolledRiderOnAnotherPhotoIsLetThroughAndCharged() throws IOException {
    GateDecision d = decision(walkThrough(photos("id02").getLast()));
    assertThat(d).isInstanceOf(GateDecision.Open.class);
    assertThat(log.entries).anySatisfy(e -> assertThat(e.rider()).isEqualTo("rider-id02"));
    assertThat(wallets.balance.get("rider-id02")).isEqualTo(100_000L - 6_200);
  }

  @Test
  void someoneNotEnrolledIsRefusedAndChargesNobody() throws IOException {
    int before = wallets.charges.get();
    GateDecision d = decision(walkThrough(photos("id07").getFirst()));
    assertThat(d).isEqualTo(new GateDecision.Deny(DenyReason.NO_MATCH));
    assertThat(wallets.charges.get()).isEqualTo(before);
  }
}

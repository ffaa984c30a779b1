package org.facefare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.FaceResult;
import org.facefare.face.eval.FaceDataset;
import org.facefare.face.eval.MachineInfo;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.models.ModelCache;
import org.facefare.face.onnx.InferenceSettings;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.ModelProfile;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.GateLoop;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.transport.AuthorityClient;
import org.facefare.gate.transport.AuthorityHttpServer;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.server.demo.DemoFaces;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.demo.Photo;
import org.facefare.server.wiring.FaceFareSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare bench gate}: frame to decision at one gate on one core, network hop included —
 * the gate's face pipeline, best-frame track, signed request over HTTP to the real fare authority
 * (gallery, fare engine, PostgreSQL ledger, transparency log) and back.
 *
 * <p>The gate runs with ONNX Runtime on one intra-op thread and one caller thread; the authority
 * runs in the same process on its own threads (on a real network it is another machine), so the
 * figure is the gate's own work plus one localhost round trip and the authority's decision. Riders
 * enrol with their first photo; the frames are their other photos, so most passages open and charge
 * (the open-set rule is the demo's, {@link DemoRunner#RULE}). Latency is from the frame's arrival
 * to the decision, as the gate measures it; frames the gate's own checks refuse never reach the
 * authority and are counted apart. The peers to compare with are Guangzhou's ~0.5 s and Moscow's
 * ~1.5 s per passage (bar: p50 ≤ 150 ms).
 */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = "Frame-to-decision latency of one gate on one core, network hop included.")
final class GateBench implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--frames", description = "Frames to decide (default: ${DEFAULT-VALUE}).")
  int frames = 200;

  @Option(names = "--warmup", description = "Warm-up frames (default: ${DEFAULT-VALUE}).")
  int warmup = 20;

  @Option(
      names = "--datasets",
      description = "Photo sets (default: $FACEFARE_DATASETS or ../shared/datasets).")
  Path datasets;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path data = FaceDataset.sharedRoot(datasets);
    if (!Files.isDirectory(data)) {
      System.err.println("facefare bench gate: no photo sets at " + data + " (--datasets)");
      return 2;
    }
    ModelCache models = ModelCache.fromEnvironment();
    DemoFaces faces = DemoFaces.fromDatasets(data, 1);
    Path dir = Files.createTempDirectory("facefare-bench-gate");
    Files.createDirectories(out);
    List<Double> latencies = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    try (FaceEngine engine =
            FaceEngine.open(
                FaceEngineSettings.builder()
                    .models(models)
                    .inference(InferenceSettings.SINGLE_THREAD)
                    .build(),
                ImportListener.NONE);
        FaceFareSystem system =
            FaceFareSystem.builder(dir)
                .profile(ModelProfile.defaultModel().withRule(DemoRunner.RULE))
                .open();
        AuthorityHttpServer http =
            AuthorityHttpServer.start(system.authority(), "127.0.0.1", 0, Duration.ofSeconds(10))) {
      List<Photo> rides = new ArrayList<>();
      int n = 0;
      for (DemoFaces.Person person : faces.riders()) {
        FaceResult r;
        try {
          r = engine.process(person.enrolment().getFirst().bytes());
        } catch (ImageDecodeException e) {
          continue;
        }
        if (r instanceof FaceResult.Ok ok) {
          String id = "bench-" + n++;
          system
              .facePay()
              .enrol(
                  new Pseudonym(id),
                  ConsentAnswer.agreeTo(ConsentTexts.bundled().current()),
                  List.of(ok.template()));
          RiderId rider = new RiderId(id);
          system.ledger().openWallet(rider, Money.currency("RUB"), "adult");
          system
              .ledger()
              .topUp(
                  new TopUpRequest(
                      "bench-" + id,
                      rider,
                      Money.of(SandboxPaymentProvider.LIMIT_MINOR, "RUB"),
                      SandboxPaymentProvider.APPROVE));
          rides.addAll(person.rides());
        }
      }
      List<byte[]> frameBytes = new ArrayList<>();
      for (Photo p : rides) {
        frameBytes.add(p.bytes());
      }
      Clock clock = Clock.systemUTC();
      String gateId = system.network().gates().getFirst().id();
      KeyPair pair = GateSigner.newKeyPair();
      system.gateKeys().register(gateId, pair.getPublic());
      Duration deadline = Duration.ofSeconds(2);
      AuthorityClient client =
          new AuthorityClient(
              http.uri(), deadline, AuthorityClient.defaultBreaker("bench", deadline, deadline));
      Turnstile turnstile = new Turnstile(clock, Duration.ofSeconds(8), Duration.ofMillis(1));
      List<GateEvent> events = new ArrayList<>();
      GateLoop loop =
          new GateLoop(
              new GateSigner(gateId, pair.getPrivate(), new SecureRandom()),
              engine::process,
              client::decide,
              turnstile,
              Duration.ZERO,
              clock,
              events::add);
      for (int i = 0; i < warmup + frames; i++) {
        events.clear();
        loop.onFrame(frameBytes.get(i % frameBytes.size()));
        if (turnstile.state() == Turnstile.State.OPEN) {
          loop.passage();
          Thread.sleep(2);
          loop.tick();
        }
        if (i < warmup) {
          continue;
        }
        String outcome = "GATE_REFUSED_OR_NO_FACE";
        for (GateEvent e : events) {
          if (e instanceof GateEvent.Decided d) {
            latencies.add(d.latency().toNanos() / 1e6);
            outcome =
                d.decision() instanceof GateDecision.Deny deny ? deny.reason().name() : "OPEN";
          } else if (e instanceof GateEvent.Unavailable u) {
            latencies.add(u.latency().toNanos() / 1e6);
            outcome = "UNAVAILABLE";
          }
        }
        outcomes.merge(outcome, 1, Integer::sum);
      }
    } finally {
      BenchFiles.deleteTree(dir);
    }
    double[] ms = latencies.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(ms);
    ObjectNode fig = JSON.createObjectNode();
    fig.put("frames", frames);
    fig.put("decided", ms.length);
    fig.put("p50_ms", ms.length == 0 ? 0 : round(FaceBench.percentile(ms, 50)));
    fig.put("p90_ms", ms.length == 0 ? 0 : round(FaceBench.percentile(ms, 90)));
    fig.put("p99_ms", ms.length == 0 ? 0 : round(FaceBench.percentile(ms, 99)));
    fig.set("outcomes", JSON.valueToTree(outcomes));
    fig.put("bar_p50_ms", 150);
    fig.put("peer_guangzhou_ms", 500);
    fig.put("peer_moscow_ms", 1500);
    fig.set("machine", JSON.valueToTree(MachineInfo.collect()));
    JSON.writeValue(out.resolve("figures.json").toFile(), fig);
    if (ms.length > 0) {
      LatencyChart.write(
          ms,
          out.resolve("latency.png"),
          "Gate: frame to decision (one core, HTTP to the authority)",
          ms.length + " decided frames");
    }
    System.out.println(JSON.writeValueAsString(fig));
    return 0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

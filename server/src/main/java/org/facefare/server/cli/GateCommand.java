package org.facefare.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.models.ModelCache;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.edge.FolderFrameSource;
import org.facefare.gate.edge.FrameSource;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.GateLoop;
import org.facefare.gate.edge.MjpegFrameSource;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateKeyFiles;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.transport.AuthorityAnswer;
import org.facefare.gate.transport.AuthorityClient;
import org.facefare.gate.transport.GateTrust;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare gate --config FILE}: one or more gates, each reading frames from its source
 * through the face pipeline, the face track, the signed request and the turnstile; {@code facefare
 * gate keygen} makes a gate's key pair.
 *
 * <p>Each gate runs on its own thread and prints what it shows or does as one JSON line per event
 * on standard output (decisions with their receipt's request id, "use your card", advice, turnstile
 * moves); frames stay in memory and are dropped after each one is processed. When every source has
 * ended (a folder or list of images) it prints a summary per gate and exits; camera streams are
 * reopened after a second when they end, until the process is stopped.
 */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = "Run one or more face-pay gates from a YAML or JSON configuration.",
    subcommands = {GateCommand.Keygen.class})
final class GateCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--config", description = "The gates' configuration (YAML or JSON).")
  Path config;

  @picocli.CommandLine.Mixin ModelsCommand.CacheOption cache = new ModelsCommand.CacheOption();

  private final AtomicBoolean stopping = new AtomicBoolean();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (config == null) {
      System.err.println("facefare gate: --config FILE is required (or: facefare gate keygen)");
      return 2;
    }
    GateConfig cfg;
    Map<String, PrivateKey> keys = new TreeMap<>();
    Optional<SSLContext> trust;
    try {
      cfg = GateConfig.read(config);
      for (int i = 0; i < cfg.gates().size(); i++) {
        GateConfig.Gate g = cfg.gates().get(i);
        try {
          keys.put(g.id(), GateKeyFiles.readPrivate(g.key()));
        } catch (IOException e) {
          throw new GateConfig.ConfigException(config, "gates[" + i + "].key", e.getMessage());
        }
      }
      trust =
          cfg.authority().trust().isPresent()
              ? Optional.of(trusting(cfg.authority().trust().get()))
              : Optional.empty();
    } catch (GateConfig.ConfigException e) {
      System.err.println("facefare gate: " + e.getMessage());
      return 2;
    }
    ModelCache models = cache.resolve();
    if (!models.isFetched()) {
      System.err.println(
          "facefare gate: models are not in " + models.root() + "; run ./facefare models fetch");
      return 2;
    }
    PrintStream out = System.out;
    Map<String, Map<String, Integer>> summary = new ConcurrentHashMap<>();
    try (FaceEngine engine =
        FaceEngine.open(
            FaceEngineSettings.builder().models(models).build(), new ImportProgress())) {
      Clock clock = Clock.systemUTC();
      Duration deadline = cfg.authority().deadline();
      AuthorityClient client =
          new AuthorityClient(
              cfg.authority().url(),
              deadline,
              AuthorityClient.defaultBreaker("gates", deadline, cfg.authority().breakerWait()),
              trust);
      Thread main = Thread.currentThread();
      CountDownLatch reported = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                stopping.set(true);
                main.interrupt();
                try {
                  // Ctrl-C: let the gates finish their frame and print their summaries.
                  reported.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "facefare-gate-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      List<Thread> threads = new ArrayList<>();
      for (GateConfig.Gate g : cfg.gates()) {
        Map<String, Integer> counts = new TreeMap<>();
        summary.put(g.id(), counts);
        GateSigner signer = new GateSigner(g.id(), keys.get(g.id()), new SecureRandom());
        threads.add(
            Thread.ofPlatform()
                .name("gate-" + g.id())
                .start(() -> runGate(g, signer, engine, client, clock, out, counts)));
      }
      out.println(
          event(null, "started")
              .put("gates", cfg.gates().size())
              .put("authority", cfg.authority().url().toString()));
      try {
        for (Thread t : threads) {
          t.join();
        }
      } catch (InterruptedException e) {
        stopping.set(true);
        for (Thread t : threads) {
          t.interrupt();
          t.join(5_000);
        }
      }
      for (var e : new TreeMap<>(summary).entrySet()) {
        ObjectNode s = event(e.getKey(), "summary");
        synchronized (e.getValue()) {
          s.set("outcomes", JSON.valueToTree(e.getValue()));
        }
        out.println(s);
      }
      out.flush();
      reported.countDown();
      if (!stopping.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
      return 0;
    }
  }

  private static SSLContext trusting(Path file) throws GateConfig.ConfigException {
    try {
      return GateTrust.trusting(file);
    } catch (IOException e) {
      throw new GateConfig.ConfigException(file, "", e.getMessage());
    }
  }

  private void runGate(
      GateConfig.Gate g,
      GateSigner signer,
      FaceEngine engine,
      AuthorityClient client,
      Clock clock,
      PrintStream out,
      Map<String, Integer> counts) {
    Turnstile turnstile = new Turnstile(clock, g.openTimeout(), g.passedHold());
    GateLoop loop =
        new GateLoop(
            signer,
            engine::process,
            request -> {
              AuthorityAnswer a = client.decide(request);
              if (a instanceof AuthorityAnswer.Unavailable u) {
                print(out, event(g.id(), "authority_unavailable").put("why", u.why()));
              }
              return a;
            },
            turnstile,
            g.trackWindow(),
            clock,
            e -> report(g.id(), e, out, counts));
    try {
      do {
        try (FrameSource source = open(g.frames())) {
          Optional<byte[]> frame;
          while (!stopping.get() && (frame = source.next()).isPresent()) {
            loop.onFrame(frame.get());
            if (g.simulatedPassage().isPresent() && turnstile.state() == Turnstile.State.OPEN) {
              Thread.sleep(g.simulatedPassage().get());
              loop.passage();
            }
            if (!g.frameInterval().isZero()) {
              Thread.sleep(g.frameInterval());
            }
          }
        } catch (IOException e) {
          print(out, event(g.id(), "frame_source_failed").put("why", e.getMessage()));
        }
        if (g.frames() instanceof GateConfig.Frames.Mjpeg && !stopping.get()) {
          Thread.sleep(1_000);
        }
      } while (g.frames() instanceof GateConfig.Frames.Mjpeg && !stopping.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static FrameSource open(GateConfig.Frames frames)
      throws IOException, InterruptedException {
    return switch (frames) {
      case GateConfig.Frames.Folder f -> FolderFrameSource.of(f.folder());
      case GateConfig.Frames.Files f -> FolderFrameSource.ofFiles(f.files());
      case GateConfig.Frames.Mjpeg m -> {
        HttpResponse<InputStream> response =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                    HttpRequest.newBuilder(m.url()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
          response.body().close();
          throw new IOException("camera " + m.url() + " answered " + response.statusCode());
        }
        yield new MjpegFrameSource(
            response.body(), response.headers().firstValue("Content-Type").orElse(null));
      }
    };
  }

  private static void report(
      String gate, GateEvent e, PrintStream out, Map<String, Integer> counts) {
    ObjectNode line;
    String outcome = null;
    switch (e) {
      case GateEvent.Feedback f -> {
        line = event(gate, "feedback").put("text", f.text());
        outcome = "GATE_ADVICE";
      }
      case GateEvent.Decided d -> {
        line = event(gate, "decided").put("latency_ms", d.latency().toNanos() / 1e6);
        switch (d.decision()) {
          case GateDecision.Open o -> {
            line.put("decision", "OPEN")
                .put("request_id", o.receipt().requestId().toString())
                .put("fare_minor", o.receipt().fareMinor())
                .put("currency", o.receipt().currency())
                .put("log_index", o.receipt().logIndex());
            outcome = "OPEN";
          }
          case GateDecision.Deny n -> {
            line.put("decision", "DENY")
                .put("reason", n.reason().name())
                .put("text", n.reason().displayText());
            outcome = n.reason().name();
          }
        }
      }
      case GateEvent.Unavailable u -> {
        line =
            event(gate, "unavailable")
                .put("text", AuthorityAnswer.UNAVAILABLE_TEXT)
                .put("why", u.why())
                .put("latency_ms", u.latency().toNanos() / 1e6);
        outcome = "UNAVAILABLE";
      }
      case GateEvent.TurnstileMoved t ->
          line = event(gate, "turnstile").put("moved", t.transition().name());
    }
    if (outcome != null) {
      synchronized (counts) {
        counts.merge(outcome, 1, Integer::sum);
      }
    }
    print(out, line);
  }

  private static ObjectNode event(String gate, String kind) {
    ObjectNode n = JSON.createObjectNode();
    if (gate != null) {
      n.put("gate", gate);
    }
    return n.put("event", kind);
  }

  private static void print(PrintStream out, ObjectNode line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** {@code facefare gate keygen}: a gate's Ed25519 key pair. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description =
          "Make a gate's Ed25519 key pair: OUT/ID.key (private, owner-only) and OUT/ID.pub (to"
              + " register with: facefare authority gates register --id ID --key OUT/ID.pub).")
  static final class Keygen implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "The gate's id.")
    String id;

    @Option(names = "--out", required = true, description = "Folder for the key files.")
    Path out;

    @Override
    public Integer call() {
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
        System.err.println(
            "facefare gate keygen: '" + id + "' is not a gate id (letters, digits, . _ : -)");
        return 2;
      }
      KeyPair pair = GateSigner.newKeyPair();
      try {
        GateKeyFiles.Written w = GateKeyFiles.write(pair, out, id);
        System.out.println("private key: " + w.privateKey());
        System.out.println("public key:  " + w.publicKey());
        System.out.println("fingerprint: " + GateKeyRegistry.fingerprint(pair.getPublic()));
        return 0;
      } catch (IOException e) {
        System.err.println("facefare gate keygen: " + e.getMessage());
        return 1;
      }
    }
  }
}

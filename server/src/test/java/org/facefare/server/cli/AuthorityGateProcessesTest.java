package org.facefare.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.FaceResult;
import org.facefare.face.eval.FaceDataset;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.ModelProfile;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.server.demo.DemoFaces;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.demo.Photo;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end over processes: {@code facefare gate keygen}, {@code facefare authority gates
 * register}, then {@code facefare authority} over HTTPS (a key store made with the JDK's keytool)
 * and {@code facefare gate --config} as two child JVMs, the gate reading a folder of real photos of
 * riders enrolled with their other photos.
 */
class AuthorityGateProcessesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int RIDERS = 4;

  @TempDir Path dir;

  record Cli(int status, String out, String err) {}

  static Cli cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine c = FaceFareCli.commandLine();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int status;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      status = c.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Cli(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anAuthorityAndAGateProcessChargeRealRidersOverTls() throws Exception {
    ModelCache models = ModelCache.fromEnvironment();
    assumeTrue(models.isFetched(), "models are not in " + models.root() + " (skipping)");
    Path datasets = FaceDataset.sharedRoot(null);
    assumeTrue(
        Files.isDirectory(datasets),
        "no photo sets at " + datasets + " (set FACEFARE_DATASETS): skipping");
    Path data = dir.resolve("data");
    Path keys = dir.resolve("keys");
    Path frames = Files.createDirectories(dir.resolve("frames"));
    ModelProfile profile = ModelProfile.defaultModel().withRule(DemoRunner.RULE);

    String gate;
    List<String> enrolled = new ArrayList<>();
    try (FaceEngine engine =
            FaceEngine.open(
                FaceEngineSettings.builder().models(models).build(), ImportListener.NONE);
        FaceFareSystem system = FaceFareSystem.builder(data).profile(profile).open()) {
      gate = system.network().gates().getFirst().id();
      int frame = 0;
      for (DemoFaces.Person person : DemoFaces.fromDatasets(datasets, 3).riders()) {
        if (enrolled.size() == RIDERS) {
          break;
        }
        Optional<FaceResult.Ok> ok = usable(engine, person.enrolment().getFirst());
        if (ok.isEmpty()) {
          continue;
        }
        String id = "e2e-" + enrolled.size();
        system
            .facePay()
            .enrol(
                new Pseudonym(id),
                ConsentAnswer.agreeTo(ConsentTexts.bundled().current()),
                List.of(ok.get().template()));
        RiderId rider = new RiderId(id);
        system.ledger().openWallet(rider, Money.currency("RUB"), "adult");
        system
            .ledger()
            .topUp(
                new TopUpRequest(
                    "e2e-" + id,
                    rider,
                    Money.of(SandboxPaymentProvider.LIMIT_MINOR, "RUB"),
                    SandboxPaymentProvider.APPROVE));
        enrolled.add(id);
        for (Photo p : person.rides().subList(0, Math.min(3, person.rides().size()))) {
          Files.write(frames.resolve(String.format("%03d.jpg", frame++)), p.bytes());
        }
      }
    }
    assumeTrue(enrolled.size() == RIDERS, "too few usable enrolment photos: skipping");

    assertThat(cli("gate", "keygen", "--id", gate, "--out", keys.toString()).status()).isZero();
    Path pub = keys.resolve(gate + ".pub");
    Cli registered =
        cli(
            "authority",
            "gates",
            "register",
            "--data",
            data.toString(),
            "--id",
            gate,
            "--key",
            pub.toString(),
            "--by",
            "e2e-operator");
    assertThat(registered.status()).as(registered.err()).isZero();
    assertThat(registered.out()).contains("registered gate " + gate + " SHA256:");
    Cli again =
        cli(
            "authority",
            "gates",
            "register",
            "--data",
            data.toString(),
            "--id",
            gate,
            "--key",
            pub.toString());
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).contains("already registered");

    Path p12 = dir.resolve("authority.p12");
    Path pem = dir.resolve("authority.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "authority",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        p12.toString(),
        "-storepass",
        "e2e-secret",
        "-keypass",
        "e2e-secret");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "authority",
        "-keystore",
        p12.toString(),
        "-storepass",
        "e2e-secret",
        "-file",
        pem.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("gates.yaml"),
            """
            authority:
              url: https://127.0.0.1:%d
              trust: authority.pem
              deadline: 5s
            gates:
              - id: %s
                key: keys/%s.key
                frames: {folder: frames}
                track_window: 0ms
                turnstile: {open_timeout: 2s, passed_hold: 100ms, simulated_passage: 50ms}
            """
                .formatted(port, gate, gate));

    List<JsonNode> events = new ArrayList<>();
    try (ChildJvm authority =
        ChildJvm.start(
            dir.resolve("logs"),
            "authority",
            Map.of("E2E_TLS_PASSWORD", "e2e-secret"),
            "authority",
            "--data",
            data.toString(),
            "--port",
            Integer.toString(port),
            "--tls-keystore",
            p12.toString(),
            "--tls-password-env",
            "E2E_TLS_PASSWORD",
            "--threshold",
            Double.toString(DemoRunner.RULE.threshold()),
            "--margin",
            Double.toString(DemoRunner.RULE.margin()))) {
      String ready = authority.await(l -> l.startsWith("fare authority: "), Duration.ofMinutes(2));
      assertThat(ready).contains("https://127.0.0.1:" + port).contains(RIDERS + " riders");
      Cli locked = cli("authority", "gates", "list", "--data", data.toString());
      assertThat(locked.status()).isNotZero();
      assertThat(locked.err()).contains("in use by another FaceFare process");

      try (ChildJvm gates =
          ChildJvm.start(
              dir.resolve("logs"), "gate", Map.of(), "gate", "--config", config.toString())) {
        assertThat(gates.waitFor(Duration.ofMinutes(4))).as(gates.stderrTail()).isZero();
        for (String line : gates.lines()) {
          if (line.startsWith("{")) {
            events.add(JSON.readTree(line));
          }
        }
      }
    }
    List<JsonNode> decided =
        events.stream().filter(e -> e.path("event").asText().equals("decided")).toList();
    List<JsonNode> opened =
        decided.stream().filter(e -> e.path("decision").asText().equals("OPEN")).toList();
    assertThat(opened).as("events %s", events).isNotEmpty();
    assertThat(events).noneMatch(e -> e.path("event").asText().equals("unavailable"));
    assertThat(events)
        .anyMatch(
            e ->
                e.path("event").asText().equals("summary") && e.path("gate").asText().equals(gate));
    assertThat(events)
        .filteredOn(e -> e.path("event").asText().equals("turnstile"))
        .extracting(e -> e.path("moved").asText())
        .contains("OPENED", "PASSED");

    try (FaceFareSystem system = FaceFareSystem.builder(data).profile(profile).open();
        Connection c = system.database().dataSource().getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT amount, gate_id FROM fares.charge WHERE request_id = ? AND charged")) {
      for (JsonNode o : opened) {
        q.setString(1, o.path("request_id").asText());
        try (ResultSet rs = q.executeQuery()) {
          assertThat(rs.next()).as("charge of %s", o).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(o.path("fare_minor").asLong());
          assertThat(rs.getString(2)).isEqualTo(gate);
        }
      }
      assertThat(system.ledger().reconcile().ok()).isTrue();
    }
    Cli list = cli("authority", "gates", "list", "--data", data.toString());
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.out()).contains(gate).contains("ACTIVE").contains("e2e-operator");
    Cli history = cli("authority", "gates", "list", "--data", data.toString(), "--history", gate);
    assertThat(history.out()).contains("REGISTER").contains("by e2e-operator");
    Cli revoked =
        cli("authority", "gates", "revoke", "--data", data.toString(), "--id", gate, "--by", "e2e");
    assertThat(revoked.status()).as(revoked.err()).isZero();
    assertThat(cli("authority", "gates", "list", "--data", data.toString()).out())
        .contains("REVOKED");
  }

  private static Optional<FaceResult.Ok> usable(FaceEngine engine, Photo photo) throws Exception {
    try {
      return engine.process(photo.bytes()) instanceof FaceResult.Ok ok
          ? Optional.of(ok)
          : Optional.empty();
    } catch (ImageDecodeException e) {
      return Optional.empty();
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}

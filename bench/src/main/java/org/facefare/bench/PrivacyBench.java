package org.facefare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.facefare.face.Template;
import org.facefare.face.eval.MachineInfo;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.MerkleHash;
import org.facefare.privacy.log.ProofException;
import org.facefare.privacy.log.Proofs;
import org.facefare.privacy.log.TransparencyLog;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.postgres.PrivacyDatabase;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.privacy.vault.AesKeyEncryptionKey;
import org.facefare.privacy.vault.FileRiderKeyStore;
import org.facefare.privacy.vault.MasterKeyRing;
import org.facefare.privacy.vault.TemplateVault;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The privacy module's costs on an embedded PostgreSQL: appending to the transparency log, making
 * and checking inclusion proofs, auditing the stored log, and sealing and opening templates in the
 * vault. The peer for proofs is the RFC 6962 reference recursion over every leaf hash held in
 * memory (the definition Certificate Transparency's reference tests use), measured in the same run
 * on the same tree; the ratio says what storing complete subtrees buys.
 *
 * <p>Run: {@code flock /tmp/facefare-bench.lock ./facefare bench privacy --out out/privacy}.
 */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    description =
        "Transparency log appends, proofs and audit, and vault seal/open, on embedded PostgreSQL.")
final class PrivacyBench implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--appends", description = "Log entries appended (default: ${DEFAULT-VALUE}).")
  int appends = 5_000;

  @Option(names = "--proofs", description = "Inclusion proofs made (default: ${DEFAULT-VALUE}).")
  int proofs = 300;

  @Option(
      names = "--riders",
      description = "Templates sealed and opened (default: ${DEFAULT-VALUE}).")
  int riders = 1_000;

  @Override
  public Integer call() throws IOException, ProofException {
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("facefare-privacy-bench");
    ObjectNode fig = JSON.createObjectNode();
    try (Database db = Database.open(DatabaseSettings.Embedded.at(work.resolve("pg")))) {
      PrivacyDatabase privacy = PrivacyDatabase.open(db);
      SecureRandom random = new SecureRandom();
      TransparencyLog log =
          new TransparencyLog(
              privacy.log(), SigningKey.generate(random), Clock.systemUTC(), random);

      double[] append = new double[appends];
      Instant t = Instant.now();
      for (int i = 0; i < appends; i++) {
        long t0 = System.nanoTime();
        log.append(
            new LogEntry.Identification(
                new Pseudonym("rider-" + (i % 997)),
                "station-" + (i % 40),
                "gate-" + (i % 400),
                t.plusMillis(i),
                "OPEN",
                "req-" + i));
        append[i] = (System.nanoTime() - t0) / 1e6;
      }
      double appendSeconds = Arrays.stream(append).sum() / 1e3;
      TreeHead head = log.signHead();

      List<byte[]> leafHashes = new ArrayList<>();
      privacy.log().forEachLeaf(l -> leafHashes.add(l.hash()));
      Random pick = new Random(1);
      long[] indexes = pick.longs(proofs, 0, appends).toArray();
      List<List<byte[]>> made = new ArrayList<>();
      long p0 = System.nanoTime();
      for (long i : indexes) {
        made.add(log.inclusionProof(i, head.size()));
      }
      double storedMs = (System.nanoTime() - p0) / 1e6 / proofs;
      int peerProofs = Math.max(1, proofs / 10);
      long q0 = System.nanoTime();
      for (int k = 0; k < peerProofs; k++) {
        List<byte[]> peer = referencePath((int) indexes[k], leafHashes, 0, leafHashes.size());
        if (peer.size() != made.get(k).size()) {
          throw new IllegalStateException("the reference and the log disagree on a proof");
        }
      }
      double peerMs = (System.nanoTime() - q0) / 1e6 / peerProofs;
      long v0 = System.nanoTime();
      int rounds = 20;
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < proofs; k++) {
          int i = (int) indexes[k];
          Proofs.verifyInclusion(i, head.size(), leafHashes.get(i), made.get(k), head.root());
        }
      }
      double verifyUs = (System.nanoTime() - v0) / 1e3 / (rounds * proofs);
      long a0 = System.nanoTime();
      List<String> problems = log.audit();
      double auditS = (System.nanoTime() - a0) / 1e9;
      if (!problems.isEmpty()) {
        throw new IllegalStateException("the benchmark's log does not audit: " + problems);
      }

      TemplateVault vault =
          new TemplateVault(
              privacy.templates(),
              new FileRiderKeyStore(work.resolve("keys")),
              new MasterKeyRing(AesKeyEncryptionKey.generate("m1", random), List.of()),
              random,
              Clock.systemUTC());
      Random faces = new Random(2);
      List<Template> templates = new ArrayList<>();
      for (int i = 0; i < riders; i++) {
        float[] v = new float[512];
        for (int d = 0; d < v.length; d++) {
          v[d] = (float) faces.nextGaussian();
        }
        templates.add(Template.of("bench-512", v));
      }
      long s0 = System.nanoTime();
      for (int i = 0; i < riders; i++) {
        vault.put(new Pseudonym("v" + i), templates.get(i));
      }
      double sealMs = (System.nanoTime() - s0) / 1e6 / riders;
      long o0 = System.nanoTime();
      for (int i = 0; i < riders; i++) {
        if (!vault.open(new Pseudonym("v" + i)).equals(List.of(templates.get(i)))) {
          throw new IllegalStateException("the vault returned another template");
        }
      }
      double openMs = (System.nanoTime() - o0) / 1e6 / riders;

      Arrays.sort(append);
      fig.put("log_entries", appends);
      fig.put("append_per_s_one_writer", round(appends / appendSeconds));
      fig.put("append_p50_ms", round(percentile(append, 50)));
      fig.put("append_p99_ms", round(percentile(append, 99)));
      fig.put("inclusion_proof_ms", round(storedMs));
      fig.put("peer", "RFC 6962 reference recursion over all leaf hashes in memory");
      fig.put("peer_inclusion_proof_ms", round(peerMs));
      fig.put("proof_speedup", round(peerMs / storedMs));
      fig.put("verify_inclusion_us", round(verifyUs));
      fig.put("audit_whole_log_s", round(auditS));
      fig.put("vault_templates", riders);
      fig.put("vault_seal_ms", round(sealMs));
      fig.put("vault_open_ms", round(openMs));
      System.err.printf(
          Locale.ROOT,
          "privacy: %.0f appends/s (p50 %.2f ms, p99 %.2f ms); proof %.2f ms vs reference %.2f ms"
              + " (%.1fx); verify %.1f µs; audit of %d entries %.2f s; vault seal %.2f ms, open %.2f"
              + " ms%n",
          appends / appendSeconds,
          percentile(append, 50),
          percentile(append, 99),
          storedMs,
          peerMs,
          peerMs / storedMs,
          verifyUs,
          appends,
          auditS,
          sealMs,
          openMs);
    }
    fig.set("machine", JSON.valueToTree(MachineInfo.collect()));
    JSON.writeValue(out.resolve("figures.json").toFile(), fig);
    return 0;
  }

  /** RFC 6962 §2.1.1 PATH, straight from its definition. */
  private static List<byte[]> referencePath(int m, List<byte[]> leaves, int lo, int hi) {
    List<byte[]> path = new ArrayList<>();
    if (hi - lo > 1) {
      int k = Integer.highestOneBit(hi - lo - 1);
      if (m < k) {
        path.addAll(referencePath(m, leaves, lo, lo + k));
        path.add(referenceRoot(leaves, lo + k, hi));
      } else {
        path.addAll(referencePath(m - k, leaves, lo + k, hi));
        path.add(referenceRoot(leaves, lo, lo + k));
      }
    }
    return path;
  }

  /** RFC 6962 §2.1 MTH, straight from its definition. */
  private static byte[] referenceRoot(List<byte[]> leaves, int lo, int hi) {
    if (hi - lo == 1) {
      return leaves.get(lo);
    }
    int k = Integer.highestOneBit(hi - lo - 1);
    return MerkleHash.node(referenceRoot(leaves, lo, lo + k), referenceRoot(leaves, lo + k, hi));
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

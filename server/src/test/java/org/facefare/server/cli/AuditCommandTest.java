package org.facefare.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.AuditFiles;
import org.facefare.privacy.log.Auditor;
import org.facefare.privacy.log.Leaf;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.MerkleHash;
import org.facefare.privacy.log.MerkleTree;
import org.facefare.privacy.log.NodeReader;
import org.facefare.privacy.log.Opening;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.signing.SigningKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code facefare audit verify} on files only: what holds passes, what was changed says where. */
class AuditCommandTest {

  @TempDir Path tmp;

  private record Run(int status, String out, String err) {}

  private final List<byte[]> leafData = new ArrayList<>();
  private final List<byte[]> leafHashes = new ArrayList<>();
  private final List<Opening> openings = new ArrayList<>();
  private final SecureRandom random = new SecureRandom(new byte[] {4, 2});
  private SigningKey key;
  private Path logKey;

  private final NodeReader nodes =
      (level, index) -> mth((int) (index << level), (int) ((index + 1) << level));

  private byte[] mth(int lo, int hi) {
    if (hi - lo == 1) {
      return leafHashes.get(lo);
    }
    int k = Integer.highestOneBit(hi - lo - 1);
    return MerkleHash.node(mth(lo, lo + k), mth(lo + k, hi));
  }

  @BeforeEach
  void log() throws Exception {
    key = SigningKey.generate(random);
    logKey = tmp.resolve("log.pub");
    Files.writeString(logKey, key.verifyingKey().encoded());
    Instant t = Instant.parse("2026-08-01T07:00:00Z");
    for (int i = 0; i < 11; i++) {
      Pseudonym rider = new Pseudonym(i % 2 == 0 ? "anna" : "boris");
      LogEntry e =
          new LogEntry.Identification(
              rider, "central", "central-g2", t.plusSeconds(i * 90L), "OPEN", "req-" + i);
      byte[] salt = new byte[Opening.SALT_LENGTH];
      random.nextBytes(salt);
      Leaf leaf = Leaf.commit(e, salt);
      leafData.add(leaf.toBytes());
      leafHashes.add(leaf.hash());
      openings.add(Opening.of(e, salt));
    }
  }

  private TreeHead head(int size, Instant at) {
    return TreeHead.sign(size, MerkleTree.root(size, nodes), at, key);
  }

  private Path writeFiles(int savedSize, int currentSize) throws Exception {
    TreeHead saved = head(savedSize, Instant.parse("2026-08-01T08:00:00Z"));
    TreeHead current = head(currentSize, Instant.parse("2026-08-01T09:00:00Z"));
    AuditFiles.writeHead(saved, tmp.resolve("saved.json"));
    AuditFiles.writeHead(current, tmp.resolve("current.json"));
    AuditFiles.writeConsistency(
        new AuditFiles.Consistency(
            savedSize, currentSize, MerkleTree.consistencyPath(savedSize, currentSize, nodes)),
        tmp.resolve("consistency.json"));
    List<Auditor.Claim> claims = new ArrayList<>();
    for (int i = 0; i < currentSize; i += 2) {
      claims.add(
          new Auditor.Claim(
              i,
              leafData.get(i),
              MerkleTree.inclusionPath(i, currentSize, nodes),
              Optional.of(openings.get(i))));
    }
    Path entries = tmp.resolve("entries.json");
    AuditFiles.writeEntries(new AuditFiles.Entries(currentSize, claims), entries);
    return entries;
  }

  private Run verify(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                "verify",
                "--log-key",
                logKey.toString(),
                "--current",
                tmp.resolve("current.json").toString()));
    args.addAll(List.of(extra));
    CommandLine cli = FaceFareCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute(args.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  private String[] all() {
    return new String[] {
      "--saved", tmp.resolve("saved.json").toString(),
      "--consistency", tmp.resolve("consistency.json").toString(),
      "--entries", tmp.resolve("entries.json").toString()
    };
  }

  @Test
  void anIntactLogPasses() throws Exception {
    writeFiles(6, 11);
    Run r = verify(all());
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("ok    the log of size 11 extends the saved one of size 6")
        .contains("ok    entry 6 (leaf 10): IDENTIFICATION of anna is in the log")
        .contains("audit: everything holds (tree size 11)");
  }

  @Test
  void aChangedEntryFailsAndSaysWhich() throws Exception {
    Path entries = writeFiles(6, 11);
    String json = Files.readString(entries);
    String third = Base64.getEncoder().encodeToString(leafData.get(4));
    byte[] changed = leafData.get(4).clone();
    changed[changed.length - 1] ^= 1;
    Files.writeString(entries, json.replace(third, Base64.getEncoder().encodeToString(changed)));
    Run r = verify(all());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL  entry 3 (leaf 4): the inclusion proof of leaf 4 leads to")
        .contains("FAIL  entry 3 (leaf 4): the record")
        .contains("check(s) failed");
  }

  @Test
  void aRewrittenHistoryIsInconsistentWithTheSavedHead() throws Exception {
    writeFiles(6, 11);
    Path saved = tmp.resolve("saved.json");
    byte[] swapped = leafHashes.get(1);
    leafHashes.set(1, leafHashes.get(2));
    leafHashes.set(2, swapped);
    TreeHead rewritten = head(11, Instant.parse("2026-08-01T09:00:00Z"));
    AuditFiles.writeHead(rewritten, tmp.resolve("current.json"));
    AuditFiles.writeConsistency(
        new AuditFiles.Consistency(6, 11, MerkleTree.consistencyPath(6, 11, nodes)),
        tmp.resolve("consistency.json"));
    Run r =
        verify(
            "--saved",
            saved.toString(),
            "--consistency",
            tmp.resolve("consistency.json").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("FAIL  saved head → current head");
  }

  @Test
  void aHeadSignedByAnotherKeyFails() throws Exception {
    writeFiles(6, 11);
    Files.writeString(logKey, SigningKey.generate(random).verifyingKey().encoded());
    Run r = verify();
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("does not carry a valid signature");
  }

  @Test
  void badInputIsAClearErrorWithStatus2() throws Exception {
    writeFiles(6, 11);
    Files.writeString(tmp.resolve("current.json"), "{\"treeSize\": \"eleven\"}");
    Run r = verify();
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("is not a tree head").contains("treeSize");
    writeFiles(6, 11);
    Run mismatched =
        verify(
            "--saved",
            tmp.resolve("current.json").toString(),
            "--consistency",
            tmp.resolve("consistency.json").toString());
    assertThat(mismatched.status()).isEqualTo(1);
    assertThat(mismatched.out()).contains("proves size 6 to 11, not the saved head's 11");
    assertThat(verify("--saved", tmp.resolve("saved.json").toString()).err())
        .contains("--saved needs --consistency");
  }
}

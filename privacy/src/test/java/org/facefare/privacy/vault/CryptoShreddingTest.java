package org.facefare.privacy.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.facefare.face.Template;
import org.facefare.privacy.Faces;
import org.facefare.privacy.Postgres;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.TestClock;
import org.facefare.privacy.TestRandom;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.privacy.facepay.FacePay;
import org.facefare.privacy.facepay.MemoryGallery;
import org.facefare.privacy.signing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The hard part of erasure: after a rider is erased, a dump of the whole database and a backup
 * taken before the erasure hold nothing that decrypts to the rider's template, with every key the
 * system still has; and, as the control that shows the test can fail, the same backup does decrypt
 * with a copy of the key store taken before erasure, until the master key it was wrapped by is
 * rotated away and retired.
 */
class CryptoShreddingTest {

  private static final List<String> TABLES =
      List.of(
          "consent",
          "face_pay",
          "sealed_template",
          "log_leaf",
          "log_node",
          "tree_head",
          "log_opening",
          "match_hourly");

  @TempDir Path dir;
  Postgres pg;

  @AfterEach
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void nothingInTheDatabaseOrABackupFromBeforeErasureDecryptsToTheErasedTemplate()
      throws Exception {
    pg = Postgres.start(dir.resolve("pg"));
    TestClock clock = new TestClock(Instant.parse("2026-06-01T08:00:00Z"));
    AesKeyEncryptionKey m1 = AesKeyEncryptionKey.generate("m1", TestRandom.seeded(21));
    MasterKeyRing ring = new MasterKeyRing(m1, List.of());
    Path keyStoreDir = dir.resolve("keystore");
    FileRiderKeyStore keys = new FileRiderKeyStore(keyStoreDir);
    TemplateVault vault =
        new TemplateVault(pg.privacy.templates(), keys, ring, TestRandom.seeded(22), clock);
    MemoryGallery gallery = new MemoryGallery("central");
    SigningKey receipts = SigningKey.generate(TestRandom.seeded(23));
    FacePay facePay =
        new FacePay(
            ConsentTexts.bundled(),
            pg.privacy.enrolments(),
            vault,
            List.of(gallery),
            receipts,
            clock,
            TestRandom.seeded(24));
    ConsentAnswer yes = ConsentAnswer.agreeTo(ConsentTexts.bundled().current());
    Random faces = new Random(5);
    Pseudonym anna = new Pseudonym("anna-7f3a");
    Pseudonym boris = new Pseudonym("boris-91c2");
    List<Template> annas =
        List.of(Faces.random("mobilefacenet", faces), Faces.random("faceres", faces));
    List<Template> boriss = List.of(Faces.random("mobilefacenet", faces));
    facePay.enrol(anna, yes, annas);
    facePay.enrol(boris, yes, boriss);

    Map<String, byte[]> backup = dump();
    Path keyStoreCopy = copyTree(keyStoreDir, dir.resolve("keystore-copy-against-policy"));
    List<byte[]> annasBackupCiphertexts = sealedOf(anna);
    assertThat(annasBackupCiphertexts).hasSize(2);

    clock.advance(java.time.Duration.ofDays(3));
    EraseReceipt receipt = facePay.withdrawConsent(anna);
    assertThat(receipt.verifies(receipts.verifyingKey())).isTrue();
    assertThat(receipt.erasedAt()).isEqualTo(clock.instant());
    assertThat(gallery.contains(anna)).isFalse();
    assertThat(gallery.contains(boris)).isTrue();
    Map<String, byte[]> after = dump();

    // 1. No plaintext anywhere: not in either dump, not in any file of the database cluster.
    pg.sql("CHECKPOINT");
    List<byte[]> plaintexts = new ArrayList<>();
    for (Template t : annas) {
      plaintexts.add(t.toBytes());
      plaintexts.add(vectorBytes(t));
    }
    for (byte[] p : plaintexts) {
      byte[] window = java.util.Arrays.copyOfRange(p, p.length - 64, p.length);
      assertThat(contains(concat(backup.values()), window)).isFalse();
      assertThat(contains(concat(after.values()), window)).isFalse();
      try (Stream<Path> files = Files.walk(dir.resolve("pg"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(contains(Files.readAllBytes(f), window)).as("file %s", f).isFalse();
        }
      }
    }

    // 2. The database after erasure holds no ciphertext of hers; the backup still does.
    assertThat(sealedOf(anna)).isEmpty();

    // 3. Restore the backup taken before erasure, as an operator would after a disk loss.
    restore(backup);
    assertThat(sealedOf(anna)).hasSize(2);
    assertThat(pg.privacy.enrolments().state(anna)).isPresent();
    assertThat(vault.open(anna)).isEmpty();
    assertThat(vault.open(boris)).isEqualTo(boriss);
    List<Pseudonym> loaded = new ArrayList<>();
    facePay.enrolledTemplates().forEach(e -> loaded.add(e.rider()));
    assertThat(loaded).containsExactly(boris);

    // 4. Every key the system still holds, tried on every restored ciphertext of hers under every
    // associated data it could have: the master key as an AES key, and every data key in the key
    // store unwrapped by it. None opens.
    List<byte[]> candidateKeys = new ArrayList<>();
    candidateKeys.add(java.util.Base64.getDecoder().decode(m1.encoded()));
    keys.forEach(
        k ->
            candidateKeys.add(
                ring.get(k.masterKeyId())
                    .unwrap(k.wrapped(), TemplateVault.keyContext(k.rider()))));
    assertThat(candidateKeys).hasSize(2);
    List<byte[]> contexts = new ArrayList<>();
    for (Pseudonym p : List.of(anna, boris)) {
      for (String model : List.of("mobilefacenet", "faceres")) {
        contexts.add(TemplateVault.templateContext(p, model));
      }
    }
    int opened = 0;
    for (byte[] sealed : annasBackupCiphertexts) {
      for (byte[] key : candidateKeys) {
        for (byte[] ad : contexts) {
          try {
            Aead.open(new SecretKeySpec(key, "AES"), sealed, ad);
            opened++;
          } catch (java.security.GeneralSecurityException expected) {
            // the tag does not verify: not her key
          }
        }
      }
    }
    assertThat(opened).isZero();

    // 5. Re-applying erasures after the restore finishes hers again.
    assertThat(facePay.reapplyErasures()).isEqualTo(1);
    assertThat(sealedOf(anna)).isEmpty();
    assertThat(pg.privacy.enrolments().state(anna)).isEmpty();
    assertThat(pg.privacy.enrolments().consents(anna).getFirst().withdrawnAt())
        .contains(receipt.erasedAt());
    assertThat(facePay.reapplyErasures()).isZero();

    // 6. The control: a copy of the key store from before erasure (which the deployment rules
    // forbid) does open the backup. This is what must never exist, and it proves the checks above
    // would have caught a vault that leaked.
    restore(backup);
    TemplateVault withCopy =
        new TemplateVault(
            pg.privacy.templates(),
            new FileRiderKeyStore(keyStoreCopy),
            ring,
            TestRandom.seeded(1),
            clock);
    assertThat(withCopy.open(anna)).containsExactlyInAnyOrderElementsOf(annas);

    // 7. Rotating the master key and retiring the old version makes such a copy useless too.
    vault.rotateMasterKey(AesKeyEncryptionKey.generate("m2", TestRandom.seeded(25)));
    vault.retireMasterKey("m1");
    assertThatThrownBy(() -> withCopy.open(anna))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("master key m1 is not loaded");
    assertThat(vault.open(boris)).isEqualTo(boriss);
  }

  private List<byte[]> sealedOf(Pseudonym rider) {
    List<byte[]> out = new ArrayList<>();
    for (SealedTemplate s : pg.privacy.templates().of(List.of(rider))) {
      out.add(s.sealed());
    }
    return out;
  }

  /** A logical dump of every privacy table, in PostgreSQL's binary COPY format. */
  private Map<String, byte[]> dump() throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (Connection c = pg.database.dataSource().getConnection()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String table : TABLES) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        copy.copyOut("COPY privacy." + table + " TO STDOUT (FORMAT binary)", bytes);
        out.put(table, bytes.toByteArray());
      }
    }
    return out;
  }

  /** Replaces every privacy table's rows with the dump's. */
  private void restore(Map<String, byte[]> dump) throws Exception {
    pg.truncate();
    try (Connection c = pg.database.dataSource().getConnection()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (Map.Entry<String, byte[]> t : dump.entrySet()) {
        copy.copyIn(
            "COPY privacy." + t.getKey() + " FROM STDIN (FORMAT binary)",
            new ByteArrayInputStream(t.getValue()));
      }
    }
  }

  private static byte[] vectorBytes(Template t) {
    float[] v = t.vector();
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.BIG_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  private static byte[] concat(java.util.Collection<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1)
        .contains(new String(needle, StandardCharsets.ISO_8859_1));
  }

  private static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }
}

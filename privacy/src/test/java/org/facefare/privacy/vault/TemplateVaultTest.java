package org.facefare.privacy.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.facefare.face.Template;
import org.facefare.privacy.Faces;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.TestClock;
import org.facefare.privacy.TestRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault's envelope encryption, binding, rotation and shredding, without a database. */
class TemplateVaultTest {

  @TempDir Path dir;

  final Random faces = new Random(7);
  final TestClock clock = new TestClock(Instant.parse("2026-05-01T10:00:00Z"));
  final MemoryCiphertexts db = new MemoryCiphertexts();
  AesKeyEncryptionKey m1;
  FileRiderKeyStore keys;
  TemplateVault vault;

  @BeforeEach
  void setUp() throws Exception {
    m1 = AesKeyEncryptionKey.generate("m1", TestRandom.seeded(11));
    keys = new FileRiderKeyStore(dir.resolve("keys"));
    vault =
        new TemplateVault(db, keys, new MasterKeyRing(m1, List.of()), TestRandom.seeded(12), clock);
  }

  @Test
  void aTemplateComesBackOnlyForItsRiderAndModel() {
    Pseudonym anna = new Pseudonym("anna");
    Pseudonym boris = new Pseudonym("boris");
    Template a = Faces.random("mobilefacenet", faces);
    Template b = Faces.random("mobilefacenet", faces);
    vault.put(anna, a);
    vault.put(boris, b);
    assertThat(vault.open(anna)).containsExactly(a);
    assertThat(vault.open(List.of(anna, boris)))
        .isEqualTo(Map.of(anna, List.of(a), boris, List.of(b)));

    // Anna's ciphertext copied onto Boris's row does not open: the associated data names the rider.
    SealedTemplate annas = db.rows.get(anna).get("mobilefacenet");
    db.put(new SealedTemplate(boris, "mobilefacenet", annas.sealed()));
    assertThatThrownBy(() -> vault.open(boris))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("mobilefacenet template of boris does not open");

    // Relabelled as another model, it does not open either.
    db.rows.get(anna).clear();
    db.put(new SealedTemplate(anna, "faceres", annas.sealed()));
    assertThatThrownBy(() -> vault.open(anna)).isInstanceOf(VaultException.class);
  }

  @Test
  void aWrappedKeyMovedToAnotherRiderDoesNotUnwrap() throws Exception {
    Pseudonym anna = new Pseudonym("anna");
    vault.put(anna, Faces.random("m", faces));
    WrappedKey k = keys.get(anna).orElseThrow();
    assertThatThrownBy(
            () -> m1.unwrap(k.wrapped(), TemplateVault.keyContext(new Pseudonym("boris"))))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("cannot unwrap");
  }

  @Test
  void shreddingIsFinalAndThePseudonymIsNeverReused() {
    Pseudonym anna = new Pseudonym("anna");
    vault.put(anna, Faces.random("m", faces));
    assertThat(vault.shred(anna)).containsExactly("m");
    assertThat(vault.open(anna)).isEmpty();
    assertThat(vault.erasedAt(anna)).contains(clock.instant());
    assertThat(vault.shred(anna)).isEmpty();
    assertThatThrownBy(() -> vault.put(anna, Faces.random("m", faces)))
        .isInstanceOf(RiderKeyStore.ErasedException.class)
        .hasMessageContaining("never reused");
  }

  @Test
  void rotatingTheMasterKeyKeepsEveryTemplateReadableWhileReadersRun() throws Exception {
    List<Pseudonym> riders = new ArrayList<>();
    List<Template> templates = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Pseudonym p = new Pseudonym("r" + i);
      Template t = Faces.random("m", faces);
      vault.put(p, t);
      riders.add(p);
      templates.add(t);
    }
    AesKeyEncryptionKey m2 = AesKeyEncryptionKey.generate("m2", TestRandom.seeded(13));
    AtomicBoolean rotating = new AtomicBoolean(true);
    ExecutorService readers = Executors.newFixedThreadPool(3);
    List<Future<Integer>> reads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int seed = t;
      reads.add(
          readers.submit(
              () -> {
                Random pick = new Random(seed);
                int n = 0;
                while (rotating.get() || n < 50) {
                  int i = pick.nextInt(riders.size());
                  assertThat(vault.open(riders.get(i))).containsExactly(templates.get(i));
                  n++;
                }
                return n;
              }));
    }
    int rewrapped;
    try {
      rewrapped = vault.rotateMasterKey(m2);
    } finally {
      rotating.set(false);
    }
    for (Future<Integer> f : reads) {
      assertThat(f.get()).isPositive();
    }
    readers.shutdown();
    assertThat(rewrapped).isEqualTo(120);
    List<String> ids = new ArrayList<>();
    keys.forEach(k -> ids.add(k.masterKeyId()));
    assertThat(ids).hasSize(120).containsOnly("m2");

    vault.retireMasterKey("m1");
    for (int i = 0; i < riders.size(); i++) {
      assertThat(vault.open(riders.get(i))).containsExactly(templates.get(i));
    }
    assertThatThrownBy(() -> vault.retireMasterKey("m2")).hasMessageContaining("current");
  }

  @Test
  void aMasterKeyStillInUseCannotBeRetired() {
    vault.put(new Pseudonym("anna"), Faces.random("m", faces));
    MasterKeyRing ring =
        new MasterKeyRing(AesKeyEncryptionKey.generate("m2", TestRandom.seeded(3)), List.of(m1));
    TemplateVault other = new TemplateVault(db, keys, ring, TestRandom.seeded(4), clock);
    assertThatThrownBy(() -> other.retireMasterKey("m1"))
        .hasMessageContaining("1 data keys are still wrapped by master key m1");
  }

  @Test
  void masterKeysLoadFromAFileOrTheEnvironmentAndBadOnesAreClearErrors() throws Exception {
    Path file = dir.resolve("master.key");
    Files.writeString(file, m1.encoded() + "\n");
    AesKeyEncryptionKey fromFile = AesKeyEncryptionKey.fromFile("m1", file, TestRandom.seeded(5));
    byte[] ctx = {1, 2, 3};
    assertThat(fromFile.unwrap(m1.wrap(new byte[32], ctx), ctx)).isEqualTo(new byte[32]);
    AesKeyEncryptionKey fromEnv =
        AesKeyEncryptionKey.fromEnvironment(
            "m1",
            Map.of("FACEFARE_MASTER_KEY", m1.encoded()),
            "FACEFARE_MASTER_KEY",
            TestRandom.seeded(6));
    assertThat(fromEnv.unwrap(fromFile.wrap(new byte[32], ctx), ctx)).isEqualTo(new byte[32]);

    Files.writeString(file, "c2hvcnQ=");
    assertThatThrownBy(() -> AesKeyEncryptionKey.fromFile("m1", file, TestRandom.seeded(5)))
        .hasMessageContaining("holds 5 bytes; a master key is 32 bytes");
    assertThatThrownBy(
            () -> AesKeyEncryptionKey.fromEnvironment("m1", Map.of(), "NOPE", TestRandom.seeded(5)))
        .hasMessageContaining("NOPE is not set");
    assertThatThrownBy(() -> AesKeyEncryptionKey.generate("bad id!", TestRandom.seeded(5)))
        .hasMessageContaining("master key id");
    assertThatThrownBy(() -> new MasterKeyRing(m1, List.of(m1)))
        .hasMessageContaining("two master keys have the id m1");
  }

  @Test
  void aDamagedKeyFileIsAClearError() throws Exception {
    Pseudonym anna = new Pseudonym("anna");
    vault.put(anna, Faces.random("m", faces));
    try (var files = Files.list(dir.resolve("keys").resolve("keys"))) {
      Path f = files.findFirst().orElseThrow();
      Files.write(f, new byte[] {0, 0, 0, 9, 'x'});
    }
    assertThatThrownBy(() -> vault.open(anna))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("is damaged");
  }
}

package org.facefare.privacy.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.facefare.privacy.TestRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519 key files: saved private to the owner, loaded back, mismatched halves refused. */
class SigningKeyTest {

  @TempDir Path dir;

  @Test
  void aSavedKeyLoadsBackAndSignsTheSame() throws Exception {
    SigningKey key = SigningKey.generate(TestRandom.seeded(61));
    Path file = dir.resolve("log.key");
    key.save(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThatThrownBy(() -> key.save(file)).isInstanceOf(java.io.IOException.class);
    SigningKey loaded = SigningKey.load(file);
    byte[] m = "tree head".getBytes(StandardCharsets.UTF_8);
    assertThat(loaded.verifyingKey()).isEqualTo(key.verifyingKey());
    assertThat(key.verifyingKey().verifies(m, loaded.sign(m))).isTrue();
    assertThat(
            key.verifyingKey().verifies("other".getBytes(StandardCharsets.UTF_8), loaded.sign(m)))
        .isFalse();
    assertThat(VerifyingKey.parse(key.verifyingKey().encoded())).isEqualTo(key.verifyingKey());
  }

  @Test
  void badKeyFilesAreClearErrors() throws Exception {
    SigningKey a = SigningKey.generate(TestRandom.seeded(62));
    SigningKey b = SigningKey.generate(TestRandom.seeded(63));
    Path fa = dir.resolve("a.key");
    a.save(fa);
    String[] lines = Files.readString(fa).strip().split("\n");
    Path mixed = dir.resolve("mixed.key");
    Files.writeString(mixed, lines[0] + "\n" + b.verifyingKey().encoded() + "\n");
    assertThatThrownBy(() -> SigningKey.load(mixed))
        .hasMessageContaining("the public key does not match the private key");
    Path one = dir.resolve("one.key");
    Files.writeString(one, lines[0]);
    assertThatThrownBy(() -> SigningKey.load(one))
        .hasMessageContaining("is not an Ed25519 key file");
    assertThatThrownBy(() -> VerifyingKey.parse("not base64!"))
        .hasMessageContaining("not a Base64 X.509 Ed25519 public key");
  }
}

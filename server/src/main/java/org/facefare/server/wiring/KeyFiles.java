package org.facefare.server.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.privacy.vault.AesKeyEncryptionKey;

/** The key files of a FaceFare data directory, made on first use and readable by the owner only. */
final class KeyFiles {

  private KeyFiles() {}

  /** The master key in {@code file}, generating it on first use. */
  static AesKeyEncryptionKey masterKey(String id, Path file, SecureRandom random)
      throws IOException {
    if (!Files.exists(file)) {
      AesKeyEncryptionKey key = AesKeyEncryptionKey.generate(id, random);
      writeOwnerOnly(file, key.encoded());
      return key;
    }
    return AesKeyEncryptionKey.fromFile(id, file, random);
  }

  /** The Ed25519 signing key in {@code file}, generating it on first use. */
  static SigningKey signingKey(Path file, SecureRandom random) throws IOException {
    if (!Files.exists(file)) {
      SigningKey key = SigningKey.generate(random);
      Files.createDirectories(file.getParent());
      key.save(file);
      return key;
    }
    return SigningKey.load(file);
  }

  private static void writeOwnerOnly(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}

package org.facefare.privacy.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * An Ed25519 private key that signs FaceFare's tree heads and erase receipts (RFC 8032, through the
 * JCA's built-in {@code Ed25519} provider), with its public half.
 *
 * <p>The key file holds two Base64 lines, the PKCS#8 private key and the X.509 public key (the JCA
 * cannot derive one from the other), and is created readable by its owner only; loading checks that
 * the two halves belong together.
 */
public final class SigningKey {

  private final PrivateKey privateKey;
  private final VerifyingKey publicKey;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = new VerifyingKey(publicKey);
  }

  /** Makes a new key from the given randomness. */
  public static SigningKey generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(255, random);
      KeyPair pair = g.generateKeyPair();
      return new SigningKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot make Ed25519 keys", e);
    }
  }

  /**
   * Reads a key file written by {@link #save}.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it does not hold an Ed25519 private key
   */
  public static SigningKey load(Path file) throws IOException {
    String[] lines = Files.readString(file).strip().split("\\R");
    SigningKey key;
    try {
      if (lines.length != 2) {
        throw new IllegalArgumentException("expected 2 lines, found " + lines.length);
      }
      KeyFactory f = KeyFactory.getInstance("Ed25519");
      PrivateKey priv =
          f.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
      PublicKey pub =
          f.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1])));
      key = new SigningKey(priv, pub);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file + " is not an Ed25519 key file (Base64 PKCS#8 line, Base64 X.509 line)", e);
    }
    byte[] probe = "facefare-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (!key.verifyingKey().verifies(probe, key.sign(probe))) {
      throw new IllegalArgumentException(file + ": the public key does not match the private key");
    }
    return key;
  }

  /**
   * Writes the key to a new file readable by its owner only.
   *
   * @throws IOException if the file exists or cannot be written
   */
  public void save(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // A file system without POSIX permissions (Windows) relies on its folder's ACLs.
      Files.createFile(file);
    }
    Files.writeString(
        file,
        Base64.getEncoder().encodeToString(privateKey.getEncoded())
            + "\n"
            + publicKey.encoded()
            + "\n",
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  /** Signs a message. */
  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The public key that checks this key's signatures. */
  public VerifyingKey verifyingKey() {
    return publicKey;
  }
}

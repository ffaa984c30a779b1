package org.facefare.gate.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate's Ed25519 key pair on disk: the private key as PKCS#8 PEM ({@code GATE.key}, readable by
 * its owner only) and the public key as X.509 SubjectPublicKeyInfo PEM ({@code GATE.pub}), the
 * formats {@code openssl pkey} reads and writes.
 */
public final class GateKeyFiles {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private GateKeyFiles() {}

  /** Where {@link #write} puts a gate's key files. */
  public record Written(Path privateKey, Path publicKey) {}

  /**
   * Writes a new key pair for {@code gateId} into {@code dir}, refusing to overwrite.
   *
   * @throws IOException if either file exists or cannot be written
   */
  public static Written write(KeyPair pair, Path dir, String gateId) throws IOException {
    if (gateId.isBlank()
        || gateId.contains("/")
        || gateId.contains("\\")
        || gateId.startsWith(".")) {
      throw new IllegalArgumentException("gate id '" + gateId + "' cannot name a key file");
    }
    Files.createDirectories(dir);
    Path priv = dir.resolve(gateId + ".key");
    Path pub = dir.resolve(gateId + ".pub");
    for (Path p : new Path[] {priv, pub}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p + " exists: not overwriting a gate key");
      }
    }
    Files.createFile(
        priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        priv,
        pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
        StandardOpenOption.TRUNCATE_EXISTING);
    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    return new Written(priv, pub);
  }

  /**
   * Reads a PKCS#8 PEM Ed25519 private key.
   *
   * @throws IOException if the file cannot be read or is not such a key
   */
  public static PrivateKey readPrivate(Path file) throws IOException {
    byte[] der = der(file, "PRIVATE KEY");
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not an Ed25519 private key (PKCS#8)", e);
    }
  }

  /**
   * Reads an X.509 PEM Ed25519 public key.
   *
   * @throws IOException if the file cannot be read or is not such a key
   */
  public static PublicKey readPublic(Path file) throws IOException {
    byte[] der = der(file, "PUBLIC KEY");
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not an Ed25519 public key (X.509 SubjectPublicKeyInfo)", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] der(Path file, String type) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("key file " + file + " does not exist or is not a file");
    }
    if (Files.size(file) > 16_384) {
      throw new IOException("key file " + file + " is too large to be a gate key");
    }
    Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
    if (!m.find() || !m.group(1).equals(type)) {
      throw new IOException(file + " is not a PEM file with a " + type + " block");
    }
    try {
      return Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " has a damaged PEM body", e);
    }
  }
}

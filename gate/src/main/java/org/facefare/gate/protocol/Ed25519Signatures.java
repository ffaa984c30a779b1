package org.facefare.gate.protocol;

import java.io.IOException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signatures (RFC 8032, pure Ed25519 without context) of gate request bodies, over the
 * JDK's key objects and file formats.
 *
 * <p>Why not {@code java.security.Signature}: the authority verifies one signature per gate request
 * and the gate signs one, and the JDK's EdDSA (JDK 25) took about 1 ms to sign and 1 ms to verify
 * on this project's machine, against about 0.06 ms and 0.15 ms for BouncyCastle's implementation of
 * the same scheme — at 2,000 decisions a second the JDK's verification alone would take one of the
 * authority's two cores. BouncyCastle also keeps a key's decoded curve point, so a verifier made
 * once per gate key does no point decompression per request. The signatures are the same bytes
 * either way (Ed25519 is deterministic), which the tests check against the JDK.
 */
public final class Ed25519Signatures {

  /** The length of an Ed25519 signature in bytes. */
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  private Ed25519Signatures() {}

  /**
   * The signing form of an Ed25519 private key.
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 private key
   */
  public static Signer signer(PrivateKey key) {
    return new Signer(
        parse(key, Ed25519PrivateKeyParameters.class, PrivateKeyFactory::createKey, "private"));
  }

  /**
   * The verifying form of an Ed25519 public key.
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 public key
   */
  public static Verifier verifier(PublicKey key) {
    return new Verifier(
        parse(key, Ed25519PublicKeyParameters.class, PublicKeyFactory::createKey, "public"));
  }

  /** BouncyCastle's parser of a key encoding (PKCS#8 or X.509 SubjectPublicKeyInfo). */
  private interface KeyParser {
    AsymmetricKeyParameter parse(byte[] encoded) throws IOException;
  }

  private static <T extends AsymmetricKeyParameter> T parse(
      Key key, Class<T> type, KeyParser parser, String kind) {
    Objects.requireNonNull(key, "key");
    AsymmetricKeyParameter parameters;
    try {
      parameters = key.getEncoded() == null ? null : parser.parse(key.getEncoded());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an Ed25519 " + kind + " key: " + e.getMessage(), e);
    }
    if (!type.isInstance(parameters)) {
      throw new IllegalArgumentException(
          "a gate key must be Ed25519, not " + key.getAlgorithm() + " (" + key.getFormat() + ")");
    }
    return type.cast(parameters);
  }

  /** An Ed25519 private key with its public key derived once; safe for concurrent use. */
  public static final class Signer {

    private final Ed25519PrivateKeyParameters key;
    private final Ed25519PublicKeyParameters publicKey;

    private Signer(Ed25519PrivateKeyParameters key) {
      this.key = key;
      this.publicKey = key.generatePublicKey();
    }

    /** The signature of {@code message}. */
    public byte[] sign(byte[] message) {
      byte[] signature = new byte[SIGNATURE_LENGTH];
      key.sign(
          Ed25519.Algorithm.Ed25519, publicKey, null, message, 0, message.length, signature, 0);
      return signature;
    }
  }

  /** An Ed25519 public key with its curve point decoded once; safe for concurrent use. */
  public static final class Verifier {

    private final Ed25519PublicKeyParameters key;

    private Verifier(Ed25519PublicKeyParameters key) {
      this.key = key;
    }

    /** Whether {@code signature} is this key's signature of {@code message}; false if malformed. */
    public boolean verifies(byte[] message, byte[] signature) {
      if (signature == null || signature.length != SIGNATURE_LENGTH) {
        return false;
      }
      return key.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }
  }
}

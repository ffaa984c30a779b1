package org.facefare.privacy.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 6962 / RFC 9162 tree hash: {@code SHA-256(0x00 || leaf)} for a leaf and {@code
 * SHA-256(0x01 || left || right)} for an interior node, so that a leaf can never pass for a node
 * (RFC 6962 §2.1, "second preimage" resistance).
 */
public final class MerkleHash {

  /** The length of every hash in the log. */
  public static final int LENGTH = 32;

  private MerkleHash() {}

  /** The root hash of the empty tree: SHA-256 of the empty string. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** The hash of a leaf. */
  public static byte[] leaf(byte[] leafData) {
    MessageDigest d = sha256();
    d.update((byte) 0x00);
    d.update(leafData);
    return d.digest();
  }

  /** The hash of an interior node. */
  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest d = sha256();
    d.update((byte) 0x01);
    d.update(left);
    d.update(right);
    return d.digest();
  }

  /** The largest power of two strictly smaller than {@code n}, for {@code n >= 2}. */
  static long splitPoint(long n) {
    if (n < 2) {
      throw new IllegalArgumentException("a split needs at least 2 leaves, not " + n);
    }
    return Long.highestOneBit(n - 1);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

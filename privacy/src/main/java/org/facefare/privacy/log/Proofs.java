package org.facefare.privacy.log;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Verification of inclusion and consistency proofs, needing nothing but the proof, the sizes and
 * the roots: what an auditor or a rider runs, with no access to FaceFare's database.
 *
 * <p>Both follow RFC 9162 §2.1.3.2 (verifying an inclusion proof) and §2.1.4.2 (verifying
 * consistency between two tree heads) step by step, bit tricks included, rather than rebuilding
 * trees: those algorithms are the ones every Certificate Transparency client runs and were checked
 * against the published test vectors ({@code ProofsTest}).
 */
public final class Proofs {

  private Proofs() {}

  /**
   * Checks that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with root
   * {@code root}.
   *
   * @throws ProofException if it is not, saying why
   */
  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> path, byte[] root)
      throws ProofException {
    if (index < 0 || index >= size) {
      throw new ProofException("leaf " + index + " is outside a tree of " + size + " leaves");
    }
    checkLengths(path);
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        throw new ProofException(
            "the inclusion proof of leaf " + index + " has more hashes than a tree of " + size);
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHash.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = MerkleHash.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException(
          "the inclusion proof of leaf " + index + " has too few hashes for a tree of " + size);
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw new ProofException(
          "the inclusion proof of leaf "
              + index
              + " leads to "
              + hex(r)
              + ", not to the root "
              + hex(root)
              + " of tree size "
              + size);
    }
  }

  /**
   * Checks that the tree of {@code first} leaves with root {@code firstRoot} is a prefix of the
   * tree of {@code second} leaves with root {@code secondRoot}.
   *
   * @throws ProofException if it is not, saying why
   */
  public static void verifyConsistency(
      long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path)
      throws ProofException {
    if (first < 0 || first > second) {
      throw new ProofException(
          "tree size went from " + first + " to " + second + ": a log never shrinks");
    }
    checkLengths(path);
    if (first == second) {
      if (!path.isEmpty()) {
        throw new ProofException("a consistency proof between equal sizes must be empty");
      }
      if (!MessageDigest.isEqual(firstRoot, secondRoot)) {
        throw new ProofException(
            "two tree heads of size "
                + first
                + " have different roots ("
                + hex(firstRoot)
                + " and "
                + hex(secondRoot)
                + "): the log was rewritten");
      }
      return;
    }
    if (first == 0) {
      if (!path.isEmpty()) {
        throw new ProofException("a consistency proof from the empty tree must be empty");
      }
      return;
    }
    if (path.isEmpty()) {
      throw new ProofException(
          "the consistency proof from size " + first + " to " + second + " is empty");
    }
    List<byte[]> p = path;
    if (Long.bitCount(first) == 1) {
      p = new java.util.ArrayList<>(path.size() + 1);
      p.add(firstRoot);
      p.addAll(path);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = p.get(0);
    byte[] sr = p.get(0);
    for (byte[] c : p.subList(1, p.size())) {
      if (sn == 0) {
        throw new ProofException(
            "the consistency proof from size " + first + " to " + second + " is too long");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHash.node(c, fr);
        sr = MerkleHash.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHash.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException(
          "the consistency proof from size " + first + " to " + second + " is too short");
    }
    if (!MessageDigest.isEqual(fr, firstRoot)) {
      throw new ProofException(
          "the consistency proof does not reproduce the root of size "
              + first
              + " ("
              + hex(firstRoot)
              + "): the first "
              + first
              + " entries were changed since that tree head");
    }
    if (!MessageDigest.isEqual(sr, secondRoot)) {
      throw new ProofException(
          "the consistency proof does not reproduce the root of size "
              + second
              + " ("
              + hex(secondRoot)
              + ")");
    }
  }

  private static void checkLengths(List<byte[]> path) throws ProofException {
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i) == null || path.get(i).length != MerkleHash.LENGTH) {
        throw new ProofException("proof hash " + i + " is not a 32-byte SHA-256 hash");
      }
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

package org.facefare.privacy.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 6962 Merkle Tree Hash, audit paths and consistency proofs, computed from the stored
 * hashes of complete subtrees.
 *
 * <p>Every left child in RFC 6962's recursive split ({@code k} = the largest power of two below
 * {@code n}) is a complete subtree aligned on a multiple of its size, and so is every subtree the
 * recursion reaches whose size is a power of two; only the right edge of a tree whose size is not a
 * power of two must be hashed on the fly. A stored log therefore keeps the hash of each complete
 * aligned subtree once it fills ({@link NodeReader}) and answers any root or proof with O(log n)
 * reads. The recursions below follow RFC 6962 §2.1 (MTH), §2.1.1 (PATH) and §2.1.2 (SUBPROOF).
 */
public final class MerkleTree {

  private MerkleTree() {}

  /** The root hash of the first {@code size} leaves. */
  public static byte[] root(long size, NodeReader nodes) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size is negative: " + size);
    }
    return size == 0 ? MerkleHash.emptyRoot() : hash(0, size, nodes);
  }

  /**
   * The audit path of leaf {@code index} in the tree of the first {@code size} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size}
   */
  public static List<byte[]> inclusionPath(long index, long size, NodeReader nodes) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf " + index + " is not in a tree of " + size + " leaves");
    }
    List<byte[]> path = new ArrayList<>();
    path(index, 0, size, nodes, path);
    return path;
  }

  /**
   * The consistency proof between the trees of the first {@code first} and {@code second} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 <= first <= second}
   */
  public static List<byte[]> consistencyPath(long first, long second, NodeReader nodes) {
    if (first < 0 || first > second) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + first + " to size " + second);
    }
    List<byte[]> proof = new ArrayList<>();
    if (first > 0 && first < second) {
      subproof(first, 0, second, true, nodes, proof);
    }
    return proof;
  }

  /** MTH of leaves {@code [lo, hi)}, where {@code lo} is aligned as in every RFC recursion. */
  static byte[] hash(long lo, long hi, NodeReader nodes) {
    long n = hi - lo;
    if (Long.bitCount(n) == 1 && lo % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return nodes.node(level, lo >>> level);
    }
    long k = MerkleHash.splitPoint(n);
    return MerkleHash.node(hash(lo, lo + k, nodes), hash(lo + k, hi, nodes));
  }

  private static void path(long m, long lo, long hi, NodeReader nodes, List<byte[]> out) {
    long n = hi - lo;
    if (n == 1) {
      return;
    }
    long k = MerkleHash.splitPoint(n);
    if (m < k) {
      path(m, lo, lo + k, nodes, out);
      out.add(hash(lo + k, hi, nodes));
    } else {
      path(m - k, lo + k, hi, nodes, out);
      out.add(hash(lo, lo + k, nodes));
    }
  }

  private static void subproof(
      long m, long lo, long hi, boolean complete, NodeReader nodes, List<byte[]> out) {
    long n = hi - lo;
    if (m == n) {
      if (!complete) {
        out.add(hash(lo, hi, nodes));
      }
      return;
    }
    long k = MerkleHash.splitPoint(n);
    if (m <= k) {
      subproof(m, lo, lo + k, complete, nodes, out);
      out.add(hash(lo + k, hi, nodes));
    } else {
      subproof(m - k, lo + k, hi, false, nodes, out);
      out.add(hash(lo, lo + k, nodes));
    }
  }
}

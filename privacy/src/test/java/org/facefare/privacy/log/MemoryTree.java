package org.facefare.privacy.log;

import java.util.ArrayList;
import java.util.List;

/** An in-memory tree of leaf hashes whose nodes are computed naively, as a test reference. */
final class MemoryTree implements NodeReader {

  final List<byte[]> leafHashes = new ArrayList<>();

  static MemoryTree ofLeafData(List<byte[]> data) {
    MemoryTree t = new MemoryTree();
    data.forEach(d -> t.leafHashes.add(MerkleHash.leaf(d)));
    return t;
  }

  /** RFC 6962 MTH straight from its definition, over leaves {@code [lo, hi)}. */
  byte[] mth(int lo, int hi) {
    if (hi - lo == 1) {
      return leafHashes.get(lo);
    }
    int k = Integer.highestOneBit(hi - lo - 1);
    return MerkleHash.node(mth(lo, lo + k), mth(lo + k, hi));
  }

  @Override
  public byte[] node(int level, long index) {
    int lo = (int) (index << level);
    int hi = lo + (1 << level);
    if (hi > leafHashes.size()) {
      throw new IllegalStateException("no complete subtree at level " + level + ", " + index);
    }
    return mth(lo, hi);
  }
}

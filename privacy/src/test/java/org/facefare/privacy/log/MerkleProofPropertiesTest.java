package org.facefare.privacy.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the proofs over trees of every shape up to 300 leaves: the root built from stored
 * complete subtrees equals the RFC's MTH, every honest proof verifies, and a proof with one hash
 * changed, or checked against another index or root, does not.
 */
class MerkleProofPropertiesTest {

  private static MemoryTree tree(int size) {
    List<byte[]> data = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      data.add(ByteBuffer.allocate(4).putInt(i * 7919).array());
    }
    return MemoryTree.ofLeafData(data);
  }

  @Property(tries = 300)
  void inclusionProofsVerifyAndTamperedOnesDoNot(
      @ForAll @IntRange(min = 1, max = 300) int size,
      @ForAll @IntRange(min = 0, max = 299) int rawIndex,
      @ForAll @IntRange(min = 0, max = 31) int flippedByte)
      throws ProofException {
    int index = rawIndex % size;
    MemoryTree t = tree(size);
    byte[] root = MerkleTree.root(size, t);
    assertThat(root).isEqualTo(t.mth(0, size));
    List<byte[]> path = MerkleTree.inclusionPath(index, size, t);
    byte[] leaf = t.leafHashes.get(index);
    Proofs.verifyInclusion(index, size, leaf, path, root);
    if (!path.isEmpty()) {
      List<byte[]> bad = new ArrayList<>(path);
      byte[] h = bad.get(flippedByte % bad.size()).clone();
      h[flippedByte] ^= 1;
      bad.set(flippedByte % bad.size(), h);
      assertThatThrownBy(() -> Proofs.verifyInclusion(index, size, leaf, bad, root))
          .isInstanceOf(ProofException.class);
    }
    if (size > 1) {
      int other = (index + 1) % size;
      assertThatThrownBy(() -> Proofs.verifyInclusion(other, size, leaf, path, root))
          .isInstanceOf(ProofException.class);
    }
    byte[] otherRoot = root.clone();
    otherRoot[flippedByte] ^= 1;
    assertThatThrownBy(() -> Proofs.verifyInclusion(index, size, leaf, path, otherRoot))
        .isInstanceOf(ProofException.class);
  }

  @Property(tries = 300)
  void consistencyProofsVerifyAndTamperedOnesDoNot(
      @ForAll @IntRange(min = 1, max = 300) int second,
      @ForAll @IntRange(min = 1, max = 300) int rawFirst,
      @ForAll @IntRange(min = 0, max = 31) int flippedByte)
      throws ProofException {
    int first = 1 + (rawFirst - 1) % second;
    MemoryTree t = tree(second);
    byte[] r1 = MerkleTree.root(first, t);
    byte[] r2 = MerkleTree.root(second, t);
    List<byte[]> proof = MerkleTree.consistencyPath(first, second, t);
    Proofs.verifyConsistency(first, second, r1, r2, proof);
    if (!proof.isEmpty()) {
      List<byte[]> bad = new ArrayList<>(proof);
      byte[] h = bad.get(flippedByte % bad.size()).clone();
      h[flippedByte] ^= 1;
      bad.set(flippedByte % bad.size(), h);
      assertThatThrownBy(() -> Proofs.verifyConsistency(first, second, r1, r2, bad))
          .isInstanceOf(ProofException.class);
      byte[] otherRoot = r1.clone();
      otherRoot[0] ^= 1;
      assertThatThrownBy(() -> Proofs.verifyConsistency(first, second, otherRoot, r2, proof))
          .isInstanceOf(ProofException.class);
    }
  }
}

package org.facefare.privacy.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published RFC 6962 test vectors: the eight leaf inputs of the Certificate Transparency
 * reference tests (certificate-transparency {@code merkle_test.py}; transparency-dev/merkle {@code
 * testonly/reference_test.go}), their roots for every size 0 to 8, and the audit paths and
 * consistency proofs listed there.
 */
class MerkleVectorsTest {

  private static final HexFormat HEX = HexFormat.of();

  static final List<byte[]> LEAVES =
      Stream.of(
              "",
              "00",
              "10",
              "2021",
              "3031",
              "40414243",
              "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
          .map(HEX::parseHex)
          .toList();

  private static final List<String> ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static final MemoryTree TREE = MemoryTree.ofLeafData(LEAVES);

  @Test
  void rootsOfEverySizeMatchTheVectors() {
    for (int n = 0; n <= 8; n++) {
      assertThat(HEX.formatHex(MerkleTree.root(n, TREE))).as("size %d", n).isEqualTo(ROOTS.get(n));
    }
  }

  static Stream<Arguments> inclusionVectors() {
    return Stream.of(
        Arguments.of(0, 1, List.of()),
        Arguments.of(
            0, 2, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")),
        Arguments.of(
            1, 2, List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")),
        Arguments.of(
            2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
        Arguments.of(
            1,
            5,
            List.of(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        Arguments.of(
            0,
            8,
            List.of(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(
            5,
            8,
            List.of(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("inclusionVectors")
  void inclusionPathsMatchTheVectorsAndVerify(int index, int size, List<String> expected)
      throws ProofException {
    List<byte[]> path = MerkleTree.inclusionPath(index, size, TREE);
    assertThat(path.stream().map(HEX::formatHex).toList()).isEqualTo(expected);
    Proofs.verifyInclusion(
        index, size, MerkleHash.leaf(LEAVES.get(index)), path, HEX.parseHex(ROOTS.get(size)));
  }

  static Stream<Arguments> consistencyVectors() {
    return Stream.of(
        Arguments.of(1, 1, List.of()),
        Arguments.of(
            1,
            8,
            List.of(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(
            2,
            5,
            List.of(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        Arguments.of(
            6,
            8,
            List.of(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  }

  @ParameterizedTest(name = "{0} to {1}")
  @MethodSource("consistencyVectors")
  void consistencyProofsMatchTheVectorsAndVerify(int first, int second, List<String> expected)
      throws ProofException {
    List<byte[]> proof = MerkleTree.consistencyPath(first, second, TREE);
    assertThat(proof.stream().map(HEX::formatHex).toList()).isEqualTo(expected);
    Proofs.verifyConsistency(
        first, second, HEX.parseHex(ROOTS.get(first)), HEX.parseHex(ROOTS.get(second)), proof);
  }

  @Test
  void aProofAgainstTheWrongRootSaysWhichLeafAndSize() {
    List<byte[]> path = MerkleTree.inclusionPath(5, 8, TREE);
    assertThatThrownBy(
            () ->
                Proofs.verifyInclusion(
                    5, 8, MerkleHash.leaf(LEAVES.get(5)), path, HEX.parseHex(ROOTS.get(7))))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("leaf 5")
        .hasMessageContaining("tree size 8");
    assertThatThrownBy(
            () ->
                Proofs.verifyConsistency(
                    6,
                    8,
                    HEX.parseHex(ROOTS.get(5)),
                    HEX.parseHex(ROOTS.get(8)),
                    MerkleTree.consistencyPath(6, 8, TREE)))
        .isInstanceOf(ProofException.class)
        .hasMessageContaining("root of size 6");
    assertThatCode(
            () ->
                Proofs.verifyConsistency(
                    0, 8, MerkleHash.emptyRoot(), HEX.parseHex(ROOTS.get(8)), List.of()))
        .doesNotThrowAnyException();
  }
}

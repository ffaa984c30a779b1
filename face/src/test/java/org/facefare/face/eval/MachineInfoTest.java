package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recorded machine facts. */
class MachineInfoTest {

  @Test
  void theWidestVectorExtensionIsNamedWhateverTheFlagsOrder() {
    assertThat(MachineInfo.widest("fpu sse2 avx2 avx512f avx512bw".split(" ")))
        .isEqualTo("avx512f");
    assertThat(MachineInfo.widest("avx2 sse2 fpu avx".split(" "))).isEqualTo("avx2");
    assertThat(MachineInfo.widest("fpu sse2".split(" "))).isEqualTo("sse2");
    assertThat(MachineInfo.widest("fp asimd".split(" "))).isEqualTo("none");
  }

  @Test
  void theFactsNameTheVectorExtensionAndTheMemory() {
    assertThat(MachineInfo.collect())
        .containsKeys("cpu", "vector_extension", "cores", "memory_gib", "git_revision");
  }
}

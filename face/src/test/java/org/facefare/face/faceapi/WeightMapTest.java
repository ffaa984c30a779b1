package org.facefare.face.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightMapTest {

  private static WeightMap weights() {
    Map<String, Weight> m = new LinkedHashMap<>();
    m.put("a", new Weight.Floats("a", new int[] {2, 3}, new float[6]));
    m.put("b", new Weight.Floats("b", new int[] {4}, new float[] {1, 2, 3, 4}));
    m.put("k", new Weight.Ints("k", new int[] {}, new int[] {7}));
    return new WeightMap("net", m);
  }

  @Test
  void takesEachWeightOnceWithItsShape() throws Exception {
    WeightMap w = weights();
    assertThat(w.take("b", 4)).containsExactly(1, 2, 3, 4);
    assertThat(w.takeRank("a", 2).shape()).containsExactly(2, 3);
    w.finish(Set.of("k"));
    assertThatThrownBy(() -> w.take("b", 4)).hasMessage("net: weight 'b' is missing");
  }

  @Test
  void namesAMissingWeight() {
    assertThatThrownBy(() -> weights().take("c", 1))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage("net: weight 'c' is missing");
  }

  @Test
  void namesAMisshapedWeight() {
    assertThatThrownBy(() -> weights().take("a", 3, 2))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage("net: weight 'a' has shape [2, 3], expected [3, 2]");
    assertThatThrownBy(() -> weights().takeRank("a", 4))
        .hasMessage("net: weight 'a' has shape [2, 3], expected rank 4");
    assertThatThrownBy(() -> weights().take("k")).hasMessage("net: weight 'k' is not float32");
  }

  @Test
  void namesUnexpectedWeights() throws Exception {
    WeightMap w = weights();
    w.take("b", 4);
    assertThatThrownBy(() -> w.finish(Set.of()))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage("net: unexpected weights 'a', 'k'");
    assertThatThrownBy(() -> w.finish(Set.of("k"))).hasMessage("net: unexpected weight 'a'");
  }
}

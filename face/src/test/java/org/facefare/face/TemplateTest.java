package org.facefare.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 13, 128, 192, 512, 1024})
  void normalisesRoundTripsAndQuantises(int n) {
    Template t = Template.of("m", random(n, n));
    assertThat(t.cosine(t)).isCloseTo(1, within(1e-5));
    assertThat(Template.fromBytes(t.toBytes())).isEqualTo(t);

    float[] q = t.quantize().dequantize();
    double dot = 0;
    for (int i = 0; i < n; i++) {
      dot += q[i] * t.vector()[i];
    }
    double norm =
        Math.sqrt(java.util.stream.IntStream.range(0, n).mapToDouble(i -> q[i] * q[i]).sum());
    assertThat(dot / norm).isGreaterThan(n == 1 ? 0.999 : 0.999);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nan", "inf", "zero", "empty"})
  void refusesBadEmbeddings(String kind) {
    float[] v =
        switch (kind) {
          case "nan" -> new float[] {1, Float.NaN};
          case "inf" -> new float[] {Float.POSITIVE_INFINITY, 0};
          case "zero" -> new float[] {0, 0, 0};
          default -> new float[0];
        };
    assertThatThrownBy(() -> Template.of("m", v)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 5, 10})
  void refusesTruncatedOrForeignBytes(int cut) {
    byte[] b = Template.of("model", random(8, 1)).toBytes();
    byte[] shortened = java.util.Arrays.copyOf(b, cut);
    assertThatThrownBy(() -> Template.fromBytes(shortened))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void templatesOfDifferentModelsAreNeverCompared() {
    Template a = Template.of("a", random(8, 1));
    Template b = Template.of("b", random(8, 1));
    assertThatThrownBy(() -> a.cosine(b)).hasMessageContaining("cannot compare");
  }
}

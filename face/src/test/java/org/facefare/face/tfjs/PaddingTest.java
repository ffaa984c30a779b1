package org.facefare.face.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.facefare.face.tfjs.Padding.Pad;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaddingTest {

  /** TensorFlow's SAME rule, with the odd cell after; the 13/6/5 case is TensorFlow's own. */
  @ParameterizedTest(name = "in {0}, kernel {1}, stride {2}, dilation {3} -> ({4}, {5}), out {6}")
  @CsvSource({
    "13, 6, 5, 1, 1, 2, 3",
    "5, 3, 2, 1, 1, 1, 3",
    "6, 3, 2, 1, 0, 1, 3",
    "224, 3, 2, 1, 0, 1, 112",
    "112, 3, 1, 1, 1, 1, 112",
    "2, 2, 1, 1, 0, 1, 2",
    "6, 4, 1, 1, 1, 2, 6",
    "4, 2, 2, 1, 0, 0, 2",
    "7, 1, 2, 1, 0, 0, 4",
    "5, 3, 1, 2, 2, 2, 5",
    "1, 5, 1, 1, 2, 2, 1",
  })
  void samePadsLikeTensorFlow(
      int in, int kernel, int stride, int dilation, int before, int after, int out) {
    Pad pad = Padding.same(in, kernel, stride, dilation);
    assertThat(pad).isEqualTo(new Pad(before, after));
    assertThat(Padding.outputSize(in, pad, kernel, stride, dilation)).isEqualTo(out);
    assertThat(out).isEqualTo((in + stride - 1) / stride);
  }

  @ParameterizedTest(name = "in {0}, kernel {1}, stride {2} -> {3}")
  @CsvSource({"5, 3, 2, 2", "6, 3, 2, 2", "4, 4, 1, 1", "32, 2, 2, 16"})
  void validKeepsWholeWindows(int in, int kernel, int stride, int out) {
    assertThat(Padding.outputSize(in, new Pad(0, 0), kernel, stride, 1)).isEqualTo(out);
  }

  @ParameterizedTest(name = "in {0}, kernel {1}")
  @CsvSource({"2, 3", "0, 1"})
  void rejectsWindowsThatDoNotFit(int in, int kernel) {
    assertThatThrownBy(() -> Padding.outputSize(in, new Pad(0, 0), kernel, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

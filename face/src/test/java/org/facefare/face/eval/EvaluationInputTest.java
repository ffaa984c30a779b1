package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a message that says what is wrong. */
class EvaluationInputTest {

  private static final EvalSettings SETTINGS = EvalSettings.builder("toy", "toy").build();

  private static Sample s(String id, float... e) {
    return Sample.usable(id.substring(0, 1), id, e);
  }

  private static void refused(List<Sample> samples, EvalSettings settings, String message) {
    assertThatThrownBy(() -> Evaluation.run(samples, settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesRepeatedImageIds() {
    refused(List.of(s("a/1", 1, 0), s("a/1", 0, 1), s("b/1", 1, 1)), SETTINGS, "a/1 occurs");
  }

  @Test
  void refusesEmbeddingsOfDifferentLengths() {
    refused(List.of(s("a/1", 1, 0), s("a/2", 1, 0, 0), s("b/1", 1, 1)), SETTINGS, "a/2 has 3");
  }

  @Test
  void refusesZeroEmbeddingsForCosine() {
    refused(List.of(s("a/1", 1, 0), s("a/2", 0, 0), s("b/1", 1, 1)), SETTINGS, "a/2");
  }

  @Test
  void refusesNonFiniteScores() {
    EvalSettings nan =
        EvalSettings.builder("toy", "toy")
            .similarity(Similarity.of("nan", (x, y) -> Double.NaN))
            .build();
    refused(List.of(s("a/1", 1, 0), s("a/2", 0, 1), s("b/1", 1, 1)), nan, "non-finite");
  }

  @Test
  void refusesDatasetsWithoutGenuinePairsOrMatedProbes() {
    refused(List.of(s("a/1", 1, 0), s("b/1", 0, 1)), SETTINGS, "genuine and impostor pairs");
    refused(List.of(s("a/1", 1, 0)), SETTINGS, "2 identities");
    refused(List.of(), SETTINGS, "no samples");
  }

  @Test
  void refusesBadValuesInRecords() {
    assertThatThrownBy(() -> Sample.usable("a", "a/1", new float[] {Float.NaN}))
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> Sample.usable(" ", "a/1", new float[] {1}))
        .hasMessageContaining("identity");
    assertThatThrownBy(() -> Sample.unusable("a", "a/1", "")).hasMessageContaining("reason");
    assertThatThrownBy(() -> EvalSettings.builder("toy", "toy").farTargets(List.of(0.0)).build())
        .hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new PairScores(new double[] {2, 1}, new double[0], 0, 0))
        .hasMessageContaining("ascending");
  }

  @Test
  void embeddingsAreCopied() {
    float[] e = {1, 2};
    Sample sample = Sample.usable("a", "a/1", e);
    e[0] = 9;
    float[] read = ((SampleOutcome.Usable) sample.outcome()).embedding();
    assertThat(read).containsExactly(1, 2);
    read[1] = 9;
    assertThat(((SampleOutcome.Usable) sample.outcome()).embedding()).containsExactly(1, 2);
  }
}

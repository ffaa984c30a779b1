package org.facefare.face.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.facefare.face.TestVectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks each converted model against TensorFlow.js itself: the reference script runs the original
 * model on the deterministic input, ONNX Runtime runs the import on the same input, and every
 * output must agree to within 1e-4 absolute plus 1e-6 relative (see {@link #closeness}); an
 * embedding must have a cosine similarity of at least 0.99999 with TensorFlow.js's.
 */
class TfjsReferenceTest {

  /**
   * A model, the input range it is fed (its own preprocessing's range), the outputs to import
   * (empty: the model's own) and which of them are embeddings.
   */
  record Case(String model, double lo, double hi, List<String> outputs, List<String> embeddings) {
    @Override
    public String toString() {
      return model;
    }
  }

  static Stream<Arguments> models() {
    return Stream.of(
            new Case("blazeface", -1, 1, List.of(), List.of()),
            new Case("facemesh", 0, 1, List.of(), List.of()),
            new Case("antispoof", 0, 1, List.of(), List.of()),
            new Case("liveness", 0, 1, List.of(), List.of()),
            new Case("mobilefacenet", 0, 1, List.of(), List.of("embeddings")),
            new Case("mobileface", 0, 255, List.of(), List.of("batchnorm0/add_1:0")),
            // FaceFare uses only faceres's embedding; its age and gender heads are never imported.
            new Case(
                "faceres", 0, 1, List.of("global_pooling/Mean"), List.of("global_pooling/Mean")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void matchesTensorFlowJs(Case c, @TempDir Path tmp) throws Exception {
    Path json = TfjsReference.model(c.model());
    String[] extra =
        c.outputs().isEmpty()
            ? new String[] {"--repeat", "1"}
            : new String[] {"--repeat", "1", "--outputs", String.join(",", c.outputs())};
    TfjsReference.Result ref = TfjsReference.run(json, tmp, c.lo(), c.hi(), extra);

    ImportedModel imported =
        TfjsGraphImporter.convert(
            json, ImportOptions.builder().outputs(c.outputs().toArray(String[]::new)).build());
    float[] input = ReferenceInput.of(imported.input().size(), 1, c.lo(), c.hi());
    assertThat(input).as("the Java and JavaScript inputs").isEqualTo(ref.input());
    assertThat(imported.input().shape()).containsExactly(box(ref.inputShape()));
    assertThat(imported.outputs().stream().map(TensorSpec::name))
        .containsExactlyElementsOf(ref.outputs().stream().map(TfjsReference.Output::name).toList());

    try (OrtRun ort = new OrtRun(imported, 1)) {
      Map<String, float[]> got = ort.run(input);
      double millis = ort.medianMillis(input, 10);
      StringBuilder report = new StringBuilder();
      for (TfjsReference.Output want : ref.outputs()) {
        assertThat(imported.output(want.name()).shape()).containsExactly(box(want.shape()));
        float[] v = got.get(want.name());
        double maxAbs = maxAbsError(v, want.values());
        double cosine = TestVectors.cosine(v, want.values());
        report.append(
            String.format(
                "%n  %s %s: max |error| %s (%s of tolerance), cosine %.9f",
                want.name(),
                imported.output(want.name()).shape(),
                TfjsReference.format(maxAbs),
                TfjsReference.format(closeness(v, want.values())),
                cosine));
        if (c.embeddings().contains(want.name())) {
          assertThat(cosine)
              .as("cosine similarity of %s", want.name())
              .isGreaterThanOrEqualTo(0.99999);
        } else {
          assertThat(closeness(v, want.values()))
              .as("max |error| / (1e-4 + 1e-6 |expected|) of %s", want.name())
              .isLessThanOrEqualTo(1);
        }
      }
      System.out.printf(
          "%s: ONNX Runtime %s ms (1 thread), TensorFlow.js cpu %s ms%s%n",
          c.model(),
          TfjsReference.format(millis),
          TfjsReference.format(ref.medianMillis()),
          report);
    }
  }

  private static Integer[] box(int[] a) {
    return Arrays.stream(a).boxed().toArray(Integer[]::new);
  }

  static double maxAbsError(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  /**
   * The worst ratio of error to tolerance, where each value may be off by {@code 1e-4 + 1e-6 *
   * |expected|} (NumPy's {@code allclose}). The relative part, about 8 to 16 float32 ulps, matters
   * only for outputs in pixels (landmarks, boxes in the hundreds): there, summation order alone
   * moves results by that much; TensorFlow.js's cpu and wasm backends disagree by up to 8.4e-5 on
   * facemesh's mesh, whose values reach 161.
   */
  static double closeness(float[] got, float[] want) {
    assertThat(got).hasSameSizeAs(want);
    double worst = 0;
    for (int i = 0; i < got.length; i++) {
      double tolerance = 1e-4 + 1e-6 * Math.abs(want[i]);
      worst = Math.max(worst, Math.abs((double) got[i] - want[i]) / tolerance);
    }
    return worst;
  }
}

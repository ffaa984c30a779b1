package org.facefare.face.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphBuilderTest {

  @Test
  void builtModelRunsOnOnnxRuntime() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("tiny");
    String x = g.input("x", OnnxGraphBuilder.FLOAT, -1, 3);
    String c = g.constant("c", new float[] {1f, 2f, 3f}, 3);
    String sum = g.node("Add", "sum", List.of(x, c));
    String y = g.node("Relu", "y", List.of(sum));
    g.output(y, OnnxGraphBuilder.FLOAT, new long[] {-1, 3});
    byte[] model = g.build("test", Map.of("k", "v"));

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor in =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(new float[] {-5f, 0f, 1f, 1f, 1f, -9f}), new long[] {2, 3});
        OrtSession.Result r = s.run(Map.of("x", in))) {
      float[][] out = (float[][]) r.get(0).getValue();
      assertThat(out[0]).containsExactly(0f, 2f, 4f);
      assertThat(out[1]).containsExactly(2f, 3f, 0f);
      assertThat(s.getMetadata().getCustomMetadata()).containsEntry("k", "v");
    }
  }

  @Test
  void outputsOfMultiOutputNodesCanBeRead() throws Exception {
    OnnxGraphBuilder g = new OnnxGraphBuilder("split");
    String x = g.input("x", OnnxGraphBuilder.FLOAT, 1, 4);
    List<String> parts =
        g.nodeWithOutputs(
            "Split", "split", List.of(x, g.int64s("sizes", 1, 3)), 2, OnnxAttribute.of("axis", 1L));
    String y = g.node("Relu", "y", List.of(parts.get(1)));
    g.output(y, OnnxGraphBuilder.FLOAT, new long[] {1, 3});
    g.output(parts.get(0), OnnxGraphBuilder.FLOAT, new long[] {1, 1});
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s =
            env.createSession(g.build("test", Map.of()), new OrtSession.SessionOptions());
        OnnxTensor in =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(new float[] {7f, -1f, 2f, -3f}), new long[] {1, 4});
        OrtSession.Result r = s.run(Map.of("x", in))) {
      assertThat(((float[][]) r.get(y).orElseThrow().getValue())[0]).containsExactly(0f, 2f, 0f);
      assertThat(((float[][]) r.get(parts.get(0)).orElseThrow().getValue())[0]).containsExactly(7f);
    }
  }

  @Test
  void unknownInputIsAClearError() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("bad");
    assertThatThrownBy(() -> g.node("Relu", "r", List.of("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("Relu");
  }

  @Test
  void constantShapeMustMatchData() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("bad");
    assertThatThrownBy(() -> g.constant("c", new float[] {1f, 2f}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 values for shape of 3");
  }
}

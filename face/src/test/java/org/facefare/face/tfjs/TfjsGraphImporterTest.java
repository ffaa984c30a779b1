package org.facefare.face.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.facefare.face.tfjs.ModelFixture.attrs;
import static org.facefare.face.tfjs.ModelFixture.bool;
import static org.facefare.face.tfjs.ModelFixture.floatOp;
import static org.facefare.face.tfjs.ModelFixture.fused;
import static org.facefare.face.tfjs.ModelFixture.ints;
import static org.facefare.face.tfjs.ModelFixture.str;
import static org.facefare.face.tfjs.ModelFixture.type;
import static org.facefare.face.tfjs.ModelFixture.values;
import static org.facefare.face.tfjs.ModelFixture.window;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facefare.face.onnx.proto.Onnx;
import org.facefare.face.tfjs.NaiveNhwc.T;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TfjsGraphImporterTest {

  @TempDir Path dir;

  private static final float[] W1 = values(1, 3, 3, 2, 4);
  private static final float[] B1 = values(2, 4);
  private static final float[] DW = values(3, 3, 3, 4, 2);
  private static final float[] SCALE = values(4, 8);
  private static final float[] SHIFT = values(5, 8);
  private static final float[] W2 = values(6, 8, 3);
  private static final float[] B2 = values(7, 3);

  /**
   * A small image network: a strided SAME convolution with bias and Relu6, a spatial Pad, a
   * depthwise convolution (multiplier 2), a batch norm as Mul and AddV2, Relu, SAME max pooling,
   * then a flattening Reshape (one output) and a spatial Mean, a fused MatMul and Softmax (the
   * other).
   */
  private ModelFixture network() {
    return new ModelFixture()
        .placeholder("x", -1, 6, 6, 2)
        .constant("w1", W1, 3, 3, 2, 4)
        .constant("b1", B1, 4)
        .node(
            "c1",
            "_FusedConv2D",
            List.of("x", "w1", "b1"),
            fused(window("SAME", 2, 2), "BiasAdd", "Relu6"))
        .ints("pads", new int[] {0, 0, 1, 1, 1, 1, 0, 0}, 4, 2)
        .node("p", "Pad", List.of("c1", "pads"), floatOp())
        .constant("dw", DW, 3, 3, 4, 2)
        .node("d", "DepthwiseConv2dNative", List.of("p", "dw"), window("VALID", 1, 1))
        .constant("scale", SCALE, 8)
        .node("s", "Mul", List.of("d", "scale"), floatOp())
        .constant("shift", SHIFT, 1, 1, 8)
        .node("a", "AddV2", List.of("shift", "s"), floatOp())
        .node("r", "Relu", List.of("a"), floatOp())
        .node("mp", "MaxPool", List.of("r"), poolAttrs())
        .ints("flatShape", new int[] {-1, 32}, 2)
        .node(
            "flat",
            "Reshape",
            List.of("mp", "flatShape"),
            attrs("T", type("DT_FLOAT"), "Tshape", type("DT_INT32")))
        .ints("hw", new int[] {1, 2}, 2)
        .node(
            "m",
            "Mean",
            List.of("mp", "hw"),
            attrs("T", type("DT_FLOAT"), "keep_dims", bool(false)))
        .constant("w2", W2, 8, 3)
        .constant("b2", B2, 3)
        .node("fc", "_FusedMatMul", List.of("m", "w2", "b2"), matMulAttrs())
        .node("sm", "Softmax", List.of("fc"), floatOp());
  }

  private static ObjectNode poolAttrs() {
    ObjectNode a = window("SAME", 2, 2);
    a.set("ksize", ints(1, 2, 2, 1));
    return a;
  }

  private static ObjectNode matMulAttrs() {
    ObjectNode a = attrs("transpose_a", bool(false), "transpose_b", bool(false));
    a.set("T", type("DT_FLOAT"));
    return fused(a, "BiasAdd");
  }

  /** The network computed by {@link NaiveNhwc} from TensorFlow's definitions. */
  private static Map<String, T> expected(float[] input, int batch) {
    T x = NaiveNhwc.of(input, batch, 6, 6, 2);
    // SAME, in 6, kernel 3, stride 2: out 3, total padding 1, all of it after.
    T c1 = NaiveNhwc.conv(x, NaiveNhwc.of(W1, 3, 3, 2, 4), 2, 1, 0, 0, 3, 3, false);
    c1 = NaiveNhwc.clip(NaiveNhwc.channelAffine(c1, ones(4), doubles(B1)), 0, 6);
    // Pad 1 on each side, then VALID 3x3: the depthwise convolution sees padding 1.
    T d = NaiveNhwc.conv(c1, NaiveNhwc.of(DW, 3, 3, 4, 2), 1, 1, 1, 1, 3, 3, true);
    T r = NaiveNhwc.clip(NaiveNhwc.channelAffine(d, doubles(SCALE), doubles(SHIFT)), 0, 1e300);
    // SAME, in 3, window 2, stride 2: out 2, padding (0, 1).
    T mp = NaiveNhwc.maxPool(r, 2, 2, 0, 0, 2, 2);
    T fc = NaiveNhwc.matMul(NaiveNhwc.spatialMean(mp), NaiveNhwc.of(W2, 8, 3), doubles(B2));
    return Map.of("flat", new T(mp.v(), batch, 32), "sm", NaiveNhwc.softmax(fc));
  }

  @ParameterizedTest(name = "batch {0}")
  @ValueSource(ints = {1, 3})
  void convertsAHandMadeNetwork(int batch) throws Exception {
    Path json = network().write(dir);
    ImportedModel m =
        TfjsGraphImporter.convert(json, ImportOptions.builder().batchSize(batch).build());

    assertThat(m.input()).isEqualTo(new TensorSpec("x", List.of(batch, 6, 6, 2)));
    assertThat(m.outputs())
        .containsExactly(
            new TensorSpec("flat", List.of(batch, 32)), new TensorSpec("sm", List.of(batch, 3)));
    float[] input = ReferenceInput.of(m.input().size(), 7, -1, 1);
    Map<String, T> want = expected(input, batch);
    try (OrtRun ort = new OrtRun(m, 1)) {
      Map<String, float[]> got = ort.run(input);
      for (String name : List.of("flat", "sm")) {
        double[] w = want.get(name).v();
        assertThat(got.get(name)).hasSize(w.length);
        for (int i = 0; i < w.length; i++) {
          assertThat((double) got.get(name)[i]).as("%s[%d]", name, i).isCloseTo(w[i], within(1e-5));
        }
      }
    }
  }

  /** The Pad folds into the depthwise convolution, the Mul/AddV2 into its weights. */
  @Test
  void foldsPaddingAndBatchNormAndKeepsLayoutChangesFew() throws Exception {
    ImportedModel m = TfjsGraphImporter.convert(network().write(dir));
    Map<String, Integer> ops = opCounts(m);
    assertThat(ops)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Transpose",
                2,
                "Conv",
                2,
                "Clip",
                1,
                "Relu",
                1,
                "MaxPool",
                1,
                "Reshape",
                1,
                "ReduceMean",
                1,
                "Gemm",
                1,
                "Softmax",
                1,
                "Identity",
                2));
  }

  @Test
  void keepsOnlyWhatTheChosenOutputsNeed() throws Exception {
    ModelFixture f =
        network()
            .constant("unused", values(9, 32, 5), 32, 5)
            .node("head2", "MatMul", List.of("flat", "unused"), attrs("T", type("DT_FLOAT")));
    ImportedModel all = TfjsGraphImporter.convert(f.write(dir));
    assertThat(all.outputs().stream().map(TensorSpec::name)).containsExactly("sm", "head2");

    ImportedModel one =
        TfjsGraphImporter.convert(
            dir.resolve("model.json"), ImportOptions.builder().outputs("m").build());
    assertThat(one.outputs()).containsExactly(new TensorSpec("m", List.of(1, 8)));
    Onnx.GraphProto g = Onnx.ModelProto.parseFrom(one.onnx()).getGraph();
    assertThat(g.getInitializerList().stream().map(Onnx.TensorProto::getName))
        .noneMatch(
            n ->
                n.startsWith("w2")
                    || n.startsWith("b2")
                    || n.startsWith("unused")
                    || n.startsWith("fc"));
    assertThat(g.getNodeList().stream().map(Onnx.NodeProto::getOpType))
        .doesNotContain("Gemm", "Softmax", "MatMul", "Reshape");
  }

  /**
   * FaceFare never estimates age or gender: importing faceres's embedding leaves those heads out.
   */
  @Test
  void faceresEmbeddingLeavesAgeAndGenderOut() throws Exception {
    ImportedModel m =
        TfjsGraphImporter.convert(
            TfjsReference.model("faceres"),
            ImportOptions.builder().outputs("global_pooling/Mean").build());
    assertThat(m.outputs())
        .containsExactly(new TensorSpec("global_pooling/Mean", List.of(1, 1024)));
    Onnx.GraphProto g = Onnx.ModelProto.parseFrom(m.onnx()).getGraph();
    List<String> names = new ArrayList<>();
    g.getInitializerList().forEach(t -> names.add(t.getName()));
    g.getNodeList().forEach(n -> names.add(n.getName()));
    assertThat(names).isNotEmpty().noneMatch(n -> n.matches("(?i).*(age|gender|feats).*"));
    assertThat(g.getNodeList().stream().map(Onnx.NodeProto::getOpType))
        .doesNotContain("Gemm", "Sigmoid", "Softmax");
  }

  @Test
  void signatureKeysNameTheOutputs() throws Exception {
    Path json = network().signatureOutput("probabilities", "sm:0").write(dir);
    ImportedModel m = TfjsGraphImporter.convert(json);
    assertThat(m.outputs()).containsExactly(new TensorSpec("probabilities", List.of(1, 3)));
    ImportedModel byNode =
        TfjsGraphImporter.convert(json, ImportOptions.builder().outputs("sm:0", "flat").build());
    assertThat(byNode.outputs().stream().map(TensorSpec::name)).containsExactly("sm:0", "flat");
  }

  @Test
  void recordsProvenanceAndReportsProgress() throws Exception {
    Path json = network().write(dir);
    List<String> steps = new ArrayList<>();
    ImportedModel m =
        TfjsGraphImporter.convert(
            json,
            ImportOptions.builder()
                .listener((phase, done, total) -> steps.add(phase + " " + done + "/" + total))
                .build());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(Files.readAllBytes(json));
    sha.update(Files.readAllBytes(dir.resolve("weights.bin")));
    assertThat(m.metadata())
        .containsEntry(TfjsGraphImporter.SOURCE, "model.json")
        .containsEntry(TfjsGraphImporter.SHA256, HexFormat.of().formatHex(sha.digest()))
        .containsEntry(
            TfjsGraphImporter.IMPORTER, "facefare-tfjs-import " + TfjsGraphImporter.VERSION)
        .containsEntry("tfjs.generatedBy", "facefare-test");
    Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(m.onnx());
    Map<String, String> props = new TreeMap<>();
    proto.getMetadataPropsList().forEach(p -> props.put(p.getKey(), p.getValue()));
    assertThat(props).isEqualTo(new TreeMap<>(m.metadata()));
    assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(17);
    assertThat(steps)
        .hasSize(10 + 22)
        .startsWith("WEIGHTS 1/10")
        .contains("WEIGHTS 10/10", "NODES 1/22")
        .endsWith("NODES 22/22");
  }

  /**
   * Both spellings of PReLU become one PRelu node each and compute bit for bit what the spelled-out
   * float ops do; the nodes left unread are not mistaken for outputs.
   */
  @Test
  void preluSpellingsBecomePreluNodesBitForBit() throws Exception {
    float[] gamma = values(1, 3);
    float[] m = values(2, 3);
    Path json =
        new ModelFixture()
            .placeholder("x", 1, 2, 2, 3)
            .constant("zero", new float[] {0})
            .node("mx", "Maximum", List.of("zero", "x"), floatOp())
            .node("mn", "Minimum", List.of("x", "zero"), floatOp())
            .constant("gamma", gamma, 3)
            .node("mul", "Mul", List.of("mn", "gamma"), floatOp())
            .node("p1", "AddV2", List.of("mul", "mx"), floatOp())
            .node("r", "Relu", List.of("p1"), floatOp())
            .node("abs", "Abs", List.of("p1"), floatOp())
            .node("sub", "Sub", List.of("p1", "abs"), floatOp())
            .constant("m", m, 1, 1, 3)
            .node("mul2", "Mul", List.of("m", "sub"), floatOp())
            .node("p2", "Add", List.of("r", "mul2"), floatOp())
            .write(dir);
    ImportedModel model = TfjsGraphImporter.convert(json);
    assertThat(model.outputs()).containsExactly(new TensorSpec("p2", List.of(1, 2, 2, 3)));
    assertThat(opCounts(model)).isEqualTo(Map.of("PRelu", 2, "Identity", 1));
    float[] x = ReferenceInput.of(12, 3, -2, 2);
    try (OrtRun ort = new OrtRun(model, 1)) {
      float[] got = ort.run(x).get("p2");
      for (int i = 0; i < x.length; i++) {
        int c = i % 3;
        float p1 = gamma[c] * Math.min(x[i], 0f) + Math.max(0f, x[i]);
        float p2 = Math.max(p1, 0f) + m[c] * (p1 - Math.abs(p1));
        assertThat(Float.floatToIntBits(got[i]))
            .as("value %d", i)
            .isEqualTo(Float.floatToIntBits(p2));
      }
    }
  }

  @Test
  void unknownOpIsAnErrorNamingNodeAndOp() throws Exception {
    Path json =
        new ModelFixture()
            .placeholder("x", 1, 4)
            .node("weird", "Erf", List.of("x"), floatOp())
            .write(dir);
    assertThatThrownBy(() -> TfjsGraphImporter.convert(json))
        .isInstanceOf(TfjsImportException.class)
        .hasMessageStartingWith("node 'weird' (Erf): unsupported op");
  }

  @Test
  void unsupportedFusedOpIsAnError() throws Exception {
    Path json =
        new ModelFixture()
            .placeholder("x", 1, 4, 4, 2)
            .constant("w", values(1, 1, 1, 2, 2), 1, 1, 2, 2)
            .constant("b", values(2, 2), 2)
            .node(
                "c",
                "_FusedConv2D",
                List.of("x", "w", "b"),
                fused(window("SAME", 1, 1), "BiasAdd", "Elu"))
            .write(dir);
    assertThatThrownBy(() -> TfjsGraphImporter.convert(json))
        .isInstanceOf(TfjsImportException.class)
        .hasMessageContaining("node 'c' (_FusedConv2D): unsupported fused_ops [BiasAdd, Elu]");
  }

  @Test
  void unsupportedAttributesAreErrors() throws Exception {
    ObjectNode nchw = window("SAME", 1, 1);
    nchw.set("data_format", str("NCHW"));
    Path a =
        new ModelFixture()
            .placeholder("x", 1, 4, 4, 2)
            .constant("w", values(1, 1, 1, 2, 2), 1, 1, 2, 2)
            .node("c", "Conv2D", List.of("x", "w"), nchw)
            .write(dir.resolve("a"));
    assertThatThrownBy(() -> TfjsGraphImporter.convert(a))
        .hasMessage("node 'c' (Conv2D): data_format NCHW is not supported, only NHWC");

    Path b =
        new ModelFixture()
            .placeholder("x", 1, 4)
            .node(
                "r",
                "Relu",
                List.of("x"),
                attrs("T", type("DT_FLOAT"), "alpha", ModelFixture.real(1)))
            .write(dir.resolve("b"));
    assertThatThrownBy(() -> TfjsGraphImporter.convert(b))
        .hasMessage("node 'r' (Relu): unsupported attribute 'alpha'");
  }

  @Test
  void malformedGraphsAreErrors() throws Exception {
    Path second =
        new ModelFixture()
            .placeholder("x", 1, 4)
            .node("r", "Relu", List.of("x:1"), floatOp())
            .write(dir.resolve("a"));
    assertThatThrownBy(() -> TfjsGraphImporter.convert(second))
        .hasMessageContaining("reads output 1 of 'x'");

    Path open =
        new ModelFixture()
            .placeholder("x", 1, -1, 4)
            .node("r", "Relu", List.of("x"), floatOp())
            .write(dir.resolve("b"));
    assertThatThrownBy(() -> TfjsGraphImporter.convert(open))
        .hasMessage("node 'x' (Placeholder): dimension 1 is -1; only the batch may be open");

    Path missing =
        new ModelFixture()
            .placeholder("x", 1, 4)
            .node("r", "Relu", List.of("nothing"), floatOp())
            .write(dir.resolve("c"));
    assertThatThrownBy(() -> TfjsGraphImporter.convert(missing))
        .hasMessage("node 'r' (Relu): reads 'nothing', which is not a node");

    assertThatThrownBy(
            () ->
                TfjsGraphImporter.convert(missing, ImportOptions.builder().outputs("nope").build()))
        .hasMessage("requested output 'nope' names no node of the graph ('nope')");
  }

  /** Control inputs order execution in TensorFlow but carry no data; they are not converted. */
  @Test
  void controlInputsAreIgnored() throws Exception {
    Path json =
        new ModelFixture()
            .placeholder("x", 1, 4)
            .constant("c", new float[] {1, 2, 3, 4}, 4)
            .node("r", "Relu", List.of("x", "^c"), floatOp())
            .write(dir);
    ImportedModel m = TfjsGraphImporter.convert(json);
    assertThat(m.outputs()).containsExactly(new TensorSpec("r", List.of(1, 4)));
    try (OrtRun ort = new OrtRun(m, 1)) {
      assertThat(ort.run(new float[] {-1, 2, -3, 4}).get("r")).containsExactly(0, 2, 0, 4);
    }
  }

  private static Map<String, Integer> opCounts(ImportedModel m) throws Exception {
    Map<String, Integer> ops = new TreeMap<>();
    Onnx.ModelProto.parseFrom(m.onnx())
        .getGraph()
        .getNodeList()
        .forEach(n -> ops.merge(n.getOpType(), 1, Integer::sum));
    return ops;
  }

  private static double[] doubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static double[] ones(int n) {
    double[] d = new double[n];
    Arrays.fill(d, 1);
    return d;
  }
}

package org.facefare.face.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The importer on the real face-api.js weights (skipped when the model cache lacks them). */
class FaceApiImporterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(FaceApiNet.class)
  void writesAModelOnnxRuntimeLoadsWithTheDeclaredTensorsAndProvenance(FaceApiNet net)
      throws Exception {
    FaceApiTestSupport.assumeModel(net);
    FaceApiOnnx model = FaceApiImporter.convert(net, FaceApiTestSupport.modelDir());

    int size = net.inputSize();
    assertThat(model.input())
        .isEqualTo(new FaceApiOnnx.Tensor("input", List.of(-1L, (long) size, (long) size, 3L)));
    try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model.onnx())) {
      assertThat(s.getInputNames()).containsExactly("input");
      assertThat(shape(s.getInputInfo().get("input"))).containsExactly(-1, size, size, 3);
      Map<String, NodeInfo> outs = s.getOutputInfo();
      assertThat(outs.keySet())
          .containsExactlyElementsOf(
              model.outputs().stream().map(FaceApiOnnx.Tensor::name).toList());
      for (FaceApiOnnx.Tensor t : model.outputs()) {
        assertThat(shape(outs.get(t.name())))
            .as(t.name())
            .containsExactly(t.shape().stream().mapToLong(Long::longValue).toArray());
      }
      Map<String, String> props = s.getMetadata().getCustomMetadata();
      assertThat(props).isEqualTo(model.metadata());
    }
    assertThat(model.metadata())
        .containsEntry("importer_version", FaceApiImporter.VERSION)
        .containsEntry("net", net.modelName())
        .containsEntry("source_weights_sha256", sha256(shard(net)))
        .containsKeys("source", "source_manifest_sha256", "input_contract", "importer");
    assertThat(model.metadata().get("input_contract"))
        .contains("[N, " + size + ", " + size + ", 3]");
  }

  @Test
  void theDetectorExposesRawEncodingsScoresAndItsAnchors() throws Exception {
    FaceApiTestSupport.assumeModel(FaceApiNet.SSD_MOBILENETV1);
    FaceApiOnnx ssd =
        FaceApiImporter.convert(FaceApiNet.SSD_MOBILENETV1, FaceApiTestSupport.modelDir());
    // 32*32*3 + (16*16 + 8*8 + 4*4 + 2*2 + 1) * 6 anchors, as face-api's Output/extra_dim.
    assertThat(ssd.output("box_encodings").shape()).containsExactly(-1L, 5118L, 4L);
    assertThat(ssd.output("scores").shape()).containsExactly(-1L, 5118L);
    assertThat(ssd.output("anchors").shape()).containsExactly(5118L, 4L);
    assertThatThrownBy(() -> ssd.output("boxes")).hasMessageContaining("has no output 'boxes'");
  }

  @Test
  void conversionIsDeterministic() throws Exception {
    FaceApiTestSupport.assumeModel(FaceApiNet.FACE_LANDMARK_68);
    byte[] first =
        FaceApiImporter.convert(FaceApiNet.FACE_LANDMARK_68, FaceApiTestSupport.modelDir()).onnx();
    byte[] second =
        FaceApiImporter.convert(FaceApiNet.FACE_LANDMARK_68, FaceApiTestSupport.modelDir()).onnx();
    assertThat(Arrays.equals(first, second)).isTrue();
  }

  @Test
  void namesAMissingWeight() throws Exception {
    Path copy = landmarkCopy(w -> rename(w, "dense2/conv1/bias", "dense2/conv1/biases"));
    assertThatThrownBy(() -> FaceApiImporter.convert(FaceApiNet.FACE_LANDMARK_68, copy))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage("face_landmark_68_model: weight 'dense2/conv1/bias' is missing");
  }

  @Test
  void namesAMisshapedWeight() throws Exception {
    Path copy = landmarkCopy(w -> reshape(w, "dense1/conv0/pointwise_filter", 1, 1, 64, 32));
    assertThatThrownBy(() -> FaceApiImporter.convert(FaceApiNet.FACE_LANDMARK_68, copy))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage(
            "face_landmark_68_model: weight 'dense1/conv0/pointwise_filter' has shape"
                + " [1, 1, 64, 32], expected [k, k, 32, out]");
  }

  @Test
  void namesAWeightWhoseShapeBreaksTheNextLayer() throws Exception {
    Path copy = landmarkCopy(w -> reshape(w, "fc/bias", 68, 2));
    assertThatThrownBy(() -> FaceApiImporter.convert(FaceApiNet.FACE_LANDMARK_68, copy))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage("face_landmark_68_model: weight 'fc/bias' has shape [68, 2], expected [136]");
  }

  @Test
  void namesAnUnexpectedWeight() throws Exception {
    Path copy =
        landmarkCopy(
            w ->
                ((ArrayNode) w.get(0).get("weights"))
                    .addObject()
                    .put("name", "dense4/conv0/bias")
                    .put("dtype", "float32")
                    .set("shape", JSON.createArrayNode().add(1)));
    Files.write(copy.resolve("face_landmark_68_model.bin"), new byte[4], StandardOpenOption.APPEND);
    assertThatThrownBy(() -> FaceApiImporter.convert(FaceApiNet.FACE_LANDMARK_68, copy))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage("face_landmark_68_model: unexpected weight 'dense4/conv0/bias'");
  }

  @Test
  void theDetectorIgnoresOnlyTheGraphConstantsFaceApiDiscards() throws Exception {
    FaceApiTestSupport.assumeModel(FaceApiNet.SSD_MOBILENETV1);
    Path copy =
        copyOf(FaceApiNet.SSD_MOBILENETV1, w -> rename(w, "concat_1/axis", "concat_2/axis"));
    assertThatThrownBy(() -> FaceApiImporter.convert(FaceApiNet.SSD_MOBILENETV1, copy))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessage("ssd_mobilenetv1_model: unexpected weight 'concat_2/axis'");
  }

  private Path landmarkCopy(Consumer<ArrayNode> edit) throws Exception {
    FaceApiTestSupport.assumeModel(FaceApiNet.FACE_LANDMARK_68);
    return copyOf(FaceApiNet.FACE_LANDMARK_68, edit);
  }

  /** Copies {@code net}'s manifest (edited) and shard into the temporary folder. */
  private Path copyOf(FaceApiNet net, Consumer<ArrayNode> edit) throws Exception {
    ArrayNode manifest =
        (ArrayNode)
            JSON.readTree(FaceApiTestSupport.modelDir().resolve(net.manifestFileName()).toFile());
    assertThat(manifest.size()).isEqualTo(1);
    edit.accept(manifest);
    JSON.writeValue(dir.resolve(net.manifestFileName()).toFile(), manifest);
    Files.copy(shard(net), dir.resolve(shard(net).getFileName()));
    return dir;
  }

  private static Path shard(FaceApiNet net) {
    return FaceApiTestSupport.modelDir().resolve(net.modelName() + ".bin");
  }

  private static void rename(ArrayNode manifest, String from, String to) {
    spec(manifest, from).put("name", to);
  }

  private static void reshape(ArrayNode manifest, String name, int... shape) {
    ArrayNode s = JSON.createArrayNode();
    Arrays.stream(shape).forEach(s::add);
    spec(manifest, name).set("shape", s);
  }

  private static ObjectNode spec(ArrayNode manifest, String name) {
    List<ObjectNode> found = new ArrayList<>();
    manifest
        .get(0)
        .get("weights")
        .forEach(
            w -> {
              if (w.get("name").asText().equals(name)) {
                found.add((ObjectNode) w);
              }
            });
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static long[] shape(NodeInfo info) {
    return ((TensorInfo) info.getInfo()).getShape();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}

package org.facefare.face.faceapi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The converter of face-api.js's layers-format weights (a weights manifest and its shards) to an
 * ONNX model whose forward pass is face-api.js's.
 *
 * <pre>
 * face-api.js ships no graph, only weights: each network's forward pass is TypeScript code
 * (src/ssdMobilenetv1, src/faceLandmarkNet + src/faceFeatureExtractor, src/faceRecognitionNet).
 * The importer therefore writes each pass out in Java, taking every weight by its face-api name and
 * deriving channel counts and kernel sizes from the weights' shapes; a missing, misshaped or
 * unexpected weight fails the import, naming it.
 *
 * The ONNX models (opset 17) take face-api's own batch tensor: float32 RGB pixel values in
 * [0, 255], NHWC [N, size, size, 3], i.e. what NetInput.toBatchTensor produces after padding to a
 * square and resizing (FaceApiInput does that in Java). The per-network normalisation (x / 127.5 -
 * 1 for the detector; (x - mean RGB) / 255 for the other two) is the first thing in the graph, so
 * callers feed pixels. Internally the graphs are NCHW, the layout ONNX Runtime's CPU convolutions
 * prefer, with one transpose after the input; weights are transposed and batch norm and scale
 * layers folded at import, not at run time.
 *
 * Every model carries metadata_props: source (the manifest's file name), source_weights_sha256
 * (SHA-256 of the shards in manifest order), source_manifest_sha256, importer and
 * importer_version, net, and input_contract (the sentence above, made specific).
 * </pre>
 */
public final class FaceApiImporter {

  /** The importer's version, stored in every model; bumped when the graphs it writes change. */
  public static final String VERSION = "1";

  private static final String PRODUCER = "facefare-faceapi-import";

  private FaceApiImporter() {}

  /**
   * Converts {@code net} from the manifest {@link FaceApiNet#manifestFileName()} in {@code
   * modelDir} and its shards.
   *
   * @throws FaceApiWeightsException when the files are malformed or do not fit the network
   * @throws IOException when they cannot be read
   */
  public static FaceApiOnnx convert(FaceApiNet net, Path modelDir) throws IOException {
    WeightsManifest.WeightSet set = WeightsManifest.read(modelDir.resolve(net.manifestFileName()));
    WeightMap weights = new WeightMap(net.modelName(), set.weights());
    ConvertedGraph graph =
        switch (net) {
          case SSD_MOBILENETV1 -> SsdMobilenetV1Graph.build(weights);
          case FACE_LANDMARK_68 -> FaceLandmark68Graph.build(weights);
          case FACE_RECOGNITION -> FaceRecognitionGraph.build(weights);
        };
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("source", "face-api.js layers weights " + net.manifestFileName());
    metadata.put("source_weights_sha256", set.weightsSha256());
    metadata.put("source_manifest_sha256", set.manifestSha256());
    metadata.put("importer", FaceApiImporter.class.getName());
    metadata.put("importer_version", VERSION);
    metadata.put("net", net.modelName());
    metadata.put("input_contract", graph.contract());
    byte[] onnx = graph.graph().build(PRODUCER, metadata);
    return new FaceApiOnnx(net, onnx, graph.input(), graph.outputs(), metadata);
  }

  /**
   * The folder holding face-api.js's models in FaceFare's model cache: {@code
   * $FACEFARE_MODELS/face-api}, or {@code ~/.cache/facefare/models/face-api} when that variable is
   * unset.
   */
  public static Path defaultModelDir() {
    String env = System.getenv("FACEFARE_MODELS");
    Path cache =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "facefare", "models");
    return cache.resolve("face-api");
  }
}

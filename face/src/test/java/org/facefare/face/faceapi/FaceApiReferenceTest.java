package org.facefare.face.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.facefare.face.faceapi.FaceApiTestSupport.maxAbsDiff;
import static org.facefare.face.faceapi.FaceApiTestSupport.readF32;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facefare.face.TestVectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the converted networks against face-api.js itself: tools/tfjs-reference/
 * faceapi-reference.mjs runs face-api's nets in TensorFlow.js (wasm backend) on the deterministic
 * inputs and on the sample photos, and ONNX Runtime must reproduce its outputs.
 */
class FaceApiReferenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NODE_TIMEOUT_S = 300;
  private static final double MAX_ABS_ERROR = 1e-4;
  private static final double MIN_COSINE = 0.99999;
  private static final double MIN_IOU = 0.99;

  @TempDir static Path work;

  private static Path refDir;
  private static JsonNode reference;
  private static final Map<String, byte[]> rgb = new HashMap<>();
  private static final Map<FaceApiNet, FaceApiOnnx> models = new EnumMap<>(FaceApiNet.class);
  private static OrtRunner detector;
  private static String skipReason;

  private static final Path TOOL =
      Path.of(System.getProperty("facefare.repo", "..")).resolve("tools/tfjs-reference");

  /** Runs the script once for all tests, unless something it needs is absent. */
  @BeforeAll
  static void runFaceApi() throws Exception {
    skipReason = missingPrerequisite();
    if (skipReason != null) {
      return;
    }
    Path images = writeSampleImages();
    refDir = work.resolve("reference");
    Path log = work.resolve("faceapi-reference.log");
    Process p =
        new ProcessBuilder(
                "node",
                "faceapi-reference.mjs",
                FaceApiTestSupport.modelDir().toAbsolutePath().toString(),
                refDir.toString(),
                images.toString())
            .directory(TOOL.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(NODE_TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("faceapi-reference.mjs ran over " + NODE_TIMEOUT_S + " s:\n" + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      fail("faceapi-reference.mjs failed (" + p.exitValue() + "):\n" + Files.readString(log));
    }
    reference = JSON.readTree(refDir.resolve("manifest.json").toFile());
  }

  /** Why the reference cannot run here (models, node or the runtime absent), or null. */
  private static String missingPrerequisite() {
    for (FaceApiNet net : FaceApiNet.values()) {
      String absent = FaceApiTestSupport.modelAbsence(net);
      if (absent != null) {
        return absent;
      }
    }
    if (nodeVersion() == null) {
      return "node is not on the PATH: install Node.js 20 or newer";
    }
    if (!Files.isDirectory(TOOL.resolve("node_modules/@vladmandic/face-api"))) {
      return "the TensorFlow.js reference runtime is absent: run " + TOOL.resolve("install.sh");
    }
    return null;
  }

  /** Skips the calling test, with the reason, when the reference could not run. */
  private static void assumeReference() {
    assumeTrue(skipReason == null, skipReason);
  }

  @AfterAll
  static void closeDetector() throws OrtException {
    if (detector != null) {
      detector.close();
    }
  }

  @ParameterizedTest
  @EnumSource(FaceApiNet.class)
  void weightsAreBitIdenticalToTensorFlowJs(FaceApiNet net) throws Exception {
    assumeReference();
    JsonNode expected = netReference(net).get("weights");
    Map<String, Weight> weights =
        WeightsManifest.read(FaceApiTestSupport.modelDir().resolve(net.manifestFileName()))
            .weights();
    List<String> names = new ArrayList<>();
    expected.fieldNames().forEachRemaining(names::add);
    assertThat(weights.keySet()).containsExactlyInAnyOrderElementsOf(names);
    for (String name : names) {
      JsonNode e = expected.get(name);
      Weight w = weights.get(name);
      assertThat(w.shape()).as(name).containsExactly(ints(e.get("shape")));
      assertThat(w instanceof Weight.Floats ? "float32" : "int32")
          .as(name)
          .isEqualTo(e.get("dtype").asText());
      assertThat(sha256(w)).as("bytes of " + name).isEqualTo(e.get("sha256").asText());
    }
  }

  @ParameterizedTest
  @EnumSource(FaceApiNet.class)
  void onnxMatchesFaceApi(FaceApiNet net) throws Exception {
    assumeReference();
    JsonNode ref = netReference(net);
    int batch = ref.get("batch").asInt();
    int size = net.inputSize();
    float[] input = FaceApiTestSupport.lcgPixels(ref.get("seed").asInt(), batch * size * size * 3);
    float[] scriptInput = readF32(refDir.resolve(ref.at("/input/file").asText()));
    assertThat(Arrays.equals(input, scriptInput))
        .as("Java's LCG input equals the script's")
        .isTrue();

    FaceApiOnnx model = model(net);
    try (OrtRunner ort = new OrtRunner(model)) {
      Map<String, float[]> out = ort.run(input, batch);
      JsonNode outputs = ref.get("outputs");
      switch (net) {
        case SSD_MOBILENETV1 -> {
          SsdDecoder decoder = new SsdDecoder(out.get("anchors"));
          float[] enc = out.get("box_encodings");
          int n = enc.length / batch;
          float[] boxes = new float[enc.length];
          for (int b = 0; b < batch; b++) {
            float[] decoded = decoder.decodeBoxes(Arrays.copyOfRange(enc, b * n, (b + 1) * n));
            System.arraycopy(decoded, 0, boxes, b * n, n);
          }
          report(net, "boxes", boxes, readF32(refDir.resolve(outputs.at("/boxes/file").asText())));
          report(
              net,
              "scores",
              out.get("scores"),
              readF32(refDir.resolve(outputs.at("/scores/file").asText())));
        }
        case FACE_LANDMARK_68 ->
            report(
                net,
                "landmarks",
                out.get("landmarks"),
                readF32(refDir.resolve(outputs.at("/landmarks/file").asText())));
        case FACE_RECOGNITION -> {
          float[] got = out.get("descriptor");
          float[] want = readF32(refDir.resolve(outputs.at("/descriptor/file").asText()));
          assertThat(got).hasSameSizeAs(want);
          int dim = got.length / batch;
          for (int b = 0; b < batch; b++) {
            double cos =
                TestVectors.cosine(
                    Arrays.copyOfRange(got, b * dim, (b + 1) * dim),
                    Arrays.copyOfRange(want, b * dim, (b + 1) * dim));
            System.out.printf(
                "%s descriptor %d: cosine %.9f, max abs error %.3g%n",
                net, b, cos, maxAbsDiff(got, want));
            assertThat(cos).as("cosine of descriptor " + b).isGreaterThanOrEqualTo(MIN_COSINE);
          }
        }
      }
      System.out.printf(
          "%s: ONNX Runtime, 1 thread, batch 1: median %.1f ms%n", net, medianMillis(ort, size));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = FaceApiNet.class,
      names = {"FACE_LANDMARK_68", "FACE_RECOGNITION"})
  void nonSquareCropsMatchFaceApisOwnPaddingAndPostProcessing(FaceApiNet net) throws Exception {
    assumeReference();
    JsonNode ref = null;
    for (JsonNode c : reference.get("crops")) {
      if (c.get("net").asText().equals(net.modelName())) {
        ref = c;
      }
    }
    assertThat(ref).as("crop reference of " + net).isNotNull();
    int width = ref.get("width").asInt();
    int height = ref.get("height").asInt();
    float[] pixels = FaceApiTestSupport.lcgPixels(ref.get("seed").asInt(), width * height * 3);
    byte[] crop = new byte[pixels.length];
    for (int i = 0; i < crop.length; i++) {
      crop[i] = (byte) pixels[i];
    }
    float[] want = readF32(refDir.resolve(ref.at("/output/file").asText()));
    try (OrtRunner ort = new OrtRunner(model(net))) {
      float[] out =
          ort.run(FaceApiInput.toBatchTensor(crop, width, height, net), 1)
              .get(model(net).outputs().get(0).name());
      if (net == FaceApiNet.FACE_LANDMARK_68) {
        report(net, "crop landmarks", FaceApiLandmarks.relativeToCrop(out, 0, width, height), want);
      } else {
        double cos = TestVectors.cosine(out, want);
        System.out.printf(
            "%s crop descriptor: cosine %.9f, max abs error %.3g%n",
            net, cos, maxAbsDiff(out, want));
        assertThat(cos).as("cosine of the crop's descriptor").isGreaterThanOrEqualTo(MIN_COSINE);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void detectorMatchesDetectAllFaces(String sample) throws Exception {
    assumeReference();
    assumeTrue(!sample.isEmpty(), "no sample photos in " + samplesDir());
    JsonNode ref = imageReference(sample);
    int width = ref.get("width").asInt();
    int height = ref.get("height").asInt();
    byte[] pixels = rgb.get(sample);

    float[] ssdInput =
        FaceApiInput.toBatchTensor(pixels, width, height, FaceApiNet.SSD_MOBILENETV1);
    double ssdInputError =
        maxAbsDiff(ssdInput, readF32(refDir.resolve(ref.at("/ssdTensor/file").asText())));
    float[] centred =
        FaceApiInput.toBatchTensor(pixels, width, height, FaceApiNet.FACE_RECOGNITION);
    double centredError =
        maxAbsDiff(centred, readF32(refDir.resolve(ref.at("/centredTensor/file").asText())));

    if (detector == null) {
      detector = new OrtRunner(model(FaceApiNet.SSD_MOBILENETV1));
    }
    Map<String, float[]> out = detector.run(ssdInput, 1);
    SsdOptions options =
        new SsdOptions(ref.get("minConfidence").asDouble(), ref.get("maxResults").asInt());
    List<FaceApiDetection> faces =
        new SsdDecoder(out.get("anchors"))
            .detect(out.get("box_encodings"), out.get("scores"), width, height, options);
    JsonNode expected = ref.get("detections");
    double minIou = 1;
    double maxScoreError = 0;
    assertThat(faces).as("faces found").hasSize(expected.size());
    for (int i = 0; i < faces.size(); i++) {
      FaceApiDetection got = faces.get(i);
      JsonNode want = expected.get(i);
      double iou = iou(got, want);
      minIou = Math.min(minIou, iou);
      maxScoreError = Math.max(maxScoreError, Math.abs(got.score() - want.get("score").asDouble()));
      assertThat(iou)
          .as("IoU of face " + i + " " + got + " vs " + want)
          .isGreaterThanOrEqualTo(MIN_IOU);
    }
    System.out.printf(
        "%s: %d faces, min IoU %.6f, max score error %.3g; input tensor max abs error %.3g"
            + " (512, padded) %.3g (150, centred)%n",
        sample, faces.size(), minIou, maxScoreError, ssdInputError, centredError);
    assertThat(ssdInputError).as("512 input tensor vs face-api's").isLessThanOrEqualTo(1e-3);
    assertThat(centredError).as("150 centred tensor vs face-api's").isLessThanOrEqualTo(1e-3);
  }

  static Stream<String> samples() throws IOException {
    List<String> names = sampleFiles().stream().map(FaceApiReferenceTest::stem).toList();
    return names.isEmpty() ? Stream.of("") : names.stream();
  }

  private static void report(FaceApiNet net, String what, float[] got, float[] want) {
    double err = maxAbsDiff(got, want);
    System.out.printf("%s %s: max abs error %.3g over %d values%n", net, what, err, got.length);
    assertThat(err).as(net + " " + what + " max abs error").isLessThanOrEqualTo(MAX_ABS_ERROR);
  }

  private static double medianMillis(OrtRunner ort, int size) throws OrtException {
    float[] one = FaceApiTestSupport.lcgPixels(7, size * size * 3);
    ort.run(one, 1);
    double[] ms = new double[5];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      ort.run(one, 1);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private static synchronized FaceApiOnnx model(FaceApiNet net) throws IOException {
    FaceApiOnnx m = models.get(net);
    if (m == null) {
      m = FaceApiImporter.convert(net, FaceApiTestSupport.modelDir());
      models.put(net, m);
    }
    return m;
  }

  private static JsonNode netReference(FaceApiNet net) {
    for (JsonNode n : reference.get("nets")) {
      if (n.get("net").asText().equals(net.modelName())) {
        return n;
      }
    }
    throw new AssertionError("the reference has no " + net.modelName());
  }

  private static JsonNode imageReference(String sample) {
    for (JsonNode n : reference.get("images")) {
      if (n.get("name").asText().equals(sample)) {
        return n;
      }
    }
    throw new AssertionError("the reference has no image " + sample);
  }

  /** Where the model fetch puts the package's {@code demo/sample*.jpg}: the model folder itself. */
  private static Path samplesDir() {
    return FaceApiTestSupport.modelDir();
  }

  private static List<Path> sampleFiles() throws IOException {
    if (!Files.isDirectory(samplesDir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(samplesDir())) {
      return files
          .filter(f -> f.getFileName().toString().matches("sample.*\\.jpg"))
          .sorted()
          .toList();
    }
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.lastIndexOf('.'));
  }

  /** Decodes the sample photos to raw RGB files and lists them in images.json for the script. */
  private static Path writeSampleImages() throws IOException {
    Path dir = Files.createDirectories(work.resolve("images"));
    ArrayNode specs = JSON.createArrayNode();
    for (Path file : sampleFiles()) {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) {
        throw new IOException("ImageIO cannot decode " + file);
      }
      int w = img.getWidth();
      int h = img.getHeight();
      int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
      byte[] bytes = new byte[3 * w * h];
      for (int i = 0; i < argb.length; i++) {
        bytes[3 * i] = (byte) (argb[i] >> 16);
        bytes[3 * i + 1] = (byte) (argb[i] >> 8);
        bytes[3 * i + 2] = (byte) argb[i];
      }
      String name = stem(file);
      rgb.put(name, bytes);
      Files.write(dir.resolve(name + ".rgb"), bytes);
      specs
          .addObject()
          .put("name", name)
          .put("width", w)
          .put("height", h)
          .put("file", name + ".rgb")
          .put("minConfidence", SsdOptions.DEFAULT.minConfidence())
          .put("maxResults", SsdOptions.DEFAULT.maxResults());
    }
    Path json = dir.resolve("images.json");
    JSON.writeValue(json.toFile(), specs);
    return json;
  }

  private static String nodeVersion() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? v : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String sha256(Weight w) throws Exception {
    ByteBuffer b;
    if (w instanceof Weight.Floats f) {
      b = ByteBuffer.allocate(4 * f.values().length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(f.values());
    } else {
      int[] v = ((Weight.Ints) w).values();
      b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asIntBuffer().put(v);
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static double iou(FaceApiDetection a, JsonNode b) {
    double bx = b.get("x").asDouble();
    double by = b.get("y").asDouble();
    double bw = b.get("width").asDouble();
    double bh = b.get("height").asDouble();
    double iw = Math.max(0, Math.min(a.x() + a.width(), bx + bw) - Math.max(a.x(), bx));
    double ih = Math.max(0, Math.min(a.y() + a.height(), by + bh) - Math.max(a.y(), by));
    double inter = iw * ih;
    return inter / (a.width() * a.height() + bw * bh - inter);
  }
}

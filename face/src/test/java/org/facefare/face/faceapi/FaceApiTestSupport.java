package org.facefare.face.faceapi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared fixtures of the face-api tests: where the models are, the input formula, float files. */
final class FaceApiTestSupport {

  private FaceApiTestSupport() {}

  /** The face-api model folder of the machine's model cache. */
  static Path modelDir() {
    return FaceApiImporter.defaultModelDir();
  }

  /** Skips the calling test unless {@code net}'s manifest is in the model cache. */
  static void assumeModel(FaceApiNet net) {
    String absent = modelAbsence(net);
    assumeTrue(absent == null, absent);
  }

  /** Why {@code net} cannot be loaded from the model cache, or {@code null} if it can. */
  static String modelAbsence(FaceApiNet net) {
    Path manifest = modelDir().resolve(net.manifestFileName());
    return Files.isRegularFile(manifest)
        ? null
        : "face-api model "
            + manifest
            + " is absent: run ./facefare models fetch (or set FACEFARE_MODELS)";
  }

  /**
   * The deterministic input of faceapi-reference.mjs: value k is {@code s_{k+1} >>> 24} with {@code
   * s_0 = seed}, {@code s_{k+1} = 1664525 s_k + 1013904223 mod 2^32}.
   */
  static float[] lcgPixels(int seed, int count) {
    float[] out = new float[count];
    int s = seed;
    for (int k = 0; k < count; k++) {
      s = s * 1664525 + 1013904223;
      out[k] = s >>> 24;
    }
    return out;
  }

  /** A little-endian float32 file's values. */
  static float[] readF32(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  /** The largest {@code |a[i] - b[i]|}, infinite if either holds NaN; lengths must match. */
  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs((double) a[i] - b[i]);
      if (Double.isNaN(d)) {
        return Double.POSITIVE_INFINITY;
      }
      max = Math.max(max, d);
    }
    return max;
  }
}

package org.facefare.face.faceapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of one network as an architecture consumes them: each weight is taken once, by name,
 * with its shape checked, and {@link #finish} rejects weights nobody took.
 */
final class WeightMap {

  private final String model;
  private final Map<String, Weight> remaining;

  /**
   * Wraps {@code weights} of the network called {@code model} (used in error messages).
   *
   * @param weights weights by name; not modified
   */
  WeightMap(String model, Map<String, Weight> weights) {
    this.model = model;
    this.remaining = new LinkedHashMap<>(weights);
  }

  /** Takes the float32 weight {@code name}, which must have exactly {@code shape}. */
  float[] take(String name, int... shape) throws FaceApiWeightsException {
    Weight.Floats w = remove(name);
    if (!Arrays.equals(w.shape(), shape)) {
      throw misshaped(w, Arrays.toString(shape));
    }
    return w.values();
  }

  /** Takes the float32 weight {@code name}, which must have {@code rank} dimensions. */
  Weight.Floats takeRank(String name, int rank) throws FaceApiWeightsException {
    Weight.Floats w = remove(name);
    if (w.shape().length != rank) {
      throw misshaped(w, "rank " + rank);
    }
    return w;
  }

  /**
   * Checks that every weight was taken, except those named in {@code unused}: constants of the
   * original TensorFlow graph that face-api.js itself loads and discards.
   */
  void finish(Set<String> unused) throws FaceApiWeightsException {
    List<String> extra = new ArrayList<>();
    for (String name : remaining.keySet()) {
      if (!unused.contains(name)) {
        extra.add(name);
      }
    }
    if (!extra.isEmpty()) {
      throw new FaceApiWeightsException(
          model + ": unexpected weight" + (extra.size() == 1 ? " " : "s ") + quoted(extra));
    }
  }

  private Weight.Floats remove(String name) throws FaceApiWeightsException {
    Weight w = remaining.remove(name);
    if (w == null) {
      throw new FaceApiWeightsException(model + ": weight '" + name + "' is missing");
    }
    if (!(w instanceof Weight.Floats f)) {
      throw new FaceApiWeightsException(model + ": weight '" + name + "' is not float32");
    }
    return f;
  }

  /** The error that {@code w} does not have the {@code expected} shape (e.g. "[k, k, 32, 1]"). */
  FaceApiWeightsException misshaped(Weight w, String expected) {
    return error("weight '" + w.name() + "' has shape " + w.shapeText() + ", expected " + expected);
  }

  /** An error about these weights, prefixed with the network's name. */
  FaceApiWeightsException error(String message) {
    return new FaceApiWeightsException(model + ": " + message);
  }

  private static String quoted(List<String> names) {
    List<String> q = new ArrayList<>();
    for (String n : names) {
      q.add("'" + n + "'");
    }
    return String.join(", ", q);
  }
}

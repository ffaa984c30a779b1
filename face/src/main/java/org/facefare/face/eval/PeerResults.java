package org.facefare.face.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of {@code tools/tfjs-reference/faceapi-peer.mjs} (face-api.js's own pipeline) read as
 * evaluation samples, to be scored with {@link Similarity#negativeL2()}.
 *
 * <p>Every image carries a descriptor (undetected faces fall back to the whole image), so every
 * sample is usable; each is tagged {@value #DETECTION_TAG} = {@code detected} or {@code
 * undetected}.
 *
 * @param meta the run's {@code meta} object flattened to text (tool versions, protocol, machine)
 * @param samples one per image, in the file's order
 * @param millis each image's pipeline time, in the file's order
 */
public record PeerResults(Map<String, String> meta, List<Sample> samples, double[] millis) {

  /** The tag telling whether face-api.js's detector found the face. */
  public static final String DETECTION_TAG = "detection";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the fields. */
  public PeerResults {
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    samples = List.copyOf(samples);
    millis = millis.clone();
  }

  /** A copy of the per-image times in milliseconds. */
  @Override
  public double[] millis() {
    return millis.clone();
  }

  /** Images the detector missed. */
  public long undetected() {
    return samples.stream().filter(s -> "undetected".equals(s.tags().get(DETECTION_TAG))).count();
  }

  /** The time at percentile {@code p} in (0, 100] (nearest rank). */
  public double percentileMillis(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /**
   * Reads a peer output file.
   *
   * @throws IllegalArgumentException when the file lacks the {@code images} array or an entry lacks
   *     a field, or descriptors differ in length
   */
  public static PeerResults read(Path json) throws IOException {
    JsonNode root = JSON.readTree(json.toFile());
    JsonNode images = root.path("images");
    if (!images.isArray() || images.isEmpty()) {
      throw new IllegalArgumentException(json + " has no \"images\" array: not a peer output file");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    flatten("", root.path("meta"), meta);
    List<Sample> samples = new ArrayList<>();
    double[] millis = new double[images.size()];
    for (int i = 0; i < images.size(); i++) {
      JsonNode image = images.get(i);
      String where = json + " image " + i;
      String identity = text(image, "identity", where);
      String file = text(image, "file", where);
      JsonNode detected = field(image, "detected", where);
      JsonNode descriptor = field(image, "descriptor", where);
      if (!detected.isBoolean() || !descriptor.isArray()) {
        throw new IllegalArgumentException(
            where + ": detected must be a boolean, descriptor an array");
      }
      float[] values = new float[descriptor.size()];
      for (int k = 0; k < values.length; k++) {
        if (!descriptor.get(k).isNumber()) {
          throw new IllegalArgumentException(
              where + ": descriptor value " + k + " is not a number");
        }
        values[k] = descriptor.get(k).floatValue();
      }
      millis[i] = field(image, "ms", where).asDouble();
      samples.add(
          Sample.usable(identity, identity + "/" + file, values)
              .withTag(DETECTION_TAG, detected.booleanValue() ? "detected" : "undetected"));
    }
    return new PeerResults(meta, samples, millis);
  }

  private static JsonNode field(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(where + " has no \"" + name + "\"");
    }
    return value;
  }

  private static String text(JsonNode node, String name, String where) {
    JsonNode value = field(node, name, where);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + ": \"" + name + "\" must be a string");
    }
    return value.textValue();
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> flatten(prefix + e.getKey() + ".", e.getValue(), out));
    } else if (!node.isMissingNode()) {
      out.put(
          prefix.substring(0, prefix.length() - 1),
          node.isTextual() ? node.textValue() : node.toString());
    }
  }
}

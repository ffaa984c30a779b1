package org.facefare.gallery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a gallery knows of the embedding model its templates come from: the model id, the fixed
 * dimension, the decision rule calibrated for it and the mean embedding the approximate first stage
 * centres vectors by.
 *
 * @param modelId the model id written into templates
 * @param dimension the embedding dimension
 * @param rule the calibrated open-set rule
 * @param centre the model's mean embedding (the zero vector when none is known)
 */
public record ModelProfile(String modelId, int dimension, DecisionRule rule, float[] centre) {

  /** The default embedder's id (face-api.js's dlib ResNet-34, 128-d). */
  public static final String DEFAULT_MODEL = "faceapi-resnet";

  /**
   * The default embedder's rule: the combined set's calibrated cosine at FMR 1e-6 as measured
   * before the low-light lift (0.9856, {@code docs/accuracy.md}; the lift lowered that FMR's
   * threshold to 0.9715, below the best non-enrolled impostor among 1M riders, 0.9718, so the
   * stricter value is kept) and a margin of 0.01 over the second rider.
   */
  public static final DecisionRule DEFAULT_RULE = new DecisionRule(0.9856, 0.01);

  private static final Map<String, Integer> DIMENSIONS =
      Map.of("faceapi-resnet", 128, "mobilefacenet", 192, "mobileface", 256, "faceres", 1024);

  /** Checks the fields and copies the centre. */
  public ModelProfile {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(rule, "rule");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("model id is blank");
    }
    if (dimension < 8 || dimension > 4096 || dimension % 8 != 0) {
      throw new IllegalArgumentException(
          "a gallery dimension is a multiple of 8 in [8, 4096], got " + dimension);
    }
    centre = centre.clone();
    if (centre.length != dimension) {
      throw new IllegalArgumentException(
          "centre has " + centre.length + " values for a " + dimension + "-d model");
    }
    for (float c : centre) {
      if (!Float.isFinite(c)) {
        throw new IllegalArgumentException("centre has a non-finite value");
      }
    }
  }

  /** A copy of the centre. */
  @Override
  public float[] centre() {
    return centre.clone();
  }

  float[] centreView() {
    return centre;
  }

  /** The profile of the default embedder with its calibrated rule and measured centre. */
  public static ModelProfile defaultModel() {
    return forModel(DEFAULT_MODEL, DEFAULT_RULE);
  }

  /**
   * The profile of one of the face module's default embedders with a rule.
   *
   * @throws IllegalArgumentException for a model id the gallery does not know
   */
  public static ModelProfile forModel(String modelId, DecisionRule rule) {
    Integer dim = DIMENSIONS.get(modelId);
    if (dim == null) {
      throw new IllegalArgumentException(
          "unknown model id '"
              + modelId
              + "' (known: "
              + String.join(", ", new java.util.TreeSet<>(DIMENSIONS.keySet()))
              + "); give its dimension with ModelProfile.of");
    }
    return new ModelProfile(
        modelId, dim, rule, measuredCentre(modelId, dim).orElse(new float[dim]));
  }

  /** The profile of any other embedder (e.g. a 512-d ArcFace ONNX model), with no centre. */
  public static ModelProfile of(String modelId, int dimension, DecisionRule rule) {
    return new ModelProfile(modelId, dimension, rule, new float[dimension]);
  }

  /** This profile with another rule. */
  public ModelProfile withRule(DecisionRule r) {
    return new ModelProfile(modelId, dimension, r, centre);
  }

  /** This profile with another centre. */
  public ModelProfile withCentre(float[] c) {
    return new ModelProfile(modelId, dimension, rule, c);
  }

  private static Optional<float[]> measuredCentre(String modelId, int dim) {
    try (InputStream in = ModelProfile.class.getResourceAsStream("centre-" + modelId + ".f32")) {
      if (in == null) {
        return Optional.empty();
      }
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      if (b.remaining() != 4 * dim) {
        throw new IllegalStateException("the bundled centre of " + modelId + " has a wrong size");
      }
      float[] c = new float[dim];
      b.asFloatBuffer().get(c);
      return Optional.of(c);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the bundled centre of " + modelId, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelProfile p
        && modelId.equals(p.modelId)
        && dimension == p.dimension
        && rule.equals(p.rule)
        && java.util.Arrays.equals(centre, p.centre);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelId, dimension, rule, java.util.Arrays.hashCode(centre));
  }

  @Override
  public String toString() {
    return "ModelProfile[" + modelId + ", " + dimension + "-d, " + rule + "]";
  }
}

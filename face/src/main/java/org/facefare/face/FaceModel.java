package org.facefare.face;

import java.util.List;
import java.util.Optional;

/**
 * A default model FaceFare converts from the TensorFlow.js packages: its cache folder, source file
 * and the outputs FaceFare keeps.
 *
 * <p>Only outputs that serve fare payment are kept: {@code faceres} also predicts age and gender,
 * which FaceFare prunes away at conversion and never computes.
 */
public enum FaceModel {
  /** BlazeFace (MediaPipe, full-range 256×256): face boxes and six keypoints. */
  BLAZEFACE("human-models", "blazeface.json", List.of()),
  /** Anti-spoofing classifier on a 128×128 face crop: higher means a real face. */
  ANTISPOOF("human-models", "antispoof.json", List.of()),
  /** Liveness classifier on a 32×32 face crop: two-class softmax. */
  LIVENESS("human-models", "liveness.json", List.of()),
  /** MobileFaceNet embedder, 112×112 ArcFace-aligned, 192-d. */
  MOBILEFACENET("human-models", "mobilefacenet.json", List.of()),
  /** InsightFace MobileFace embedder, 112×112 ArcFace-aligned, 256-d. */
  MOBILEFACE("human-models", "mobileface.json", List.of()),
  /** HSE FaceRes embedder, 224×224, 1024-d; only its descriptor output is kept. */
  FACERES("human-models", "faceres.json", List.of("global_pooling/Mean"));

  private final String folder;
  private final String file;
  private final List<String> outputs;

  FaceModel(String folder, String file, List<String> outputs) {
    this.folder = folder;
    this.file = file;
    this.outputs = outputs;
  }

  /** The model cache folder that holds the source. */
  public String folder() {
    return folder;
  }

  /** The source {@code model.json} (graph models) file name. */
  public String file() {
    return file;
  }

  /** The outputs kept; empty means the model's own signature outputs. */
  public List<String> outputs() {
    return outputs;
  }

  /** The id written into templates made by this model, e.g. {@code mobilefacenet}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The model with this id, if any. */
  public static Optional<FaceModel> byId(String id) {
    for (FaceModel m : values()) {
      if (m.id().equals(id)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}

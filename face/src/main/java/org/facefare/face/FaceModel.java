package org.facefare.face;

import java.util.List;
import java.util.Optional;
import org.facefare.face.faceapi.FaceApiNet;

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
  FACERES("human-models", "faceres.json", List.of("global_pooling/Mean")),
  /** face-api.js 68-point landmark net on a 112×112 face box crop. */
  FACEAPI_LANDMARKS68(FaceApiNet.FACE_LANDMARK_68),
  /** face-api.js (dlib) ResNet-34 face descriptor, 150×150, 128-d. */
  FACEAPI_RESNET(FaceApiNet.FACE_RECOGNITION);

  private final String folder;
  private final String file;
  private final List<String> outputs;
  private final Optional<FaceApiNet> faceApiNet;

  FaceModel(String folder, String file, List<String> outputs) {
    this.folder = folder;
    this.file = file;
    this.outputs = outputs;
    this.faceApiNet = Optional.empty();
  }

  FaceModel(FaceApiNet net) {
    this.folder = "face-api";
    this.file = net.manifestFileName();
    this.outputs = List.of();
    this.faceApiNet = Optional.of(net);
  }

  /** The face-api.js net, for models in face-api's layers format (else a TensorFlow.js graph). */
  public Optional<FaceApiNet> faceApiNet() {
    return faceApiNet;
  }

  /** The model cache folder that holds the source. */
  public String folder() {
    return folder;
  }

  /** The source file: {@code model.json} of a graph model, or a face-api weights manifest. */
  public String file() {
    return file;
  }

  /** The outputs kept; empty means the model's own signature outputs. */
  public List<String> outputs() {
    return outputs;
  }

  /** The id written into templates made by this model, e.g. {@code mobilefacenet}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
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

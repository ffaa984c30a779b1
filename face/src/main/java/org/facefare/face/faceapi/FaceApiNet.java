package org.facefare.face.faceapi;

/** One of the face-api.js networks FaceFare converts, with the input face-api.js feeds it. */
public enum FaceApiNet {
  /** The SSD MobileNetV1 face detector: a 512×512 image, zero-padded at the bottom or right. */
  SSD_MOBILENETV1("ssd_mobilenetv1_model", 512, false),
  /** The 68-point landmark net: a 112×112 face crop, zero-padded equally on both sides. */
  FACE_LANDMARK_68("face_landmark_68_model", 112, true),
  /** The ResNet-34-like face descriptor net (128-d): a 150×150 face crop, centred. */
  FACE_RECOGNITION("face_recognition_model", 150, true);

  private final String modelName;
  private final int inputSize;
  private final boolean centersInput;

  FaceApiNet(String modelName, int inputSize, boolean centersInput) {
    this.modelName = modelName;
    this.inputSize = inputSize;
    this.centersInput = centersInput;
  }

  /** face-api.js's default model name, e.g. {@code ssd_mobilenetv1_model}. */
  public String modelName() {
    return modelName;
  }

  /** The manifest's file name, e.g. {@code ssd_mobilenetv1_model-weights_manifest.json}. */
  public String manifestFileName() {
    return modelName + "-weights_manifest.json";
  }

  /** The side of the square input the network takes. */
  public int inputSize() {
    return inputSize;
  }

  /**
   * Whether face-api.js centres a non-square image when padding it to a square ({@code
   * NetInput.toBatchTensor}'s {@code isCenterInputs}); otherwise it pads at the bottom or right.
   */
  public boolean centersInput() {
    return centersInput;
  }
}

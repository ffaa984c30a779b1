package org.facefare.face.image;

/** The order in which {@link RgbImage#writeTensor} lays out one image's float samples. */
public enum TensorLayout {
  /** Height, width, channel: {@code [y][x][c]}, as TensorFlow models expect. */
  NHWC,
  /** Channel, height, width: {@code [c][y][x]}, as most PyTorch-exported ONNX models expect. */
  NCHW
}

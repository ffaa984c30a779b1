package org.facefare.face.faceapi;

/**
 * The mapping of the converted landmark net's raw output back onto the face crop it was given, as
 * face-api.js's {@code FaceLandmark68NetBase.postProcess} does.
 *
 * <pre>
 * The net sees the crop scaled by s = 112 / max(width, height) and centred in a 112x112 square;
 * face-api takes the padding before the image as |width * s - height * s| / 2 on the shorter axis
 * and maps each raw coordinate v to (v * 112 - padding) / (side * s), in float32. (Its padding
 * step actually puts round(diff / 2) after the image and the rest before, so the two differ by up
 * to half a source pixel for odd differences; this class mirrors postProcess as it is.)
 * </pre>
 */
public final class FaceApiLandmarks {

  /** The number of landmarks. */
  public static final int POINTS = 68;

  private FaceApiLandmarks() {}

  /**
   * The 68 landmarks of one face relative to its crop.
   *
   * @param raw the net's {@code landmarks} output, of which 136 values are read from {@code
   *     offset}: (x0, y0, x1, y1, ...) relative to the 112x112 input
   * @param cropWidth the crop's width in pixels, before padding and resizing
   * @param cropHeight the crop's height in pixels
   * @return 136 values (x0, y0, ...), each relative to the crop's width or height
   */
  public static float[] relativeToCrop(float[] raw, int offset, int cropWidth, int cropHeight) {
    if (cropWidth < 1 || cropHeight < 1) {
      throw new IllegalArgumentException("crop size " + cropWidth + "x" + cropHeight);
    }
    if (offset < 0 || offset + 2 * POINTS > raw.length) {
      throw new IllegalArgumentException(
          "need " + 2 * POINTS + " values from " + offset + ", have " + raw.length);
    }
    float size = FaceApiNet.FACE_LANDMARK_68.inputSize();
    double scale = size / (double) Math.max(cropWidth, cropHeight);
    double w = cropWidth * scale;
    double h = cropHeight * scale;
    float padX = w < h ? (float) (Math.abs(w - h) / 2) : 0f;
    float padY = h < w ? (float) (Math.abs(w - h) / 2) : 0f;
    float width = (float) w;
    float height = (float) h;
    float[] out = new float[2 * POINTS];
    for (int i = 0; i < POINTS; i++) {
      out[2 * i] = (raw[offset + 2 * i] * size - padX) / width;
      out[2 * i + 1] = (raw[offset + 2 * i + 1] * size - padY) / height;
    }
    return out;
  }
}

package org.facefare.face.faceapi;

/**
 * The Java mirror of face-api.js's {@code NetInput.toBatchTensor} for an image tensor: pad to a
 * square with zeros, then resize bilinearly to the network's input size, giving the float pixels
 * the converted models take.
 *
 * <pre>
 * face-api.js src/ops/padToSquare.ts: the shorter axis gets |height - width| zero pixels, all after
 * the image, or, when centring, round(diff / 2) after it and the rest before it. Then
 * tf.image.resizeBilinear(size, alignCorners = false, halfPixelCenters = false) unless the square
 * already has the input size: source coordinate = destination * (side / size); the four
 * neighbours floor / ceil (clamped to the last pixel) are blended as
 * top = tl + (tr - tl) * fx, bottom = bl + (br - bl) * fx, value = top + (bottom - top) * fy, in
 * float32 like TensorFlow.js's CPU and wasm kernels. (Canvas inputs take another path in face-api,
 * the browser's drawImage; FaceFare feeds tensors, as face-api does in Node.)
 * </pre>
 */
public final class FaceApiInput {

  private FaceApiInput() {}

  /**
   * The input tensor of {@code net} for an image.
   *
   * @param rgb the image, {@code 3 * width * height} bytes, rows top to bottom, R G B per pixel
   * @return {@code size * size * 3} floats, NHWC order, pixel values in [0, 255]
   */
  public static float[] toBatchTensor(byte[] rgb, int width, int height, FaceApiNet net) {
    return squareResized(rgb, width, height, net.inputSize(), net.centersInput());
  }

  /**
   * An image padded to a square (centred or at the bottom/right) and resized to {@code size}.
   *
   * @param rgb the image, {@code 3 * width * height} bytes, rows top to bottom, R G B per pixel
   * @return {@code size * size * 3} floats, NHWC order
   */
  public static float[] squareResized(byte[] rgb, int width, int height, int size, boolean centre) {
    if (width < 1 || height < 1 || size < 1) {
      throw new IllegalArgumentException(
          "image " + width + "x" + height + " to size " + size + " is empty");
    }
    if (rgb.length != 3L * width * height) {
      throw new IllegalArgumentException(
          "expected "
              + 3L * width * height
              + " RGB bytes for "
              + width
              + "x"
              + height
              + ", got "
              + rgb.length);
    }
    int side = Math.max(width, height);
    int diff = side - Math.min(width, height);
    int before = centre ? diff - (int) Math.round(diff * 0.5) : 0;
    int offX = height > width ? before : 0;
    int offY = height > width ? 0 : before;
    float[] out = new float[size * size * 3];
    if (side == size) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          for (int c = 0; c < 3; c++) {
            out[(y * size + x) * 3 + c] = pixel(rgb, width, height, x - offX, y - offY, c);
          }
        }
      }
      return out;
    }
    float scale = (float) side / size;
    for (int y = 0; y < size; y++) {
      float sy = y * scale;
      int y0 = (int) Math.floor(sy);
      int y1 = Math.min((int) Math.ceil(sy), side - 1);
      float fy = sy - y0;
      for (int x = 0; x < size; x++) {
        float sx = x * scale;
        int x0 = (int) Math.floor(sx);
        int x1 = Math.min((int) Math.ceil(sx), side - 1);
        float fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          float tl = pixel(rgb, width, height, x0 - offX, y0 - offY, c);
          float tr = pixel(rgb, width, height, x1 - offX, y0 - offY, c);
          float bl = pixel(rgb, width, height, x0 - offX, y1 - offY, c);
          float br = pixel(rgb, width, height, x1 - offX, y1 - offY, c);
          float top = tl + (tr - tl) * fx;
          float bottom = bl + (br - bl) * fx;
          out[(y * size + x) * 3 + c] = top + (bottom - top) * fy;
        }
      }
    }
    return out;
  }

  private static float pixel(byte[] rgb, int width, int height, int x, int y, int c) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      return 0f;
    }
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }
}

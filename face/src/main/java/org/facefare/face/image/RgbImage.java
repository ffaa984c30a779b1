package org.facefare.face.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable 8-bit sRGB image: {@code width × height} pixels stored row-major as interleaved R,
 * G, B bytes.
 *
 * <p>A final class rather than a record: a record over a {@code byte[]} would compare arrays by
 * identity and would have to copy the array on every construction, which matters for 40 MP frames.
 * Here the public factory copies once; the decoder hands over arrays it owns without a copy.
 */
public final class RgbImage {

  private final int width;
  private final int height;
  private final byte[] rgb;

  private RgbImage(int width, int height, byte[] rgb) {
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }

  /**
   * An image holding a copy of {@code rgb}.
   *
   * @param rgb {@code 3 × width × height} bytes, R G B per pixel, rows top to bottom
   * @throws IllegalArgumentException if a dimension is not positive or the length does not match
   */
  public static RgbImage of(int width, int height, byte[] rgb) {
    Objects.requireNonNull(rgb, "rgb");
    return wrap(width, height, rgb.clone());
  }

  /** An image that takes ownership of {@code rgb}; callers must not touch the array afterwards. */
  static RgbImage wrap(int width, int height, byte[] rgb) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image dimensions must be positive, got " + width + "x" + height);
    }
    long expected = 3L * width * height;
    if (rgb.length != expected) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " RGB image needs "
              + expected
              + " bytes, got "
              + rgb.length);
    }
    return new RgbImage(width, height, rgb);
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** The pixel at ({@code x}, {@code y}) packed as {@code 0xRRGGBB}. */
  public int rgb(int x, int y) {
    int i = index(x, y);
    return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF;
  }

  /** One 8-bit sample, {@code channel} 0 = red, 1 = green, 2 = blue. */
  public int sample(int x, int y, int channel) {
    Objects.checkIndex(channel, 3);
    return rgb[index(x, y) + channel] & 0xFF;
  }

  /**
   * A read-only view of the pixel bytes (position 0, limit {@code 3 × width × height}); the sample
   * of channel {@code c} at ({@code x}, {@code y}) is at {@code 3 * (y * width + x) + c}.
   */
  public ByteBuffer pixels() {
    return ByteBuffer.wrap(rgb).asReadOnlyBuffer();
  }

  /** A copy of the pixel bytes. */
  public byte[] toByteArray() {
    return rgb.clone();
  }

  /**
   * Writes all pixels as floats into {@code dst} from {@code offset}, {@code 3 × width × height}
   * values, each sample {@code v} becoming {@code (v - scaling.mean()) * scaling.scale()}; one
   * image of a batch tensor is at {@code offset = n * 3 * width * height}.
   *
   * @throws IndexOutOfBoundsException if {@code dst} is too short
   */
  public void writeTensor(float[] dst, int offset, TensorLayout layout, PixelScaling scaling) {
    int n = width * height;
    Objects.checkFromIndexSize(offset, 3 * n, dst.length);
    float mean = scaling.mean();
    float scale = scaling.scale();
    switch (layout) {
      case NHWC -> {
        for (int i = 0; i < 3 * n; i++) {
          dst[offset + i] = ((rgb[i] & 0xFF) - mean) * scale;
        }
      }
      case NCHW -> {
        for (int c = 0; c < 3; c++) {
          int plane = offset + c * n;
          for (int p = 0; p < n; p++) {
            dst[plane + p] = ((rgb[3 * p + c] & 0xFF) - mean) * scale;
          }
        }
      }
    }
  }

  /** A new {@link BufferedImage#TYPE_3BYTE_BGR} copy, for Java2D and ImageIO. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return image;
  }

  private int index(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    return 3 * (y * width + x);
  }

  /** The backing array, for this package's transforms only. */
  byte[] array() {
    return rgb;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && width == other.width
        && height == other.height
        && Arrays.equals(rgb, other.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}

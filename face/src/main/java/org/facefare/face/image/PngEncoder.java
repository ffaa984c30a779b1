package org.facefare.face.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes an {@link RgbImage} as an 8-bit RGB PNG, for debug crops and test fixtures. */
public final class PngEncoder {

  private PngEncoder() {}

  /** The PNG bytes of {@code image}; decoding them gives back an equal image. */
  public static byte[] encode(RgbImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image.toBufferedImage(), "png", out)) {
        throw new IllegalStateException("no ImageIO PNG writer on the class path");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing PNG to memory failed", e);
    }
    return out.toByteArray();
  }
}

package org.facefare.server.enrolment;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;
import org.facefare.face.eval.FaceDataset;

/**
 * Photos for the enrolment and gate tests: people of the shared deepface-pairs set (camera-like
 * colour photos), framed as a 640×480 webcam would frame them, and the same frames made too dark,
 * too bright, blurry, too far or crowded.
 */
public final class Photos {

  private Photos() {}

  /** The deepface-pairs set, or the test is skipped with a clear message. */
  public static Path deepfacePairs() {
    Path root = FaceDataset.sharedRoot(null).resolve("deepface-pairs");
    assumeTrue(
        Files.isDirectory(root),
        root + " is absent (set FACEFARE_DATASETS to the shared photo sets): skipping");
    return root;
  }

  /** One photo of the deepface-pairs set, e.g. {@code photo("id00", "img2.jpg")}, as a frame. */
  public static BufferedImage frame(String person, String file) {
    try {
      BufferedImage src = ImageIO.read(deepfacePairs().resolve(person).resolve(file).toFile());
      return letterbox(src, 640, 480);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code src} scaled to fit a {@code w}×{@code h} black frame, as a webcam stream shows it. */
  public static BufferedImage letterbox(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    double s = Math.min(w / (double) src.getWidth(), h / (double) src.getHeight());
    int sw = (int) (src.getWidth() * s);
    int sh = (int) (src.getHeight() * s);
    g.drawImage(src, (w - sw) / 2, (h - sh) / 2, sw, sh, null);
    g.dispose();
    return out;
  }

  /** The image as JPEG bytes, as a browser's canvas sends it. */
  public static byte[] jpeg(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Each channel of each pixel mapped by {@code f} (clamped to 0..255). */
  public static BufferedImage levels(BufferedImage src, IntUnaryOperator f) {
    BufferedImage out =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < src.getHeight(); y++) {
      for (int x = 0; x < src.getWidth(); x++) {
        int rgb = src.getRGB(x, y);
        int r = Math.clamp(f.applyAsInt((rgb >> 16) & 255), 0, 255);
        int g = Math.clamp(f.applyAsInt((rgb >> 8) & 255), 0, 255);
        int b = Math.clamp(f.applyAsInt(rgb & 255), 0, 255);
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /** Blurred by scaling down by {@code k} and back up. */
  public static BufferedImage blurred(BufferedImage src, int k) {
    return letterbox(
        letterbox(src, src.getWidth() / k, src.getHeight() / k), src.getWidth(), src.getHeight());
  }

  /** The frame shrunk to {@code width} pixels in the middle of a grey one: a face far away. */
  public static BufferedImage far(BufferedImage src, int width) {
    BufferedImage out =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    int h = width * src.getHeight() / src.getWidth();
    g.drawImage(src, (out.getWidth() - width) / 2, (out.getHeight() - h) / 2, width, h, null);
    g.dispose();
    return out;
  }

  /** The middle halves of two frames side by side: two people in the picture. */
  public static BufferedImage together(BufferedImage left, BufferedImage right) {
    int w = left.getWidth();
    int h = left.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(left, 0, 0, w / 2, h, w / 4, 0, 3 * w / 4, h, null);
    g.drawImage(right, w / 2, 0, w, h, w / 4, 0, 3 * w / 4, h, null);
    g.dispose();
    return out;
  }
}

package org.facefare.server.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.image.ImageDecoder;
import org.facefare.face.image.PngEncoder;
import org.facefare.face.image.RgbImage;

/** A face photo the demo shows a gate camera: a file, or a file's mirror image. */
public sealed interface Photo {

  /** The encoded image, as a camera would send it. */
  byte[] bytes() throws IOException;

  /** A name for the report and logs. */
  String name();

  /**
   * A photo file.
   *
   * @param path the file
   */
  record File(Path path) implements Photo {

    /** Checks the path. */
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public byte[] bytes() throws IOException {
      return Files.readAllBytes(path);
    }

    @Override
    public String name() {
      return path.getParent().getFileName() + "/" + path.getFileName();
    }
  }

  /**
   * A photo file flipped left to right: another image of the same face, for when only one photo of
   * a person exists (the model packages' sample photos).
   *
   * @param path the file
   */
  record Mirrored(Path path) implements Photo {

    /** Checks the path. */
    public Mirrored {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public byte[] bytes() throws IOException {
      RgbImage image;
      try {
        image = new ImageDecoder().decode(Files.readAllBytes(path)).image();
      } catch (ImageDecodeException e) {
        throw new IOException("cannot read " + path + ": " + e.getMessage(), e);
      }
      int w = image.width();
      int h = image.height();
      byte[] src = image.toByteArray();
      byte[] out = new byte[src.length];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          System.arraycopy(src, (y * w + x) * 3, out, (y * w + (w - 1 - x)) * 3, 3);
        }
      }
      return PngEncoder.encode(RgbImage.of(w, h, out));
    }

    @Override
    public String name() {
      return "mirror of " + path.getFileName();
    }
  }
}

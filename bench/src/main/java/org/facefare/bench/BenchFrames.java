package org.facefare.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The frames a benchmark runs on: real single-face photos scaled to cover a 640×480 camera frame,
 * centre-cropped and encoded as JPEG (quality 90) in memory, as a gate camera would deliver them.
 *
 * @param jpegs the encoded frames
 * @param source where the photos came from, for the report
 */
record BenchFrames(List<byte[]> jpegs, String source) {

  static final int WIDTH = 640;
  static final int HEIGHT = 480;

  /**
   * Makes up to {@code count} frames from the photo folders that exist, in order: the shared
   * datasets' {@code deepface-pairs} and {@code celeb-thumbs}, else the sample photos that the
   * face-api npm package ships.
   */
  static BenchFrames make(Path datasets, Path modelCache, int count) throws IOException {
    List<Path> photos = new ArrayList<>();
    String source;
    if (Files.isDirectory(datasets.resolve("deepface-pairs"))) {
      photos.addAll(images(datasets.resolve("deepface-pairs")));
      photos.addAll(images(datasets.resolve("celeb-thumbs")));
      source = datasets.resolve("deepface-pairs") + " then celeb-thumbs";
    } else {
      photos.addAll(images(modelCache.resolve("face-api")));
      source = "face-api npm package sample photos (several faces each)";
    }
    if (photos.isEmpty()) {
      throw new IOException("no photos found under " + datasets + " or " + modelCache);
    }
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; jpegs.size() < count && i < photos.size(); i++) {
      BufferedImage img = ImageIO.read(photos.get(i).toFile());
      if (img != null) {
        jpegs.add(jpeg(cover(img)));
      }
    }
    return new BenchFrames(jpegs, source);
  }

  private static List<Path> images(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
    }
  }

  private static BufferedImage cover(BufferedImage src) {
    double scale = Math.max((double) WIDTH / src.getWidth(), (double) HEIGHT / src.getHeight());
    int w = (int) Math.round(src.getWidth() * scale);
    int h = (int) Math.round(src.getHeight() * scale);
    BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h, null);
    g.dispose();
    return out;
  }

  private static byte[] jpeg(BufferedImage img) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.9f);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}

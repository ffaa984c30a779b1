package org.facefare.face.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The converted-ONNX part of the model cache: each model is converted once from its source files
 * and kept under a name that includes a hash of those files and the converter version, so that a
 * changed source or converter means a fresh conversion and never a stale model.
 */
public final class ConvertedModels {

  /** Converts source files to ONNX bytes. */
  @FunctionalInterface
  public interface Converter {
    /**
     * Runs the conversion.
     *
     * @return the serialised ONNX model
     * @throws IOException if a source cannot be read
     */
    byte[] convert() throws IOException;
  }

  private final ModelCache cache;

  /** Uses the {@code onnx/} folder of {@code cache}. */
  public ConvertedModels(ModelCache cache) {
    this.cache = cache;
  }

  /**
   * Returns the ONNX model for {@code name}, converting and storing it first if needed.
   *
   * @param name the model name, e.g. {@code blazeface}
   * @param converterVersion changes when the converter's output for the same source changes
   * @param sources the source files whose content identifies the conversion
   * @param converter runs the conversion
   */
  public byte[] get(String name, String converterVersion, List<Path> sources, Converter converter)
      throws IOException {
    for (Path s : sources) {
      if (!Files.isRegularFile(s)) {
        throw new IOException(
            "model source "
                + s
                + " is missing; run ./facefare models fetch to download the models");
      }
    }
    Path target = path(name, converterVersion, sources);
    if (Files.isRegularFile(target)) {
      return Files.readAllBytes(target);
    }
    byte[] onnx = converter.convert();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), name, ".tmp");
    try {
      Files.write(tmp, onnx);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return onnx;
  }

  /** Where the converted model for these sources is (or would be) stored. */
  public Path path(String name, String converterVersion, List<Path> sources) {
    return cache.onnx().resolve(name + "-" + converterVersion + "-" + hash(sources) + ".onnx");
  }

  private static String hash(List<Path> sources) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (Path p : sources) {
        try (InputStream in = Files.newInputStream(p)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(md.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

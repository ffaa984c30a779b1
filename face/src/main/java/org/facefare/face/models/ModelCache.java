package org.facefare.face.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The folder that holds downloaded model packages, the models extracted from them and the ONNX
 * models FaceFare converts from those.
 *
 * @param root the cache folder
 */
public record ModelCache(Path root) {

  /** The environment variable that overrides the default location. */
  public static final String ENV = "FACEFARE_MODELS";

  /** Normalises the root. */
  public ModelCache {
    root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /**
   * The cache that {@code FACEFARE_MODELS} names, else {@code $XDG_CACHE_HOME/facefare/models},
   * else {@code ~/.cache/facefare/models}.
   */
  public static ModelCache fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static ModelCache fromEnvironment(Map<String, String> env, Path home) {
    String explicit = env.get(ENV);
    if (explicit != null && !explicit.isBlank()) {
      return new ModelCache(Path.of(explicit));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
    return new ModelCache(base.resolve("facefare").resolve("models"));
  }

  /** The folder that holds a package's extracted files. */
  public Path folder(String name) {
    return root.resolve(name);
  }

  /** One extracted file, e.g. {@code file("human-models", "blazeface.json")}. */
  public Path file(String folder, String name) {
    return folder(folder).resolve(name);
  }

  /** Where downloaded tarballs are kept. */
  public Path tarballs() {
    return root.resolve("npm");
  }

  /** Where converted ONNX models are kept. */
  public Path onnx() {
    return root.resolve("onnx");
  }

  /** The record of what was fetched. */
  public Path state() {
    return root.resolve("fetched.json");
  }

  /** Whether a fetch has completed here. */
  public boolean isFetched() {
    return Files.isRegularFile(state());
  }
}

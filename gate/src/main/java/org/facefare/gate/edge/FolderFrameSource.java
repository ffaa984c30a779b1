package org.facefare.gate.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Frames from image files: a folder's JPEG, PNG and WebP files in name order, or a given list. */
public final class FolderFrameSource implements FrameSource {

  private final Iterator<Path> files;

  private FolderFrameSource(List<Path> files) {
    this.files = List.copyOf(files).iterator();
  }

  /**
   * The images in {@code folder}, in name order.
   *
   * @throws IOException if the folder cannot be listed or holds no image
   */
  public static FolderFrameSource of(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("frame folder " + folder + " does not exist or is not a folder");
    }
    List<Path> images;
    try (Stream<Path> list = Files.list(folder)) {
      images = list.filter(FolderFrameSource::isImage).sorted().toList();
    }
    if (images.isEmpty()) {
      throw new IOException("frame folder " + folder + " holds no .jpg, .jpeg, .png or .webp file");
    }
    return new FolderFrameSource(images);
  }

  /** The given image files, in the given order. */
  public static FolderFrameSource ofFiles(List<Path> files) {
    return new FolderFrameSource(files);
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (name.endsWith(".jpg")
            || name.endsWith(".jpeg")
            || name.endsWith(".png")
            || name.endsWith(".webp"));
  }

  @Override
  public Optional<byte[]> next() throws IOException {
    return files.hasNext() ? Optional.of(Files.readAllBytes(files.next())) : Optional.empty();
  }

  @Override
  public void close() {}
}

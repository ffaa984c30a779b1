package org.facefare.face.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the shared face photo sets for tests (never part of the repository). */
final class Datasets {

  private Datasets() {}

  /**
   * The folder of a named set: under {@code FACEFARE_DATASETS} when set, else under {@code
   * ../shared/datasets} from the repository root, or {@code ../../shared/datasets} (a worktree).
   */
  static Optional<Path> find(String name) {
    List<Path> roots = new ArrayList<>();
    String env = System.getenv("FACEFARE_DATASETS");
    if (env != null && !env.isBlank()) {
      roots.add(Path.of(env));
    }
    Path repo = Path.of(System.getProperty("facefare.repo", "..")).toAbsolutePath().normalize();
    roots.add(repo.resolve("../shared/datasets").normalize());
    roots.add(repo.resolve("../../shared/datasets").normalize());
    return roots.stream().map(r -> r.resolve(name)).filter(Files::isDirectory).findFirst();
  }
}

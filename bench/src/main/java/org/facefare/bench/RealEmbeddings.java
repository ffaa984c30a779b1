package org.facefare.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.eval.DatasetRun;
import org.facefare.face.eval.FaceDataset;
import org.facefare.face.eval.Sample;
import org.facefare.face.eval.SampleOutcome;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;

/**
 * Real face embeddings of the photo sets by the default embedder, computed once with the face
 * pipeline (about 50 ms an image) and cached as a file outside the repository.
 *
 * <p>The cache file ({@code <models cache>/../embeddings/<model>-<dataset>.bin}) holds a format
 * number, the model id, the count and dimension, then each embedding as its identity and unit float
 * values; a file of another format or model is recomputed.
 *
 * @param dataset the photo set's name
 * @param identities one identity label per embedding
 * @param vectors the unit embeddings, one per image the pipeline could use
 */
record RealEmbeddings(String dataset, List<String> identities, List<float[]> vectors) {

  private static final int FORMAT = 1;

  /** Copies the lists. */
  RealEmbeddings {
    identities = List.copyOf(identities);
    vectors = List.copyOf(vectors);
    if (identities.size() != vectors.size()) {
      throw new IllegalArgumentException("one identity per embedding");
    }
  }

  /**
   * Loads the cached embeddings of a photo set, computing them first when the cache is absent.
   *
   * @param folder the photo set (one sub-folder per identity)
   * @param cache the models cache
   */
  static RealEmbeddings load(Path folder, ModelCache cache) throws IOException {
    FaceEngineSettings settings = FaceEngineSettings.builder().models(cache).build();
    String model = settings.embedder().id();
    String name = folder.toAbsolutePath().normalize().getFileName().toString();
    Path file =
        cache
            .root()
            .toAbsolutePath()
            .getParent()
            .resolve("embeddings")
            .resolve(model + "-" + name + ".bin");
    if (Files.isRegularFile(file)) {
      java.util.Optional<RealEmbeddings> cached = read(file, name, model);
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    System.err.printf(
        "bench gallery: embedding %s with %s (once, cached in %s) ...%n", folder, model, file);
    List<String> ids = new ArrayList<>();
    List<float[]> vs = new ArrayList<>();
    try (FaceEngine engine = FaceEngine.open(settings, ImportListener.NONE)) {
      DatasetRun run = DatasetRun.of(engine, FaceDataset.load(folder), 1, n -> {});
      for (Sample s : run.samples(false)) {
        if (s.outcome() instanceof SampleOutcome.Usable u) {
          ids.add(s.identity());
          vs.add(u.embedding());
        }
      }
    }
    RealEmbeddings r = new RealEmbeddings(name, ids, vs);
    r.write(file, model);
    return r;
  }

  /** The embedding dimension. */
  int dimension() {
    return vectors.get(0).length;
  }

  private void write(Path file, String model) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(FORMAT);
      out.writeUTF(model);
      out.writeInt(vectors.size());
      out.writeInt(vectors.isEmpty() ? 0 : dimension());
      for (int i = 0; i < vectors.size(); i++) {
        out.writeUTF(identities.get(i));
        for (float v : vectors.get(i)) {
          out.writeFloat(v);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static java.util.Optional<RealEmbeddings> read(Path file, String name, String model)
      throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != FORMAT || !in.readUTF().equals(model)) {
        return java.util.Optional.empty();
      }
      int n = in.readInt();
      int d = in.readInt();
      List<String> ids = new ArrayList<>(n);
      List<float[]> vs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ids.add(in.readUTF());
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
          v[j] = in.readFloat();
        }
        vs.add(v);
      }
      return java.util.Optional.of(new RealEmbeddings(name, ids, vs));
    }
  }
}

package org.facefare.face;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facefare.face.faceapi.FaceApiImporter;
import org.facefare.face.faceapi.FaceApiNet;
import org.facefare.face.models.ConvertedModels;
import org.facefare.face.models.ModelCache;
import org.facefare.face.onnx.InferenceSession;
import org.facefare.face.onnx.InferenceSettings;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.face.tfjs.ImportOptions;
import org.facefare.face.tfjs.TfjsGraphImporter;

/**
 * Loads the default models from the model cache as ONNX Runtime sessions, converting each from its
 * TensorFlow.js source the first time and reusing the converted file afterwards.
 */
public final class FaceModels {

  private final ModelCache cache;
  private final ConvertedModels converted;
  private final ImportListener listener;

  /**
   * Creates a loader.
   *
   * @param cache where sources and converted models are
   * @param listener told of conversion progress
   */
  public FaceModels(ModelCache cache, ImportListener listener) {
    this.cache = cache;
    this.converted = new ConvertedModels(cache);
    this.listener = listener;
  }

  /** Converts (if needed) and loads a model. */
  public InferenceSession session(FaceModel model, InferenceSettings settings) throws IOException {
    return new InferenceSession(model.id(), onnx(model), settings);
  }

  /** The ONNX bytes of a model, converting it first if needed. */
  public byte[] onnx(FaceModel model) throws IOException {
    Path source = cache.file(model.folder(), model.file());
    List<Path> sources = sources(source, model.faceApiNet().isPresent());
    if (model.faceApiNet().isPresent()) {
      FaceApiNet net = model.faceApiNet().get();
      return converted.get(
          model.id(),
          "faceapi" + FaceApiImporter.VERSION,
          sources,
          () -> FaceApiImporter.convert(net, cache.folder(model.folder())).onnx());
    }
    return converted.get(
        model.id(),
        "tfjs" + TfjsGraphImporter.VERSION,
        sources,
        () ->
            TfjsGraphImporter.convert(
                    source,
                    ImportOptions.builder()
                        .outputs(model.outputs().toArray(String[]::new))
                        .batchSize(1)
                        .listener(listener)
                        .build())
                .onnx());
  }

  /**
   * The source file and the weight shards it names: a graph model's {@code weightsManifest}, or a
   * face-api manifest, which is that list itself.
   */
  private static List<Path> sources(Path source, boolean faceApiManifest) throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(source);
    if (!java.nio.file.Files.isRegularFile(source)) {
      return out;
    }
    JsonNode root = new ObjectMapper().readTree(source.toFile());
    for (JsonNode group : faceApiManifest ? root : root.path("weightsManifest")) {
      for (JsonNode p : group.path("paths")) {
        out.add(source.resolveSibling(p.asText()));
      }
    }
    return out;
  }
}

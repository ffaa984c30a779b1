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
    if (model.faceApiNet().isPresent()) {
      FaceApiNet net = model.faceApiNet().get();
      Path manifest = cache.file(model.folder(), model.file());
      List<Path> sources = new ArrayList<>();
      sources.add(manifest);
      if (java.nio.file.Files.isRegularFile(manifest)) {
        sources.addAll(faceApiShards(manifest));
      }
      return converted.get(
          model.id(),
          "faceapi" + FaceApiImporter.VERSION,
          sources,
          () -> FaceApiImporter.convert(net, cache.folder(model.folder())).onnx());
    }
    Path json = cache.file(model.folder(), model.file());
    List<Path> sources = new ArrayList<>();
    sources.add(json);
    if (java.nio.file.Files.isRegularFile(json)) {
      sources.addAll(weightFiles(json));
    }
    return converted.get(
        model.id(),
        "tfjs" + TfjsGraphImporter.VERSION,
        sources,
        () ->
            TfjsGraphImporter.convert(
                    json,
                    ImportOptions.builder()
                        .outputs(model.outputs().toArray(String[]::new))
                        .batchSize(1)
                        .listener(listener)
                        .build())
                .onnx());
  }

  private static List<Path> faceApiShards(Path manifest) throws IOException {
    List<Path> out = new ArrayList<>();
    for (JsonNode group : new ObjectMapper().readTree(manifest.toFile())) {
      for (JsonNode p : group.path("paths")) {
        out.add(manifest.resolveSibling(p.asText()));
      }
    }
    return out;
  }

  private static List<Path> weightFiles(Path json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    List<Path> out = new ArrayList<>();
    for (JsonNode group : root.path("weightsManifest")) {
      for (JsonNode p : group.path("paths")) {
        out.add(json.resolveSibling(p.asText()));
      }
    }
    return out;
  }
}

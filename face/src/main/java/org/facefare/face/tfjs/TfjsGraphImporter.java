package org.facefare.face.tfjs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facefare.face.onnx.OnnxGraphBuilder;
import org.facefare.face.tfjs.Value.Dynamic;

/**
 * The TensorFlow.js graph-model importer: converts a {@code model.json} and its weight shards into
 * an ONNX model that computes the same outputs from the same NHWC input.
 *
 * <p>Usage: {@code TfjsGraphImporter.convert(Path.of("faceres.json"),
 * ImportOptions.builder().outputs("global_pooling/Mean").build())}. See the package documentation
 * for how the conversion works.
 */
public final class TfjsGraphImporter {

  /** The version of the conversion; part of {@link #IMPORTER}. */
  public static final String VERSION = "1";

  /** Metadata key: the source {@code model.json} file's name. */
  public static final String SOURCE = "facefare.source";

  /** Metadata key: hex SHA-256 of {@code model.json} followed by its weight shards in order. */
  public static final String SHA256 = "facefare.source.sha256";

  /** Metadata key: the importer and its version. */
  public static final String IMPORTER = "facefare.importer";

  private static final String PRODUCER = "facefare-tfjs-import";

  private TfjsGraphImporter() {}

  /** Converts the model with {@link ImportOptions#defaults()}. */
  public static ImportedModel convert(Path modelJson) throws IOException {
    return convert(modelJson, ImportOptions.defaults());
  }

  /**
   * Converts a graph model.
   *
   * @param modelJson the {@code model.json}; weight shards are found next to it
   * @throws IOException if the files cannot be read
   * @throws TfjsImportException if the model is malformed or uses what the importer does not
   *     support
   */
  public static ImportedModel convert(Path modelJson, ImportOptions options) throws IOException {
    return convert(GraphModelReader.read(modelJson, options.listener()), options);
  }

  static ImportedModel convert(GraphModel source, ImportOptions options) {
    // Outputs come from the graph as written: the rewrite leaves nodes that nothing reads.
    Map<String, TensorRef> chosen = GraphSelection.outputs(source, options.outputs());
    GraphModel model = PreluRewrite.apply(source);
    GraphSelection selection = GraphSelection.of(model, chosen);
    List<TfNode> placeholders =
        selection.order().stream().filter(n -> n.op().equals("Placeholder")).toList();
    if (placeholders.size() != 1) {
      throw new TfjsImportException(
          "the selected outputs depend on "
              + placeholders.size()
              + " inputs ("
              + placeholders.stream().map(TfNode::name).toList()
              + "); exactly one is supported");
    }
    TfNode placeholder = placeholders.get(0);
    int[] inputShape = inputShape(placeholder, options.batchSize());

    OnnxGraphBuilder onnx = new OnnxGraphBuilder(model.fileName());
    Set<String> reserved = new HashSet<>(selection.outputs().keySet());
    reserved.add(placeholder.name());
    if (selection.outputs().containsKey(placeholder.name())) {
      throw new TfjsImportException("the input '" + placeholder.name() + "' cannot be an output");
    }
    String input =
        onnx.input(placeholder.name(), OnnxGraphBuilder.FLOAT, Shapes.toLongs(inputShape));
    Conversion c = new Conversion(onnx, model.weights(), selection.readers(), reserved);
    c.define(placeholder, new Dynamic(input, inputShape, false));
    int done = 0;
    for (TfNode node : selection.order()) {
      if (node != placeholder) {
        c.define(node, Ops.convert(node, c));
      }
      options.listener().step(ImportListener.Phase.NODES, ++done, selection.order().size());
    }
    List<TensorSpec> outputs = new ArrayList<>();
    selection
        .outputs()
        .forEach(
            (name, ref) -> {
              Dynamic out = c.output(name, c.valueOf(ref.node()));
              outputs.add(new TensorSpec(name, out.shape()));
            });
    Map<String, String> metadata = metadata(model);
    byte[] bytes = onnx.build(PRODUCER, metadata);
    return new ImportedModel(bytes, new TensorSpec(input, inputShape), outputs, metadata);
  }

  private static Map<String, String> metadata(GraphModel model) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(SOURCE, model.fileName());
    metadata.put(SHA256, model.sha256());
    metadata.put(IMPORTER, PRODUCER + " " + VERSION);
    model.info().forEach((k, v) -> metadata.put("tfjs." + k, v));
    return metadata;
  }

  private static int[] inputShape(TfNode placeholder, int batchSize) {
    placeholder.allowAttributes(Set.of("dtype", "shape"));
    placeholder.requireFloat("dtype");
    int[] shape = placeholder.shape("shape");
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1 && i == 0) {
        shape[i] = batchSize;
      } else if (shape[i] < 1) {
        throw TfjsImportException.at(
            placeholder, "dimension " + i + " is " + shape[i] + "; only the batch may be open");
      }
    }
    return shape;
  }
}

package org.facefare.face.tfjs;

import java.util.Map;
import java.util.TreeSet;

/** The TensorFlow ops the importer converts, by op name. */
final class Ops {

  private static final Map<String, OpConverter> CONVERTERS =
      Map.ofEntries(
          Map.entry("Const", TensorOps::constant),
          Map.entry("Identity", TensorOps::identity),
          Map.entry("Conv2D", ConvOps::conv2d),
          Map.entry("_FusedConv2D", ConvOps::conv2d),
          Map.entry("DepthwiseConv2dNative", ConvOps::depthwise),
          Map.entry("FusedDepthwiseConv2dNative", ConvOps::depthwise),
          Map.entry("MaxPool", ConvOps::maxPool),
          Map.entry("Pad", ConvOps::pad),
          Map.entry("Add", ElementwiseOps.binary("Add")),
          Map.entry("AddV2", ElementwiseOps.binary("Add")),
          Map.entry("Sub", ElementwiseOps.binary("Sub")),
          Map.entry("Mul", ElementwiseOps.binary("Mul")),
          Map.entry("Minimum", ElementwiseOps.binary("Min")),
          Map.entry("Maximum", ElementwiseOps.binary("Max")),
          Map.entry("Relu", ElementwiseOps::relu),
          Map.entry("Prelu", ElementwiseOps::prelu),
          Map.entry("Sigmoid", ElementwiseOps.unary("Sigmoid")),
          Map.entry("Abs", ElementwiseOps.unary("Abs")),
          Map.entry("Square", ElementwiseOps::square),
          Map.entry("Rsqrt", ElementwiseOps::rsqrt),
          Map.entry("Reshape", TensorOps::reshape),
          Map.entry("Squeeze", TensorOps::squeeze),
          Map.entry("Mean", TensorOps.reduce("ReduceMean")),
          Map.entry("Sum", TensorOps.reduce("ReduceSum")),
          Map.entry("Softmax", TensorOps::softmax),
          Map.entry("MatMul", TensorOps::matMul),
          Map.entry("_FusedMatMul", TensorOps::matMul));

  private Ops() {}

  /** Converts one node, failing clearly on an op the importer does not know. */
  static Value convert(TfNode node, Conversion c) {
    OpConverter converter = CONVERTERS.get(node.op());
    if (converter == null) {
      throw TfjsImportException.at(
          node,
          "unsupported op; the importer converts "
              + String.join(", ", new TreeSet<>(CONVERTERS.keySet()))
              + " and Placeholder");
    }
    return converter.convert(node, c);
  }
}

/**
 * The TensorFlow.js graph-model importer: {@link org.facefare.face.tfjs.TfjsGraphImporter} converts
 * a {@code model.json} (format {@code graph-model}) and its weight shards into an ONNX model (opset
 * 17) for ONNX Runtime.
 */
/*
 * Design.
 *
 * Source format. A graph model is a TensorFlow GraphDef in protobuf JSON (modelTopology.node[]:
 * name, op, input, attr) whose Const nodes are stored in binary shards described by
 * weightsManifest; weights may be affine-quantised (uint8/uint16, value = q * scale + min) or
 * float16 (TensorFlow.js: tfjs-core/src/io/io_utils.ts, decodeWeight; tfjs-converter
 * operation_mapper.ts for how inputs, outputs and signatures are read). The decoder reproduces
 * decodeWeight bit for bit: JavaScript evaluates q * scale + min in double precision and rounds
 * once when storing into a Float32Array, so Java does (float) (q * scale + min) in double, not the
 * product in float.
 *
 * The boundary is TensorFlow.js's: the input is the NHWC float tensor the Placeholder declares,
 * outputs are named as TensorFlow.js names them (signature keys when the model has a signature,
 * else sink nodes) and have its shapes, so a converted model can be checked against TensorFlow.js
 * value for value (tools/tfjs-reference/graph-reference.mjs). Shapes are static (the open batch
 * dimension is fixed by ImportOptions.batchSize): every padding, reshape target and axis is
 * resolved at import time, and ONNX Runtime can plan memory once.
 *
 * Layout. ONNX convolution and pooling are NCHW; TensorFlow's are NHWC. Rather than wrapping each
 * op in a pair of Transposes, each rank-4 value records whether it is stored as NCHW
 * (Value.Dynamic#nchw). Convolutions and pools produce NCHW; element-wise ops keep their
 * operand's layout, with constant operands broadcast to rank 4 and permuted at import time;
 * axis-taking ops (Pad, Mean, Sum, Squeeze, Softmax) renumber their axes; only an op whose result
 * depends on memory order (Reshape, a graph output) gets one Transpose back. Filters are permuted
 * to ONNX's OIHW at import (HWIO for Conv2D; HWCM to (C*M)1HW with group = C for depthwise, which
 * keeps TensorFlow's channel order c * M + m).
 *
 * Padding follows TensorFlow exactly, as explicit pads computed from static shapes: for SAME,
 * out = ceil(in / stride) and total = max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0),
 * with total / 2 before and the rest (the odd cell) after, i.e. on the bottom/right
 * (https://www.tensorflow.org/api_docs/python/tf/nn#notes_on_padding_2). ONNX MaxPool ignores
 * padded cells, as TensorFlow's SAME max pooling does.
 *
 * Folding at import, so ONNX Runtime runs fewer passes over feature maps regardless of its own
 * graph optimisation level: a Pad of only the spatial axes folds into the pads of the convolutions
 * reading it (both pad zeros; never into MaxPool, which pads -inf); a per-channel constant Mul or
 * Add following a convolution folds into its weights and bias (a batch norm after a conv); Relu
 * and Minimum/Maximum by a scalar (clip_by_value, ReLU6) chain into one Relu or Clip, since
 * max(clip(x, lo, hi), m) = clip(x, max(lo, m), max(hi, m)) exactly. A lazy value folds only into
 * its sole reader; anything else reading it gets it emitted once (Conversion#materialise).
 * Folding weights changes rounding only at the level of float32 epsilon. Before conversion,
 * PreluRewrite turns the PReLU that Keras and MXNet exports spell as four or five element-wise
 * ops into one Prelu node, bit-identically.
 *
 * Strictness. Every op, attribute and fused op the importer does not know is an error naming the
 * node and the op (TfjsImportException); attributes starting with '_' are TensorFlow annotations
 * and are ignored. Only what the chosen outputs need is converted (GraphSelection), so pruning the
 * age and gender heads of faceres also drops their weights.
 */
package org.facefare.face.tfjs;

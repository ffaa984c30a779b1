package org.facefare.face.faceapi;

import java.util.List;

/**
 * A network's forward pass written as an ONNX graph, with its input, outputs and a one-line
 * statement of what the input must hold.
 */
record ConvertedGraph(
    NchwGraph graph, FaceApiOnnx.Tensor input, List<FaceApiOnnx.Tensor> outputs, String contract) {}

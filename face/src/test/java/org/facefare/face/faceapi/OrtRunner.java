package org.facefare.face.faceapi;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A single-threaded ONNX Runtime session over a converted model, for tests. */
final class OrtRunner implements AutoCloseable {

  private final FaceApiOnnx model;
  private final OrtSession session;

  OrtRunner(FaceApiOnnx model) throws OrtException {
    this.model = model;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = OrtEnvironment.getEnvironment().createSession(model.onnx(), options);
    }
  }

  /** Runs {@code batch} images of NHWC pixels and returns every output, flattened, by name. */
  Map<String, float[]> run(float[] nhwc, int batch) throws OrtException {
    List<Long> shape = model.input().shape();
    long[] dims = {batch, shape.get(1), shape.get(2), shape.get(3)};
    Map<String, float[]> out = new LinkedHashMap<>();
    try (OnnxTensor input =
            OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(nhwc), dims);
        OrtSession.Result result = session.run(Map.of(model.input().name(), input))) {
      for (FaceApiOnnx.Tensor t : model.outputs()) {
        OnnxTensor value = (OnnxTensor) result.get(t.name()).orElseThrow();
        FloatBuffer fb = value.getFloatBuffer();
        float[] data = new float[fb.remaining()];
        fb.get(data);
        out.put(t.name(), data);
      }
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}

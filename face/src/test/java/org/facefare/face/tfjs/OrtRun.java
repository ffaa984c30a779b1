package org.facefare.face.tfjs;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ONNX Runtime session over an imported model, for tests: run once, or time many runs. */
final class OrtRun implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final ImportedModel model;

  OrtRun(ImportedModel model, int threads) throws OrtException {
    this.model = model;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(model.onnx(), options);
    }
  }

  /** Runs the model on {@code input}, returning every output by name. */
  Map<String, float[]> run(float[] input) throws OrtException {
    TensorSpec in = model.input();
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), in.dims());
        OrtSession.Result r = session.run(Map.of(in.name(), x))) {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (TensorSpec o : model.outputs()) {
        OnnxTensor t = (OnnxTensor) r.get(o.name()).orElseThrow();
        FloatBuffer b = t.getFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        out.put(o.name(), v);
      }
      return out;
    }
  }

  /** The median wall time of {@code runs} runs, after two warm-up runs, in milliseconds. */
  double medianMillis(float[] input, int runs) throws OrtException {
    run(input);
    run(input);
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run(input);
      t[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(t);
    return t[runs / 2];
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}

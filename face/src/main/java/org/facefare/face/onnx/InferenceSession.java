package org.facefare.face.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One loaded ONNX model with a single float input, reused for every call; thread-safe, as ONNX
 * Runtime sessions are.
 */
public final class InferenceSession implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String name;
  private final String inputName;
  private final long[] inputShape;
  private final List<String> outputNames;

  /**
   * Loads a model.
   *
   * @param name a readable name used in error messages
   * @param onnx the serialised ONNX model
   * @param settings thread counts
   * @throws OnnxModelException if ONNX Runtime refuses the model or it has not exactly one input
   */
  public InferenceSession(String name, byte[] onnx, InferenceSettings settings) {
    this.name = name;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(settings.interOpThreads());
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(
          settings.interOpThreads() > 1
              ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
              : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      session = env.createSession(onnx, options);
      Map<String, NodeInfo> inputs = session.getInputInfo();
      if (inputs.size() != 1) {
        session.close();
        throw new OnnxModelException(name + ": expected one input, the model has " + inputs.size());
      }
      NodeInfo in = inputs.values().iterator().next();
      inputName = in.getName();
      inputShape = ((TensorInfo) in.getInfo()).getShape();
      outputNames = List.copyOf(session.getOutputNames());
    } catch (OrtException e) {
      throw new OnnxModelException(name + ": ONNX Runtime refused the model: " + e.getMessage(), e);
    }
  }

  /** The model's input shape; a negative dimension is free (usually the batch). */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The model's output names, in model order. */
  public List<String> outputNames() {
    return outputNames;
  }

  /**
   * Runs the model on one float tensor.
   *
   * @param data the input values, row-major
   * @param shape the input shape
   * @return every output, flattened, by name, in model order
   */
  public Map<String, Output> run(float[] data, long... shape) {
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        OrtSession.Result r = session.run(Map.of(inputName, t))) {
      Map<String, Output> out = new LinkedHashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
        OnnxTensor tensor = (OnnxTensor) e.getValue();
        FloatBuffer fb = tensor.getFloatBuffer();
        float[] values = new float[fb.remaining()];
        fb.get(values);
        out.put(e.getKey(), new Output(tensor.getInfo().getShape(), values));
      }
      return out;
    } catch (OrtException e) {
      throw new OnnxModelException(name + ": inference failed: " + e.getMessage(), e);
    }
  }

  /** Runs the model and returns its outputs in model order. */
  public List<Output> runOrdered(float[] data, long... shape) {
    return new ArrayList<>(run(data, shape).values());
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new OnnxModelException(name + ": close failed: " + e.getMessage(), e);
    }
  }

  /**
   * One output tensor.
   *
   * @param shape its shape
   * @param values its values, row-major
   */
  public record Output(long[] shape, float[] values) {}
}

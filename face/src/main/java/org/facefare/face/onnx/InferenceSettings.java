package org.facefare.face.onnx;

/**
 * How ONNX Runtime sessions run: threads within one operator and across operators.
 *
 * @param intraOpThreads threads that one operator may use (1 = single core, the gate default)
 * @param interOpThreads threads that run independent operators in parallel
 */
public record InferenceSettings(int intraOpThreads, int interOpThreads) {

  /** One thread per session: predictable latency, and several sessions fill several cores. */
  public static final InferenceSettings SINGLE_THREAD = new InferenceSettings(1, 1);

  /** Validates the thread counts. */
  public InferenceSettings {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be >= 1, got " + intraOpThreads + "/" + interOpThreads);
    }
  }
}

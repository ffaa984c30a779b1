package org.facefare.gate.edge;

import org.facefare.face.FaceResult;
import org.facefare.face.image.ImageDecodeException;

/** The gate's face pipeline: one encoded camera frame in, a typed face result out. */
@FunctionalInterface
public interface FacePipeline {

  /**
   * Runs the pipeline on one frame (e.g. {@code FaceEngine::process}).
   *
   * @throws ImageDecodeException if the frame is not a readable image
   */
  FaceResult process(byte[] encoded) throws ImageDecodeException;
}

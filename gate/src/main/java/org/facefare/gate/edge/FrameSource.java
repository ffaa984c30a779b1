package org.facefare.gate.edge;

import java.io.IOException;
import java.util.Optional;

/** Where a gate's camera frames come from: encoded images (JPEG, PNG, WebP), one at a time. */
public interface FrameSource extends AutoCloseable {

  /**
   * The next frame, or empty when the source has ended.
   *
   * @throws IOException if the source fails
   */
  Optional<byte[]> next() throws IOException;

  /** Releases the source. */
  @Override
  void close() throws IOException;
}

package org.facefare.privacy.facepay;

import java.util.List;
import org.facefare.privacy.Pseudonym;

/**
 * Thrown when an erasure destroyed the rider's key but a gallery did not confirm the rider's
 * removal: no receipt is issued, and calling erase again retries the galleries.
 */
public final class ErasureIncompleteException extends RuntimeException {

  ErasureIncompleteException(Pseudonym rider, List<String> galleries, RuntimeException first) {
    super(
        "the data key of "
            + rider
            + " is destroyed, but these galleries did not confirm removal: "
            + String.join(", ", galleries)
            + "; erase again to retry",
        first);
  }
}

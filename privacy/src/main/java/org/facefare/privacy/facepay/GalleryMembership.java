package org.facefare.privacy.facepay;

import org.facefare.face.Template;
import org.facefare.privacy.Pseudonym;

/**
 * A gallery a rider's template is matched in, as face pay sees it: it can take a rider in and must
 * drop them at once. The gallery module implements this for each of its indexes (every shard,
 * replica and cache); face pay calls it synchronously, so a paused or erased rider is gone from
 * every gallery before the call that paused or erased them returns.
 */
public interface GalleryMembership {

  /** A name for messages, e.g. {@code "line-2 shard 3"}. */
  String name();

  /** Adds (or replaces) the rider's template of its model. */
  void enrol(Pseudonym rider, Template template);

  /** Removes every template of the rider; a rider not there is no error. */
  void remove(Pseudonym rider);
}

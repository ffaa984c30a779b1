package org.facefare.gallery;

import java.io.IOException;
import java.util.List;
import org.facefare.face.Template;

/**
 * The source of truth a gallery is rebuilt from and catches up with: every enrolled rider's
 * templates, and the ordered changes since a position (the privacy module's template vault
 * implements it).
 */
public interface TemplateSource {

  /**
   * Sends every enrolled rider's templates to the sink.
   *
   * @return the position of the last change the sent state includes
   */
  long loadAll(ChangeSink sink) throws IOException;

  /**
   * Sends, in order, every change after a position to the sink.
   *
   * @return the position of the last change sent ({@code position} when there was none)
   * @throws IOException if the source no longer holds the changes after that position
   */
  long replaySince(long position, ChangeSink sink) throws IOException;

  /** Receives a source's enrolments and erasures. */
  interface ChangeSink {
    /** The rider's templates are now exactly these. */
    void put(RiderKey rider, List<Template> templates);

    /** The rider is erased. */
    void remove(RiderKey rider);
  }
}

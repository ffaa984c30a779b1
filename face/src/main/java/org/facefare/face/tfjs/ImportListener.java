package org.facefare.face.tfjs;

/** A callback told of the importer's progress, e.g. to draw a progress bar. */
@FunctionalInterface
public interface ImportListener {

  /** A listener that ignores progress. */
  ImportListener NONE = (phase, done, total) -> {};

  /** The importer's phases, in the order they run. */
  enum Phase {
    /** Decoding the weights, one step per weight. */
    WEIGHTS,
    /** Converting the graph, one step per live node. */
    NODES
  }

  /**
   * Called after each step.
   *
   * @param done steps finished in this phase, from 1 to {@code total}
   */
  void step(Phase phase, int done, int total);
}

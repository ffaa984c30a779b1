package org.facefare.sim;

/** Who walks up to a gate in the simulation. */
public sealed interface Traveller {

  /**
   * An enrolled rider whose real face photos are in the demo set.
   *
   * @param index which of the real enrolled riders
   */
  record Enrolled(int index) implements Traveller {}

  /**
   * A real person who never enrolled: the gate must refuse them.
   *
   * @param index which of the unenrolled people
   */
  record Unenrolled(int index) implements Traveller {}

  /**
   * A rider of the synthetic background crowd (a template, no photo).
   *
   * @param index which synthetic rider
   */
  record Synthetic(int index) implements Traveller {}
}

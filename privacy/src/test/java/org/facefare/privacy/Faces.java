package org.facefare.privacy;

import java.util.Random;
import org.facefare.face.Template;

/** Random face templates for tests (the privacy module never needs a real face). */
public final class Faces {

  private Faces() {}

  /** A random unit template of {@code model} with 128 dimensions. */
  public static Template random(String model, Random random) {
    float[] v = new float[128];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Template.of(model, v);
  }
}

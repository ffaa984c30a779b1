package org.facefare.face.eval;

import java.util.Objects;

/** A result measured on a set of samples, or the reason the set cannot give one. */
public sealed interface Measured<T> {

  /** The measured result. */
  record Value<T>(T result) implements Measured<T> {
    /** Checks the result is present. */
    public Value {
      Objects.requireNonNull(result, "result");
    }
  }

  /** Why nothing was measured (for example: a subset without impostor pairs). */
  record Skipped<T>(String reason) implements Measured<T> {}

  /** The result, or an {@link IllegalArgumentException} with the reason. */
  default T orElseThrow(String context) {
    return switch (this) {
      case Value<T> v -> v.result();
      case Skipped<T> s -> throw new IllegalArgumentException(context + ": " + s.reason());
    };
  }
}

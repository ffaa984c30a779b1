package org.facefare.face.tfjs;

import java.util.List;
import java.util.Objects;

/**
 * How to import a graph model: which outputs to keep, the batch size the static shapes are built
 * for, and whom to tell of progress.
 *
 * @param outputs output names (signature keys, node names or {@code node:0}); empty keeps the
 *     model's signature outputs, or its sink nodes when it has no signature
 * @param batchSize the batch dimension of the input, where the model leaves it open
 */
public record ImportOptions(List<String> outputs, int batchSize, ImportListener listener) {

  /** Checks the options. */
  public ImportOptions {
    outputs = List.copyOf(outputs);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
    Objects.requireNonNull(listener, "listener");
  }

  /** The model's own outputs, batch size 1, no progress reports. */
  public static ImportOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder of {@link ImportOptions}. */
  public static final class Builder {
    private List<String> outputs = List.of();
    private int batchSize = 1;
    private ImportListener listener = ImportListener.NONE;

    private Builder() {}

    /** Keeps only these outputs, and whatever computes them. */
    public Builder outputs(String... names) {
      this.outputs = List.of(names);
      return this;
    }

    /** The batch size the static shapes are built for (default 1). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Who is told of progress (default nobody). */
    public Builder listener(ImportListener listener) {
      this.listener = listener;
      return this;
    }

    public ImportOptions build() {
      return new ImportOptions(outputs, batchSize, listener);
    }
  }
}

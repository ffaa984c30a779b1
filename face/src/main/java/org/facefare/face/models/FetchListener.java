package org.facefare.face.models;

import java.util.OptionalLong;

/** Receives the progress of a model fetch: tasks that start, advance by bytes and finish. */
public interface FetchListener {

  /** A listener that ignores everything. */
  FetchListener SILENT =
      new FetchListener() {
        @Override
        public void started(String task, OptionalLong totalBytes) {}

        @Override
        public void advanced(long bytes) {}

        @Override
        public void finished(String summary) {}
      };

  /** A task starts; its size in bytes when known. */
  void started(String task, OptionalLong totalBytes);

  /** The current task processed {@code bytes} more bytes. */
  void advanced(long bytes);

  /** The current task ended. */
  void finished(String summary);
}

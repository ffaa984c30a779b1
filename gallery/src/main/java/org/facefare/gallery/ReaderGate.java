package org.facefare.gallery;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A two-epoch reader indicator: searches never wait, and a writer that has unpublished something
 * waits until every search that might still see it has finished — a grace period in the manner of
 * read-copy-update (McKenney and Slingwine, "Read-Copy Update", 1998), with the epoch re-check of
 * Ramalhete and Correia's Left-Right (2015).
 *
 * <p>A reader reads the epoch, counts itself in that epoch's slot, and re-reads the epoch; if it
 * changed it uncounts and retries. A writer (one at a time, under the gallery's lock) makes its
 * change visible, advances the epoch, then waits for the old epoch's count to drain. Every reader
 * that saw the old epoch is thus waited out, and every reader that did not sees the change.
 */
final class ReaderGate {

  private final AtomicLong epoch = new AtomicLong();
  private final AtomicLongArray active = new AtomicLongArray(2 * 16);

  /** Registers a reader; returns the token to pass to {@link #exit}. */
  int enter() {
    while (true) {
      long e = epoch.get();
      int slot = (int) (e & 1) * 16;
      active.incrementAndGet(slot);
      if (epoch.get() == e) {
        return slot;
      }
      active.decrementAndGet(slot);
    }
  }

  /** Unregisters a reader. */
  void exit(int token) {
    active.decrementAndGet(token);
  }

  /** Waits until every reader that entered before this call has exited (writers only). */
  void awaitReaders() {
    long e = epoch.getAndIncrement();
    int slot = (int) (e & 1) * 16;
    int spins = 0;
    while (active.get(slot) != 0) {
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }
}

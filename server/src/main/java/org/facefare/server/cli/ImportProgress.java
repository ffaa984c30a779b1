package org.facefare.server.cli;

import me.tongfei.progressbar.ProgressBar;
import org.facefare.face.tfjs.ImportListener;

/** Draws a progress bar per model conversion phase (weights, then nodes). */
final class ImportProgress implements ImportListener {

  private ProgressBar bar;
  private Phase phase;

  @Override
  public synchronized void step(Phase p, int done, int total) {
    if (bar == null || phase != p) {
      if (bar != null) {
        bar.close();
      }
      phase = p;
      bar = EvalCommand.bar("convert " + p.name().toLowerCase(java.util.Locale.ROOT), total);
    }
    bar.stepTo(done);
    if (done == total) {
      bar.close();
      bar = null;
    }
  }
}

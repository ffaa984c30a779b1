package org.facefare.server.cli;

import java.util.OptionalLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.facefare.face.models.FetchListener;

/** A {@link FetchListener} that draws a console progress bar per task (one line each in CI). */
final class ProgressBarListener implements FetchListener {

  private ProgressBar bar;

  @Override
  public void started(String task, OptionalLong totalBytes) {
    close();
    bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(totalBytes.orElse(-1))
            .setUnit(" MB", 1 << 20)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .continuousUpdate()
            .build();
  }

  @Override
  public void advanced(long bytes) {
    if (bar != null) {
      bar.stepBy(bytes);
    }
  }

  @Override
  public void finished(String summary) {
    close();
    System.err.println(summary);
  }

  private void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}

package org.facefare.gallery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facefare.face.Template;

/** A test source of truth: current state plus an ordered change log. */
final class InMemorySource implements TemplateSource {
  private record Change(RiderKey rider, List<Template> templates) {}

  private final Map<RiderKey, List<Template>> state = new LinkedHashMap<>();
  private final List<Change> log = new ArrayList<>();
  private long forgottenBefore;
  int fullLoads;

  void put(RiderKey r, List<Template> t) {
    state.put(r, t);
    log.add(new Change(r, t));
  }

  void remove(RiderKey r) {
    state.remove(r);
    log.add(new Change(r, null));
  }

  long position() {
    return log.size();
  }

  void forgetLog() {
    forgottenBefore = log.size();
  }

  @Override
  public long loadAll(ChangeSink sink) {
    fullLoads++;
    state.forEach(sink::put);
    return log.size();
  }

  @Override
  public long replaySince(long position, ChangeSink sink) throws IOException {
    if (position < forgottenBefore) {
      throw new IOException("changes before " + forgottenBefore + " are gone");
    }
    for (int i = (int) position; i < log.size(); i++) {
      Change c = log.get(i);
      if (c.templates() == null) {
        sink.remove(c.rider());
      } else {
        sink.put(c.rider(), c.templates());
      }
    }
    return log.size();
  }
}

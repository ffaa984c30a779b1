package org.facefare.privacy.facepay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.facefare.face.Template;
import org.facefare.privacy.Pseudonym;

/** An in-memory gallery, as the gallery module will implement membership, for tests. */
public final class MemoryGallery implements GalleryMembership {

  private final String name;
  private final Map<Pseudonym, Map<String, Template>> members = new ConcurrentHashMap<>();
  private volatile boolean failing;

  public MemoryGallery(String name) {
    this.name = name;
  }

  /** Makes {@link #remove} fail (an unreachable shard), or work again. */
  public void failRemovals(boolean fail) {
    this.failing = fail;
  }

  public boolean contains(Pseudonym rider) {
    return members.containsKey(rider);
  }

  public Map<String, Template> of(Pseudonym rider) {
    return members.getOrDefault(rider, Map.of());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void enrol(Pseudonym rider, Template template) {
    members
        .computeIfAbsent(rider, r -> new ConcurrentHashMap<>())
        .put(template.modelId(), template);
  }

  @Override
  public void remove(Pseudonym rider) {
    if (failing) {
      throw new IllegalStateException(name + " is unreachable");
    }
    members.remove(rider);
  }
}

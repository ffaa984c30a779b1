package org.facefare.server.wiring;

import java.util.List;
import java.util.Objects;
import org.facefare.face.Template;
import org.facefare.gallery.Gallery;
import org.facefare.gallery.RiderKey;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.facepay.GalleryMembership;

/** The privacy module's view of one gallery: enrol, and remove at once on pause or erasure. */
public final class GalleryMembershipAdapter implements GalleryMembership {

  private final String name;
  private final Gallery gallery;

  /** The membership of {@code gallery}, named {@code name} in messages. */
  public GalleryMembershipAdapter(String name, Gallery gallery) {
    this.name = Objects.requireNonNull(name, "name");
    this.gallery = Objects.requireNonNull(gallery, "gallery");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void enrol(Pseudonym rider, Template template) {
    gallery.enrol(new RiderKey(rider.value()), List.of(template));
  }

  @Override
  public void remove(Pseudonym rider) {
    gallery.remove(new RiderKey(rider.value()));
  }
}

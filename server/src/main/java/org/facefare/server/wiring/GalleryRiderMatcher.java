package org.facefare.server.wiring;

import java.util.Objects;
import org.facefare.face.Template;
import org.facefare.gallery.Decision;
import org.facefare.gallery.Gallery;
import org.facefare.gate.authority.RiderMatcher;

/** The fare authority's matcher backed by the gallery's open-set decision. */
public final class GalleryRiderMatcher implements RiderMatcher {

  private final Gallery gallery;

  /** A matcher over {@code gallery}. */
  public GalleryRiderMatcher(Gallery gallery) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
  }

  @Override
  public Identification identify(Template probe) {
    return switch (gallery.decide(probe)) {
      case Decision.Match m -> new Identification.Match(m.rider().value(), m.score());
      case Decision.NoMatch n -> new Identification.NoMatch();
      case Decision.Ambiguous a -> new Identification.Ambiguous();
    };
  }
}

package org.facefare.privacy.facepay;

import java.util.Objects;
import org.facefare.face.Template;
import org.facefare.privacy.Pseudonym;

/**
 * One active rider's template, as the index loader receives it.
 *
 * @param rider the rider
 * @param template the template
 */
public record EnrolledTemplate(Pseudonym rider, Template template) {

  /** Checks the fields. */
  public EnrolledTemplate {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(template, "template");
  }
}

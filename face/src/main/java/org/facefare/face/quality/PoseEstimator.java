package org.facefare.face.quality;

import org.facefare.face.align.AlignmentTemplate;
import org.facefare.face.align.LandmarkId;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.Point2;

/** Yaw, pitch and roll from 2-D landmark geometry, without a 3-D model fit. */
final class PoseEstimator {

  /*
   * Design.
   *
   * A quality gate needs "is the face turned too far", not a precise head pose, and the detectors
   * FaceFare uses give five points or four, too few for a stable PnP fit (and PnP needs the
   * camera's intrinsics). So each angle comes from one ratio, under a weak-perspective
   * (orthographic) camera and a rigid average face:
   *
   *  - roll: the angle of the line from the left to the right eye. Exact for any face.
   *  - The other two are measured in the "de-rolled" frame: u along the eye line, v perpendicular
   *    to it and down, origin E at the eyes' midpoint, unit h = half the inter-ocular distance.
   *    M is the mouth centre (derived from the corners when given).
   *  - yaw: turning the head by theta moves the nose tip, which stands a depth d in front of the
   *    eyes, sideways by d sin(theta), while the eyes' half-distance shrinks to e cos(theta); the
   *    eyes' and mouth's midpoints stay on the facial midline. So the nose's offset from the
   *    midline E-M (at the nose's height), in units of h, is (d/e) tan(theta), and
   *    yaw = atan(offset / (h * DEPTH_RATIO)).
   *  - pitch: raising the chin by phi moves the nose tip up by d sin(phi) while the eye-mouth
   *    distance shrinks to m cos(phi). The nose's height between eye line and mouth,
   *    t = v(N) / v(M), is t0 - (d/m) tan(phi), so pitch = atan((t0 - t) * (m/h)0 / DEPTH_RATIO),
   *    with the frontal t0 and (m/h)0 taken from the ArcFace template (a mean frontal face).
   *
   * DEPTH_RATIO = d/e = 0.7, a middle value: in the generic 3-D head model common in head-pose
   * tutorials (nose tip at the origin, outer eye corners 225 units to the side and 135 behind,
   * about 0.2 mm a unit), the pupils, which lie further forward and about 155 units out, give d/e
   * between 0.6 and 0.9. No pose-labelled photos are available to FaceFare to fit it better.
   *
   * What this ignores: perspective (a face close to a wide-angle lens), individual face shape
   * (a flat or prominent nose scales the yaw and pitch estimates, roughly +-30%), the mouth's own
   * depth, and the coupling of yaw and pitch at large angles. Expect yaw and pitch to within about
   * 10 degrees for |angle| < 45 degrees, good enough for a "look at the camera" threshold, not for
   * gaze or 3-D reconstruction. Expression moves the mouth and so the pitch estimate too.
   */

  /** Nose-tip depth in front of the eyes over half the inter-ocular distance. */
  static final double DEPTH_RATIO = 0.7;

  private static final Frame FRONTAL = frame(AlignmentTemplate.ARCFACE_112.points());

  /** Nose height between eyes (0) and mouth (1) in the frontal template. */
  static final double FRONTAL_NOSE_HEIGHT = FRONTAL.noseHeight();

  /** Eye-to-mouth distance over half the inter-ocular distance in the frontal template. */
  static final double FRONTAL_MOUTH_DEPTH = FRONTAL.mouthV();

  private PoseEstimator() {}

  static Pose estimate(Landmarks landmarks) {
    Frame f = frame(landmarks);
    double yaw = Math.toDegrees(Math.atan(f.noseOffset() / DEPTH_RATIO));
    double pitch =
        Math.toDegrees(
            Math.atan((FRONTAL_NOSE_HEIGHT - f.noseHeight()) * FRONTAL_MOUTH_DEPTH / DEPTH_RATIO));
    return new Pose(yaw, pitch, f.rollDegrees());
  }

  /**
   * Nose and mouth in the de-rolled frame, in units of half the inter-ocular distance.
   *
   * @param noseU the nose tip along the eye line from the eyes' midpoint
   * @param noseV the nose tip below the eye line
   * @param mouthU the mouth centre along the eye line
   * @param mouthV the mouth centre below the eye line, positive
   */
  private record Frame(
      double rollDegrees, double noseU, double noseV, double mouthU, double mouthV) {

    /** The nose's sideways offset from the eye-mouth midline, at the nose's height. */
    double noseOffset() {
      return noseU - mouthU * noseV / mouthV;
    }

    /** The nose's height between the eye line (0) and the mouth (1). */
    double noseHeight() {
      return noseV / mouthV;
    }
  }

  private static Frame frame(Landmarks l) {
    Point2 le = l.get(LandmarkId.LEFT_EYE);
    Point2 re = l.get(LandmarkId.RIGHT_EYE);
    Point2 nose = l.get(LandmarkId.NOSE_TIP);
    Point2 mouth = l.get(LandmarkId.MOUTH_CENTER);
    double dx = re.x() - le.x();
    double dy = re.y() - le.y();
    double iod = Math.hypot(dx, dy);
    if (!(iod > 0)) {
      throw new IllegalArgumentException("the two eyes coincide: no pose can be estimated");
    }
    double ux = dx / iod;
    double uy = dy / iod;
    double half = iod / 2;
    Point2 eyes = le.midpoint(re);
    double nu = ((nose.x() - eyes.x()) * ux + (nose.y() - eyes.y()) * uy) / half;
    double nv = (-(nose.x() - eyes.x()) * uy + (nose.y() - eyes.y()) * ux) / half;
    double mu = ((mouth.x() - eyes.x()) * ux + (mouth.y() - eyes.y()) * uy) / half;
    double mv = (-(mouth.x() - eyes.x()) * uy + (mouth.y() - eyes.y()) * ux) / half;
    if (!(mv > 0)) {
      throw new IllegalArgumentException(
          "the mouth is not below the eye line (eyes swapped or landmarks inconsistent)");
    }
    return new Frame(Math.toDegrees(Math.atan2(dy, dx)), nu, nv, mu, mv);
  }
}

package org.facefare.server.enrolment;

import java.util.Locale;
import org.facefare.face.FaceResult;

/** What the face pipeline says about one enrolment frame, as advice the rider can act on. */
public enum Advice {
  /** The frame is usable for enrolment. */
  READY,
  /** The bytes are not a JPEG or PNG image within the decoder's limits. */
  NOT_AN_IMAGE,
  /** No face was found. */
  NO_FACE,
  /** More than one comparable face: only the enrolling rider may be in the picture. */
  ONE_FACE_PLEASE,
  /** The face is too small: come closer to the camera. */
  MOVE_CLOSER,
  /** The head is turned, tilted or leaning: look straight at the camera. */
  LOOK_STRAIGHT,
  /** The face is too dark. */
  TOO_DARK,
  /** The face is too bright. */
  TOO_BRIGHT,
  /** Too little fine detail: hold still, or clean the lens. */
  BLURRY,
  /** The presentation-attack check failed (a photo or a screen held up to the camera). */
  LIVENESS_FAILED;

  /** The key of the advice's text in the rider bundle, e.g. {@code rider.enrol.advice.too_dark}. */
  public String messageKey() {
    return "rider.enrol.advice." + name().toLowerCase(Locale.ROOT);
  }

  /** The advice for one pipeline result. */
  public static Advice of(FaceResult result) {
    return switch (result) {
      case FaceResult.Ok ok -> READY;
      case FaceResult.NoFace n -> NO_FACE;
      case FaceResult.MultipleFaces m -> ONE_FACE_PLEASE;
      case FaceResult.SpoofSuspected s -> LIVENESS_FAILED;
      case FaceResult.LowQuality q ->
          switch (q.reason().reason()) {
            case FACE_TOO_SMALL -> MOVE_CLOSER;
            case POSE_YAW, POSE_PITCH, POSE_ROLL, LANDMARKS_IMPLAUSIBLE -> LOOK_STRAIGHT;
            case TOO_DARK -> TOO_DARK;
            case TOO_BRIGHT -> TOO_BRIGHT;
            case BLURRY -> BLURRY;
          };
    };
  }
}

package org.facefare.server.enrolment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.facefare.face.FaceResult;
import org.facefare.face.Template;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.gate.edge.FacePipeline;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.facepay.FacePay;
import org.facefare.privacy.vault.RiderKeyStore;

/**
 * Enrolment from selfie frames (webcam captures or uploaded photos): each frame runs through the
 * face pipeline in memory, the rider gets advice per frame, and the usable frames of one person are
 * fused into the template that face pay seals; re-enrolment replaces it.
 *
 * <p>Frames are never stored, logged or kept between calls: the pipeline turns each into a template
 * (or a reason) inside the call, and only the fused template reaches {@link FacePay}. Several
 * frames are fused as the demo fuses enrolment photos (the normalised mean of their embeddings: on
 * celeb-thumbs three photos lift the genuine probes at the FMR 1e-4 threshold from 31 % to 65 %,
 * {@code DemoFaces.ENROLMENT_PHOTOS}). Frames must all be usable and all of one person, so that
 * nobody can enrol a blend of two faces: each frame must score at least {@link #SAME_PERSON}
 * against the mean of the others (the celeb-thumbs threshold at FMR 1e-4, docs/accuracy.md; frames
 * of one webcam session score far above it).
 */
public final class SelfieEnrolment {

  /** The most frames one enrolment may fuse. */
  public static final int MAX_FRAMES = 5;

  /** The similarity every frame must reach against the mean of the others. */
  public static final double SAME_PERSON = 0.9334;

  private final FacePay facePay;
  private final FacePipeline pipeline;

  /**
   * An enrolment service.
   *
   * @param facePay the rider's face pay (consent, vault, galleries)
   * @param pipeline the face pipeline (e.g. {@code FaceEngine::process})
   */
  public SelfieEnrolment(FacePay facePay, FacePipeline pipeline) {
    this.facePay = Objects.requireNonNull(facePay, "facePay");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
  }

  /** The advice for one frame (the live feedback of the enrolment page); nothing is kept. */
  public Advice check(byte[] frame) {
    return run(frame).advice();
  }

  /**
   * Enrols a rider who has not enrolled yet, on their explicit consent, or replaces the template of
   * one who has (their consent stands; {@code consent} is then not needed).
   *
   * @param consent the rider's answer to the current consent text (needed for a first enrolment)
   * @param frames 1 to {@link #MAX_FRAMES} encoded images of the rider alone
   * @throws IllegalArgumentException if there are no frames or too many, or a first enrolment's
   *     consent is missing, not a yes, or not to the current text
   */
  public EnrolmentOutcome enrol(
      Pseudonym rider, java.util.Optional<ConsentAnswer> consent, List<byte[]> frames) {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(consent, "consent");
    if (frames.isEmpty() || frames.size() > MAX_FRAMES) {
      throw new IllegalArgumentException(
          "an enrolment takes 1 to " + MAX_FRAMES + " photos, not " + frames.size());
    }
    boolean enrolled = facePay.state(rider).isPresent();
    if (!enrolled && consent.isEmpty()) {
      throw new IllegalArgumentException("face pay needs the rider's explicit consent first");
    }
    List<Advice> advice = new ArrayList<>(frames.size());
    List<Template> templates = new ArrayList<>(frames.size());
    for (byte[] frame : frames) {
      Checked checked = run(frame);
      advice.add(checked.advice());
      if (checked.result() instanceof FaceResult.Ok ok) {
        templates.add(ok.template());
      }
    }
    if (templates.size() < frames.size()) {
      return new EnrolmentOutcome.Refused(advice);
    }
    double lowest = lowestAgreement(templates);
    if (lowest < SAME_PERSON) {
      return new EnrolmentOutcome.NotOnePerson(lowest);
    }
    Template fused = fuse(templates);
    try {
      if (enrolled) {
        facePay.replaceTemplates(rider, List.of(fused));
      } else {
        facePay.enrol(rider, consent.get(), List.of(fused));
      }
    } catch (RiderKeyStore.ErasedException e) {
      return new EnrolmentOutcome.Erased(e.getMessage());
    }
    return new EnrolmentOutcome.Enrolled(enrolled, templates.size());
  }

  /** One frame's pipeline result (none for bytes that are not an image) and its advice. */
  private record Checked(Advice advice, FaceResult result) {}

  private Checked run(byte[] frame) {
    Objects.requireNonNull(frame, "frame");
    try {
      FaceResult result = pipeline.process(frame);
      return new Checked(Advice.of(result), result);
    } catch (ImageDecodeException e) {
      return new Checked(Advice.NOT_AN_IMAGE, null);
    }
  }

  /** The lowest similarity of a template to the mean of the others (1 for a single template). */
  static double lowestAgreement(List<Template> templates) {
    if (templates.size() < 2) {
      return 1;
    }
    double lowest = 1;
    for (int i = 0; i < templates.size(); i++) {
      List<Template> others = new ArrayList<>(templates);
      Template self = others.remove(i);
      lowest = Math.min(lowest, self.cosine(fuse(others)));
    }
    return lowest;
  }

  /** The normalised mean of the templates' embeddings (all of one model). */
  static Template fuse(List<Template> templates) {
    String model = templates.getFirst().modelId();
    float[] sum = new float[templates.getFirst().dimension()];
    for (Template t : templates) {
      if (!t.modelId().equals(model)) {
        throw new IllegalArgumentException(
            "frames made by two models: " + model + " and " + t.modelId());
      }
      float[] v = t.vector();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
    return Template.of(model, sum);
  }
}

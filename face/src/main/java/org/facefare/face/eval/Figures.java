package org.facefare.face.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The {@code figures.json} contract: one object per run whose top level holds the whole run's
 * figures (rates as fractions in [0, 1], {@code null} where a figure does not exist, with a {@code
 * *_detail} entry saying why) and whose {@code breakdowns} repeat the same keys per subset.
 */
final class Figures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Figures() {}

  /** {@code 1e-3} for 0.001, the plain decimal otherwise. */
  static String rateLabel(double rate) {
    double exponent = Math.log10(rate);
    long rounded = Math.round(exponent);
    if (Math.abs(exponent - rounded) < 1e-9 && rounded < 0) {
      return "1e" + rounded;
    }
    return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
  }

  static ObjectNode of(EvalResult result) {
    EvalSettings settings = result.settings();
    ObjectNode root = JSON.createObjectNode();
    root.put("dataset", settings.dataset());
    root.put("model", settings.model());
    root.put("similarity", settings.similarity().name());
    root.put("images", result.images());
    root.put("identities", result.identities());
    root.put("unusable", result.unusable());
    ObjectNode reasons = root.putObject("unusable_reasons");
    result.unusableReasons().forEach(reasons::put);
    verification(root, result.verification());
    identification(root, result.identification()).put("seed", settings.seed());
    ObjectNode breakdowns = root.putObject("breakdowns");
    ObjectNode tagCounts = root.putObject("tag_counts");
    for (Breakdown b : result.breakdowns()) {
      ObjectNode counts = tagCounts.putObject(b.tag());
      ObjectNode subsets = breakdowns.putObject(b.tag());
      for (Subset s : b.subsets()) {
        counts.put(s.value(), s.images());
        ObjectNode node = subsets.putObject(s.value());
        node.put("images", s.images());
        node.put("unusable", s.unusable());
        switch (s.verification()) {
          case Measured.Value<VerificationResult> v -> verification(node, v.result());
          case Measured.Skipped<VerificationResult> skipped ->
              node.put("verification_skipped", skipped.reason());
        }
        switch (s.identification()) {
          case Measured.Value<IdentificationResult> v -> identification(node, v.result());
          case Measured.Skipped<IdentificationResult> skipped ->
              node.put("identification_skipped", skipped.reason());
        }
      }
      if (b.untagged() > 0) {
        counts.put("(untagged)", b.untagged());
      }
    }
    ObjectNode provenance = root.putObject("provenance");
    settings.provenance().forEach(provenance::put);
    return root;
  }

  private static void verification(ObjectNode node, VerificationResult v) {
    PairScores pairs = v.scores();
    node.put("genuine_pairs", pairs.genuinePairs());
    node.put("impostor_pairs", pairs.impostorPairs());
    node.put("genuine_pairs_without_score", pairs.genuineWithoutScore());
    node.put("impostor_pairs_without_score", pairs.impostorWithoutScore());
    switch (v.eer()) {
      case Eer.Interpolated e -> node.put("eer", e.rate());
      case Eer.Undefined u -> {
        node.putNull("eer");
        node.put("eer_note", u.reason());
      }
    }
    ObjectNode tar = node.putObject("tar_at_far");
    ObjectNode tarDetail = node.putObject("tar_at_far_detail");
    for (TarAtFar t : v.tarAtFar()) {
      String label = rateLabel(t.point().target());
      tar.put(label, t.tar());
      ObjectNode d = point(tarDetail.putObject(label), t.point(), "impostor_pairs");
      d.put("accepted_genuine_pairs", t.acceptedGenuine());
      if (!t.point().resolved()) {
        d.put(
            "note",
            "too few impostor pairs for this FAR: the TAR is measured at observed FAR "
                + t.point().observedRate()
                + " and is a lower bound");
      }
    }
    ObjectNode thr = node.putObject("threshold_at_fmr");
    ObjectNode thrDetail = node.putObject("threshold_at_fmr_detail");
    for (FmrThreshold t : v.thresholdAtFmr()) {
      String label = rateLabel(t.target());
      switch (t) {
        case FmrThreshold.Resolved r -> {
          thr.put(label, r.threshold());
          point(thrDetail.putObject(label), r.point(), "impostor_pairs");
        }
        case FmrThreshold.Unresolved u -> {
          thr.putNull(label);
          ObjectNode d = thrDetail.putObject(label);
          d.put("impostor_pairs", u.impostorPairs());
          d.put("reason", u.reason());
        }
      }
    }
  }

  /** Writes identification figures and returns the {@code identification} detail object. */
  private static ObjectNode identification(ObjectNode node, IdentificationResult r) {
    node.put("mated_probes", r.matedProbes());
    node.put("non_mated_probes", r.nonMatedProbes());
    node.put("rank1", r.rank1());
    ObjectNode fnir = node.putObject("fnir_at_fpir");
    ObjectNode fnirDetail = node.putObject("fnir_at_fpir_detail");
    for (FnirAtFpir f : r.fnirAtFpir()) {
      String label = rateLabel(f.point().target());
      fnir.put(label, f.fnir());
      ObjectNode d = point(fnirDetail.putObject(label), f.point(), "non_mated_probes");
      d.put("misses", f.misses());
      if (!f.point().resolved()) {
        d.put(
            "note",
            "too few non-mated probes for this FPIR: the FNIR is measured at observed FPIR "
                + f.point().observedRate()
                + " and is an upper bound");
      }
    }
    ObjectNode id = node.putObject("identification");
    id.put("enrolled_identities", r.enrolled().size());
    id.put("gallery_size", r.gallerySize());
    ArrayNode enrolled = id.putArray("enrolled");
    r.enrolled().forEach(enrolled::add);
    ArrayNode failed = id.putArray("failed_enrolments");
    r.failedEnrolments().forEach(failed::add);
    id.put("mated_unusable", r.matedUnusable());
    id.put("mated_without_enrolment", r.matedWithoutEnrolment());
    id.put("non_mated_unusable", r.nonMatedUnusable());
    id.put("rank1_hits", r.rank1Hits());
    return id;
  }

  private static ObjectNode point(ObjectNode d, OperatingPoint p, String negativesName) {
    d.put(negativesName, p.negatives());
    d.put("allowed_false", p.allowedFalse());
    d.put("observed_false", p.observedFalse());
    d.put("observed_rate", p.observedRate());
    if (p.threshold().isPresent()) {
      d.put("threshold", p.threshold().getAsDouble());
    } else {
      d.putNull("threshold");
      d.put("threshold_note", "every scored comparison is accepted");
    }
    d.put("resolved", p.resolved());
    return d;
  }
}

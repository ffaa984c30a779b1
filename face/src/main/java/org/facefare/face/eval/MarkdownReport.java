package org.facefare.face.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders an evaluation (or a comparison of several) as Markdown. */
final class MarkdownReport {

  static final String DET_PNG = "det.png";
  static final String SCORES_PNG = "scores.png";
  static final String COMPARISON_DET_PNG = "det-comparison.png";

  private static final String NONE = "—";

  private MarkdownReport() {}

  static String of(EvalResult r) {
    EvalSettings s = r.settings();
    StringBuilder md = new StringBuilder();
    md.append("# Face recognition accuracy: ")
        .append(s.model())
        .append(" on ")
        .append(s.dataset())
        .append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d images of %d identities; %d unusable%s. Scores: %s (higher = more similar)."
                + " Rates are over all images, unusable ones counted as failures (see Protocol).\n\n",
            r.images(),
            r.identities(),
            r.unusable(),
            reasons(r.unusableReasons()),
            s.similarity().name()));

    md.append("## Summary\n\n| figure | value | detail |\n| --- | ---: | --- |\n");
    VerificationResult v = r.verification();
    md.append("| EER | ").append(eer(v.eer())).append(" | interpolated on the DET curve |\n");
    for (TarAtFar t : v.tarAtFar()) {
      md.append("| TAR @ FAR ")
          .append(Figures.rateLabel(t.point().target()))
          .append(" | ")
          .append(pct(t.tar()))
          .append(" | ")
          .append(pointDetail(t.point(), "impostor pairs", "a lower bound"))
          .append(" |\n");
    }
    IdentificationResult id = r.identification();
    md.append("| rank-1 identification rate | ")
        .append(pct(id.rank1()))
        .append(" | ")
        .append(id.rank1Hits())
        .append(" of ")
        .append(id.matedProbes())
        .append(" mated probes |\n");
    for (FnirAtFpir f : id.fnirAtFpir()) {
      md.append("| FNIR @ FPIR ")
          .append(Figures.rateLabel(f.point().target()))
          .append(" | ")
          .append(pct(f.fnir()))
          .append(" | ")
          .append(f.misses())
          .append(" misses; ")
          .append(pointDetail(f.point(), "non-mated probes", "an upper bound"))
          .append(" |\n");
    }
    for (FmrThreshold t : v.thresholdAtFmr()) {
      md.append("| threshold @ FMR ").append(Figures.rateLabel(t.target())).append(" | ");
      switch (t) {
        case FmrThreshold.Resolved res ->
            md.append(String.format(Locale.ROOT, "%.4f", res.threshold()))
                .append(" | ")
                .append(pointDetail(res.point(), "impostor pairs", ""));
        case FmrThreshold.Unresolved u -> md.append(NONE).append(" | ").append(u.reason());
      }
      md.append(" |\n");
    }

    PairScores pairs = v.scores();
    md.append("\n## Verification\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d genuine pairs (%d without a score), %d impostor pairs (%d without a score).\n\n",
            pairs.genuinePairs(),
            pairs.genuineWithoutScore(),
            pairs.impostorPairs(),
            pairs.impostorWithoutScore()));
    md.append("![DET curve](").append(DET_PNG).append(")\n\n");
    md.append("![Genuine and impostor scores](").append(SCORES_PNG).append(")\n\n");

    md.append("## Open-set identification\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Seed %d: %d of %d identities enrolled, %d failed to enrol%s; gallery of %d."
                + " %d mated probes (%d unusable, %d of identities that failed to enrol),"
                + " %d non-mated probes (%d unusable).\n\n",
            s.seed(),
            id.enrolled().size(),
            r.identities(),
            id.failedEnrolments().size(),
            id.failedEnrolments().isEmpty()
                ? ""
                : " (" + String.join(", ", id.failedEnrolments()) + ")",
            id.gallerySize(),
            id.matedProbes(),
            id.matedUnusable(),
            id.matedWithoutEnrolment(),
            id.nonMatedProbes(),
            id.nonMatedUnusable()));

    for (Breakdown b : r.breakdowns()) {
      breakdown(md, b);
    }
    md.append("## Protocol\n\n").append(PROTOCOL).append('\n');
    if (!s.provenance().isEmpty()) {
      md.append("## Provenance\n\n| key | value |\n| --- | --- |\n");
      s.provenance()
          .forEach(
              (k, val) ->
                  md.append("| ").append(cell(k)).append(" | ").append(cell(val)).append(" |\n"));
    }
    return md.toString();
  }

  static String comparison(List<EvalResult> runs) {
    StringBuilder md = new StringBuilder("# Face recognition accuracy: comparison\n\n");
    md.append(
        "| dataset | model | images | unusable | EER | TAR @ FAR 1e-3 | rank-1 | FNIR @ FPIR 1e-2"
            + " | FNIR @ FPIR 1e-3 |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (EvalResult r : runs) {
      md.append("| ")
          .append(cell(r.settings().dataset()))
          .append(" | ")
          .append(cell(r.settings().model()))
          .append(" | ")
          .append(r.images())
          .append(" | ")
          .append(r.unusable())
          .append(" | ")
          .append(eer(r.verification().eer()))
          .append(" | ")
          .append(tarAt(r.verification(), 1e-3))
          .append(" | ")
          .append(pct(r.identification().rank1()))
          .append(" | ")
          .append(fnirAt(r.identification(), 1e-2))
          .append(" | ")
          .append(fnirAt(r.identification(), 1e-3))
          .append(" |\n");
    }
    md.append("\n![DET curves](").append(COMPARISON_DET_PNG).append(")\n\n");
    md.append("Each run's own report is in the folder named after it.\n");
    return md.toString();
  }

  private static void breakdown(StringBuilder md, Breakdown b) {
    md.append("## Breakdown by ").append(b.tag()).append("\n\n");
    md.append(
        "Verification: pairs with both images in the subset. Identification: the whole run's"
            + " gallery, the subset's probes.\n\n");
    md.append(
        "| subset | images | unusable | genuine / impostor pairs | EER | TAR @ FAR 1e-3 | mated /"
            + " non-mated probes | rank-1 | FNIR @ FPIR 1e-2 |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Subset sub : b.subsets()) {
      md.append("| ").append(cell(sub.value())).append(" | ").append(sub.images());
      md.append(" | ").append(sub.unusable()).append(" | ");
      switch (sub.verification()) {
        case Measured.Value<VerificationResult> v ->
            md.append(v.result().scores().genuinePairs())
                .append(" / ")
                .append(v.result().scores().impostorPairs())
                .append(" | ")
                .append(eer(v.result().eer()))
                .append(" | ")
                .append(tarAt(v.result(), 1e-3));
        case Measured.Skipped<VerificationResult> skipped ->
            md.append(cell(skipped.reason())).append(" | ").append(NONE).append(" | ").append(NONE);
      }
      md.append(" | ");
      switch (sub.identification()) {
        case Measured.Value<IdentificationResult> v ->
            md.append(v.result().matedProbes())
                .append(" / ")
                .append(v.result().nonMatedProbes())
                .append(" | ")
                .append(pct(v.result().rank1()))
                .append(" | ")
                .append(fnirAt(v.result(), 1e-2));
        case Measured.Skipped<IdentificationResult> skipped ->
            md.append(cell(skipped.reason())).append(" | ").append(NONE).append(" | ").append(NONE);
      }
      md.append(" |\n");
    }
    if (b.untagged() > 0) {
      md.append("\n")
          .append(b.untagged())
          .append(" images carry no ")
          .append(b.tag())
          .append(" tag.\n");
    }
    md.append('\n');
  }

  private static String tarAt(VerificationResult v, double far) {
    return v.tarAtFar().stream()
        .filter(t -> t.point().target() == far)
        .findFirst()
        .map(t -> pct(t.tar()) + (t.point().resolved() ? "" : " (bound)"))
        .orElse(NONE);
  }

  private static String fnirAt(IdentificationResult id, double fpir) {
    return id.fnirAtFpir().stream()
        .filter(f -> f.point().target() == fpir)
        .findFirst()
        .map(f -> pct(f.fnir()) + (f.point().resolved() ? "" : " (bound)"))
        .orElse(NONE);
  }

  private static String pointDetail(OperatingPoint p, String negatives, String bound) {
    String base =
        String.format(
            Locale.ROOT,
            "%d of %d %s accepted (allowed %d)",
            p.observedFalse(),
            p.negatives(),
            negatives,
            p.allowedFalse());
    return p.resolved() || bound.isEmpty()
        ? base
        : base + "; too few to resolve the target: " + bound;
  }

  private static String eer(Eer eer) {
    return switch (eer) {
      case Eer.Interpolated e -> pct(e.rate());
      case Eer.Undefined u -> NONE + " (" + cell(u.reason()) + ")";
    };
  }

  private static String reasons(Map<String, Long> reasons) {
    if (reasons.isEmpty()) {
      return "";
    }
    return reasons.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", ", " (", ")"));
  }

  private static String pct(double rate) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * rate);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static final String PROTOCOL =
      """
      - **Verification** (ISO/IEC 19795-1 terms): every unordered pair of images; genuine pairs share \
      an identity. A pair is accepted when its score is at least the threshold. The DET curve plots \
      FNMR against FMR over every distinct threshold; the EER is where the piecewise-linear curve \
      crosses FMR = FNMR. TAR @ FAR f is taken at the lowest threshold accepting at most \
      floor(f × impostor pairs) impostor pairs; with fewer than 1/f impostor pairs it is marked as a \
      lower bound (observed FAR 0). A threshold for FMR f is only given when at least 1/f impostor \
      pairs resolve it.
      - **Open-set identification** (NIST FRVT 1:N terms): identities sorted by name are shuffled \
      (Fisher–Yates, SplittableRandom with the seed); the first half is enrolled with its first \
      image in file order. Mated probes: the other images of enrolled identities; non-mated probes: \
      every image of the others. The FPIR threshold is set on non-mated top scores; a mated probe is \
      a miss (FNIR) unless its mate is rank 1 (strictly above every other entry) with a score at the \
      threshold. Rank-1 rate: mates at rank 1, no threshold. With fewer than 1/f non-mated probes the \
      FNIR is marked as an upper bound (observed FPIR 0).
      - **Unusable images** are failures, never dropped: a genuine pair with one is a false \
      non-match, an impostor pair a correct non-match; an unusable enrolment image means the \
      identity fails to enrol and each of its mated probes is a miss; an unusable mated probe is a \
      miss; an unusable non-mated probe is a correct rejection.
      """;
}

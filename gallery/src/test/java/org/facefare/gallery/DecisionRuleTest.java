package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionRuleTest {

  private static final DecisionRule RULE = new DecisionRule(0.9, 0.02);
  private static final RiderKey A = new RiderKey("a");
  private static final RiderKey B = new RiderKey("b");

  @ParameterizedTest(name = "best {0}, second {1} -> {2}")
  @CsvSource({
    "0.95, , MATCH",
    "0.95, 0.5, MATCH",
    "0.90, 0.5, MATCH",
    "0.8999, 0.5, NO_MATCH",
    "0.95, 0.94, AMBIGUOUS",
    "0.95, 0.929, MATCH",
    "0.95, 0.9301, AMBIGUOUS",
    "0.85, 0.849, NO_MATCH",
    "1.0, 1.0, AMBIGUOUS",
    "-0.5, -0.9, NO_MATCH",
  })
  void decides(double best, Double second, String expected) {
    Decision d =
        RULE.decide(
            Optional.of(new Candidate(A, best)),
            Optional.ofNullable(second).map(s -> new Candidate(B, s)));
    switch (expected) {
      case "MATCH" -> {
        assertThat(d).isInstanceOf(Decision.Match.class);
        assertThat(((Decision.Match) d).rider()).isEqualTo(A);
        assertThat(((Decision.Match) d).score()).isEqualTo(best);
      }
      case "AMBIGUOUS" -> assertThat(d).isInstanceOf(Decision.Ambiguous.class);
      default -> assertThat(d).isInstanceOf(Decision.NoMatch.class);
    }
    assertThat(d.best()).contains(new Candidate(A, best));
    assertThat(d.second().map(Candidate::score)).isEqualTo(Optional.ofNullable(second));
  }

  @ParameterizedTest
  @CsvSource({"-1.5, 0", "1.01, 0", "NaN, 0", "0.9, -0.1", "0.9, NaN"})
  void refusesBadRules(double threshold, double margin) {
    assertThatThrownBy(() -> new DecisionRule(threshold, margin))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"a, 0.9, 0.8", "b, 0.8, 0.9"})
  void refusesInconsistentCandidates(String secondRider, double best, double second) {
    assertThatThrownBy(
            () ->
                RULE.decide(
                    Optional.of(new Candidate(A, best)),
                    Optional.of(new Candidate(new RiderKey(secondRider), second))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void emptyGalleryIsNoMatch() {
    assertThat(RULE.decide(Optional.empty(), Optional.empty()))
        .isEqualTo(new Decision.NoMatch(Optional.empty(), Optional.empty()));
  }
}

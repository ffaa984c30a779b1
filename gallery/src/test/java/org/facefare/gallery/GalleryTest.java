package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.facefare.face.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GalleryTest {

  private static final String MODEL = "test-model";
  private static final DecisionRule RULE = new DecisionRule(0.9, 0.01);

  private static RiderKey rider(int i) {
    return new RiderKey("r" + i);
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 192, 512})
  void matchesEnrolledRidersAndRefusesStrangers(int dim) {
    Synth s = new Synth(dim, dim);
    try (Gallery g = Gallery.create(GallerySettings.of(s.profile(MODEL, RULE)))) {
      List<float[]> ids = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        ids.add(s.identity());
        g.enrol(rider(i), s.one(MODEL, ids.get(i)));
      }
      for (int i = 0; i < 50; i++) {
        Decision d = g.decide(s.capture(MODEL, ids.get(i)));
        assertThat(d).isInstanceOf(Decision.Match.class);
        assertThat(((Decision.Match) d).rider()).isEqualTo(rider(i));
        assertThat(d.second()).isPresent();
        assertThat(d.second().get().rider()).isNotEqualTo(rider(i));
      }
      Decision stranger = g.decide(s.capture(MODEL, s.identity()));
      assertThat(stranger).isInstanceOf(Decision.NoMatch.class);
      assertThat(stranger.best()).isPresent();
    }
  }

  @Test
  void severalTemplatesOfOneRiderCountOnce() {
    Synth s = new Synth(128, 1);
    try (Gallery g = Gallery.create(GallerySettings.of(s.profile(MODEL, RULE)))) {
      float[] a = s.identity();
      float[] b = s.identity();
      g.enrol(rider(1), List.of(s.capture(MODEL, a), s.capture(MODEL, a), s.capture(MODEL, a)));
      g.enrol(rider(2), s.one(MODEL, b));
      Template probe = s.capture(MODEL, a);
      Decision d = g.decide(probe);
      assertThat(d).isInstanceOf(Decision.Match.class);
      assertThat(d.second().orElseThrow().rider()).isEqualTo(rider(2));
      assertThat(g.riderCount()).isEqualTo(2);
      assertThat(g.templateCount()).isEqualTo(4);
    }
  }

  @Test
  void twoRidersWithinTheMarginAreAmbiguous() {
    Synth s = new Synth(128, 2);
    try (Gallery g = Gallery.create(GallerySettings.of(s.profile(MODEL, RULE)))) {
      float[] a = s.identity();
      Template t = s.capture(MODEL, a);
      g.enrol(rider(1), List.of(t));
      g.enrol(rider(2), List.of(t));
      assertThat(g.decide(s.capture(MODEL, a))).isInstanceOf(Decision.Ambiguous.class);
    }
  }

  @Test
  void emptyGalleryMatchesNobody() {
    try (Gallery g = Gallery.create(GallerySettings.of(new Synth(128, 3).profile(MODEL, RULE)))) {
      assertThat(g.decide(new Synth(128, 4).capture(MODEL, new float[128])))
          .isInstanceOf(Decision.NoMatch.class);
    }
  }

  @Test
  void replaceAndRemove() {
    Synth s = new Synth(128, 5);
    try (Gallery g = Gallery.create(GallerySettings.of(s.profile(MODEL, RULE)))) {
      float[] a = s.identity();
      float[] b = s.identity();
      g.enrol(rider(1), s.one(MODEL, a));
      g.enrol(rider(2), s.one(MODEL, s.identity()));
      g.enrol(rider(1), s.one(MODEL, b));
      assertThat(g.decide(s.capture(MODEL, a))).isInstanceOf(Decision.NoMatch.class);
      assertThat(g.decide(s.capture(MODEL, b))).isInstanceOf(Decision.Match.class);
      assertThat(g.templateCount()).isEqualTo(2);
      assertThat(g.remove(rider(1))).isTrue();
      assertThat(g.remove(rider(1))).isFalse();
      assertThat(g.decide(s.capture(MODEL, b))).isInstanceOf(Decision.NoMatch.class);
      assertThat(g.riderCount()).isEqualTo(1);
      g.enrol(rider(3), s.one(MODEL, b));
      Decision d = g.decide(s.capture(MODEL, b));
      assertThat(((Decision.Match) d).rider()).isEqualTo(rider(3));
    }
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void approximateSearchFindsTheExactTopRider(Precision precision) {
    Synth s = new Synth(128, 6);
    int riders = 30_000;
    GallerySettings settings =
        GallerySettings.of(s.profile(MODEL, RULE))
            .withPrecision(precision)
            .withExactBelow(0)
            .withParallelism(2);
    try (Gallery g = Gallery.create(settings)) {
      List<float[]> ids = new ArrayList<>();
      for (int i = 0; i < riders; i++) {
        ids.add(s.identity());
        g.enrol(rider(i), s.one(MODEL, ids.get(i)));
      }
      int agree = 0;
      int probes = 300;
      for (int i = 0; i < probes; i++) {
        Template p = s.capture(MODEL, ids.get(i * 97 % riders));
        Decision exact = g.decideExactly(p);
        Decision approx = g.decide(p);
        if (approx.best().map(Candidate::rider).equals(exact.best().map(Candidate::rider))) {
          agree++;
          assertThat(approx.best().get().score())
              .isCloseTo(exact.best().get().score(), within(1e-6));
        }
        assertThat(approx.getClass()).isEqualTo(exact.getClass());
      }
      assertThat(agree / (double) probes).isGreaterThanOrEqualTo(0.999);
    }
  }

  @Test
  void int8ScoresAreCloseToFloatScores() {
    Synth s = new Synth(128, 7);
    GallerySettings f = GallerySettings.of(s.profile(MODEL, RULE)).withPrecision(Precision.FLOAT32);
    try (Gallery gf = Gallery.create(f);
        Gallery gq = Gallery.create(f.withPrecision(Precision.INT8))) {
      List<float[]> ids = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        ids.add(s.identity());
        List<Template> t = s.one(MODEL, ids.get(i));
        gf.enrol(rider(i), t);
        gq.enrol(rider(i), t);
      }
      for (int i = 0; i < 100; i++) {
        Template p = s.capture(MODEL, ids.get(i));
        Decision df = gf.decide(p);
        Decision dq = gq.decide(p);
        assertThat(dq.best().get().rider()).isEqualTo(df.best().get().rider());
        assertThat(dq.best().get().score()).isCloseTo(df.best().get().score(), within(2e-3));
        assertThat(dq.best().get().score()).isCloseTo(p.cosine(p), within(0.2));
      }
    }
  }

  @Test
  void badInputIsAClearError() {
    Synth s = new Synth(128, 8);
    try (Gallery g = Gallery.create(GallerySettings.of(s.profile(MODEL, RULE)))) {
      float[] a = s.identity();
      assertThatThrownBy(() -> g.decide(Template.of(MODEL, new float[] {1, 2, 3})))
          .hasMessageContaining("dimensions");
      assertThatThrownBy(() -> g.decide(Template.of("other", new float[] {1, 2})))
          .hasMessageContaining("other");
      assertThatThrownBy(() -> g.enrol(rider(1), List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> g.enrol(rider(1), List.of(Template.of("x", new float[128]))))
          .isInstanceOf(IllegalArgumentException.class);
      float[] nan = new float[128];
      nan[3] = Float.NaN;
      assertThatThrownBy(() -> Template.of(MODEL, nan)).hasMessageContaining("NaN");
      float[] inf = new float[128];
      inf[0] = Float.POSITIVE_INFINITY;
      assertThatThrownBy(() -> Template.of(MODEL, inf)).hasMessageContaining("Infinity");
      assertThatThrownBy(() -> Template.of(MODEL, new float[128])).hasMessageContaining("zero");
      byte[] unnormalised = s.capture(MODEL, a).toBytes();
      unnormalised[unnormalised.length - 1] ^= 0x40;
      assertThatThrownBy(() -> Template.fromBytes(unnormalised))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ModelProfile.forModel("no-such-model", RULE))
          .hasMessageContaining("unknown model id");
      assertThatThrownBy(() -> new RiderKey("alice@example.org")).hasMessageContaining("opaque");
      assertThatThrownBy(() -> new RiderKey("")).isInstanceOf(IllegalArgumentException.class);
      assertThat(g.riderCount()).isZero();
    }
  }

  @Test
  void knownModelsHaveTheirDimensions() {
    assertThat(ModelProfile.defaultModel().dimension()).isEqualTo(128);
    assertThat(ModelProfile.forModel("mobilefacenet", RULE).dimension()).isEqualTo(192);
    assertThat(ModelProfile.of("onnx:arcface", 512, RULE).dimension()).isEqualTo(512);
    float[] c = ModelProfile.defaultModel().centre();
    double n = 0;
    for (float v : c) {
      n += v * v;
    }
    assertThat(Math.sqrt(n)).as("measured mean of real templates").isBetween(0.8, 1.0);
  }
}

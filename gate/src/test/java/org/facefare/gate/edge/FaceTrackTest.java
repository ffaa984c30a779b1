package org.facefare.gate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FaceTrackTest {

  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  FaceTrack<Double> track = new FaceTrack<>(Duration.ofMillis(400), d -> d, 0.95);

  @Test
  void yieldsTheBestCandidateWhenTheWindowPasses() {
    assertThat(track.offer(0.4, T0)).isEmpty();
    assertThat(track.offer(0.7, T0.plusMillis(100))).isEmpty();
    assertThat(track.offer(0.6, T0.plusMillis(200))).isEmpty();
    assertThat(track.poll(T0.plusMillis(399))).isEmpty();
    assertThat(track.poll(T0.plusMillis(400))).contains(0.7);
    assertThat(track.open()).isFalse();
  }

  @Test
  void aGoodEnoughCandidateClosesTheTrackAtOnce() {
    assertThat(track.offer(0.5, T0)).isEmpty();
    assertThat(track.offer(0.97, T0.plusMillis(50))).contains(0.97);
    assertThat(track.open()).isFalse();
  }

  @Test
  void aLateCandidateClosesTheOldTrackAndOpensTheNext() {
    track.offer(0.5, T0);
    assertThat(track.offer(0.3, T0.plusMillis(500))).contains(0.5);
    assertThat(track.open()).isTrue();
    assertThat(track.poll(T0.plusMillis(900))).contains(0.3);
  }

  @Test
  void aGoodEnoughLateCandidateIsYieldedByTheNextPoll() {
    track.offer(0.5, T0);
    assertThat(track.offer(0.99, T0.plusMillis(500))).contains(0.5);
    assertThat(track.poll(T0.plusMillis(501))).contains(0.99);
  }
}

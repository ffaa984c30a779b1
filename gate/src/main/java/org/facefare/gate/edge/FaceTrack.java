package org.facefare.gate.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A short track of one rider's face across camera frames that picks the best frame to decide on.
 *
 * <p>A rider walking up to a gate gives the camera several usable frames within a few hundred
 * milliseconds; the sharpest, most frontal one matches best. The track opens at its first candidate
 * and closes when its window has passed or a candidate scores at least {@code goodEnough} (no point
 * waiting for a better one); it then yields the best candidate and starts afresh. Candidates are
 * scored by the caller's function; frames stay the caller's and are dropped with the track. Not
 * thread-safe: one track per camera loop.
 *
 * @param <T> the candidate type (e.g. the pipeline's usable-face result)
 */
public final class FaceTrack<T> {

  private final Duration window;
  private final ToDoubleFunction<T> score;
  private final double goodEnough;
  private T best;
  private double bestScore;
  private Instant opened;

  /**
   * A track.
   *
   * @param window how long to collect candidates after the first
   * @param score a candidate's score, higher is better
   * @param goodEnough a score that closes the track at once
   */
  public FaceTrack(Duration window, ToDoubleFunction<T> score, double goodEnough) {
    this.window = Objects.requireNonNull(window, "window");
    this.score = Objects.requireNonNull(score, "score");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative: " + window);
    }
    if (Double.isNaN(goodEnough)) {
      throw new IllegalArgumentException("good-enough score is NaN");
    }
    this.goodEnough = goodEnough;
  }

  /**
   * Adds a candidate seen at {@code at}.
   *
   * @return the track's best candidate when this one closes the track
   */
  public Optional<T> offer(T candidate, Instant at) {
    Objects.requireNonNull(candidate, "candidate");
    Optional<T> due = poll(at);
    // When the window had already passed, the new candidate opens the next track.
    add(candidate, at);
    return due.isPresent() ? due : poll(at);
  }

  /**
   * The best candidate if the track is due by {@code now} (its window passed, or a candidate was
   * good enough); call it on frames with no face.
   */
  public Optional<T> poll(Instant now) {
    if (opened != null && (bestScore >= goodEnough || !now.isBefore(opened.plus(window)))) {
      return close();
    }
    return Optional.empty();
  }

  /** Whether a track is open. */
  public boolean open() {
    return opened != null;
  }

  private void add(T candidate, Instant at) {
    double s = score.applyAsDouble(candidate);
    if (Double.isNaN(s)) {
      throw new IllegalArgumentException("candidate score is NaN");
    }
    if (opened == null) {
      opened = at;
      best = candidate;
      bestScore = s;
    } else if (s > bestScore) {
      best = candidate;
      bestScore = s;
    }
  }

  private Optional<T> close() {
    Optional<T> out = Optional.of(best);
    best = null;
    opened = null;
    bestScore = Double.NEGATIVE_INFINITY;
    return out;
  }
}

package org.facefare.gate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.facefare.gate.TestClock;
import org.facefare.gate.edge.Turnstile.State;
import org.facefare.gate.edge.Turnstile.Transition;
import org.junit.jupiter.api.Test;

class TurnstileTest {

  TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));
  Turnstile gate = new Turnstile(clock, Duration.ofSeconds(8), Duration.ofMillis(800));

  @Test
  void opensPassesAndClosesAfterTheHold() {
    assertThat(gate.state()).isEqualTo(State.CLOSED);
    assertThat(gate.open()).isEqualTo(Transition.OPENED);
    clock.advance(Duration.ofSeconds(2));
    assertThat(gate.passage()).isEqualTo(Transition.PASSED);
    clock.advance(Duration.ofMillis(799));
    assertThat(gate.tick()).isEqualTo(Transition.NONE);
    assertThat(gate.state()).isEqualTo(State.PASSED);
    clock.advance(Duration.ofMillis(1));
    assertThat(gate.tick()).isEqualTo(Transition.CLOSED);
    assertThat(gate.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void closesWhenNobodyPasses() {
    gate.open();
    clock.advance(Duration.ofSeconds(8));
    assertThat(gate.tick()).isEqualTo(Transition.TIMED_OUT);
    assertThat(gate.passage()).isEqualTo(Transition.NONE);
    assertThat(gate.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void oneDecisionOpensItOnceAndTimeoutsApplyBeforeEveryCall() {
    gate.open();
    assertThatThrownBy(gate::open).isInstanceOf(IllegalStateException.class);
    clock.advance(Duration.ofSeconds(9));
    assertThat(gate.open()).as("the open timeout closed it first").isEqualTo(Transition.OPENED);
  }

  @Test
  void refusesNonPositiveTimeouts() {
    assertThatThrownBy(() -> new Turnstile(clock, Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("open timeout");
  }
}

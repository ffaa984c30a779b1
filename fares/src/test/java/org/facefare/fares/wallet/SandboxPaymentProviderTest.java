package org.facefare.fares.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.facefare.fares.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxPaymentProviderTest {

  private final SandboxPaymentProvider sandbox = new SandboxPaymentProvider();

  @ParameterizedTest(name = "{0} for {1} -> {2}")
  @CsvSource({
    "sandbox-approve, 100, Approved, ",
    "sandbox-anything, 1000000, Approved, ",
    "sandbox-approve, 1000001, Declined, over the sandbox limit",
    "sandbox-decline, 100, Declined, card declined",
    "sandbox-timeout, 100, TimedOut, ",
    "4111111111111111, 100, Declined, not a sandbox card",
  })
  void answersByTheDocumentedRules(String token, long amount, String kind, String reason) {
    PaymentOutcome o =
        sandbox.authorize(new PaymentRequest("key-1", token, Money.of(amount, "RUB")));
    assertThat(o.getClass().getSimpleName()).isEqualTo(kind);
    if (o instanceof PaymentOutcome.Declined d) {
      assertThat(d.reason()).isEqualTo(reason);
    }
  }

  @Test
  void aRepeatedKeyGetsTheSameReferenceAndAnotherKeyAnother() {
    PaymentRequest a = new PaymentRequest("key-a", "sandbox-approve", Money.of(500, "RUB"));
    PaymentRequest b = new PaymentRequest("key-b", "sandbox-approve", Money.of(500, "RUB"));
    assertThat(sandbox.authorize(a)).isEqualTo(sandbox.authorize(a));
    assertThat(sandbox.authorize(a)).isNotEqualTo(sandbox.authorize(b));
    assertThat(((PaymentOutcome.Approved) sandbox.authorize(a)).reference())
        .matches("sbx-[0-9a-f]{16}");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void aPaymentIsPositive(long minor) {
    assertThatThrownBy(() -> new PaymentRequest("k", "sandbox-approve", Money.of(minor, "RUB")))
        .hasMessageContaining("positive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "with space", "Иван", "a/b"})
  void riderIdsArePseudonymsOfASafeAlphabet(String id) {
    assertThatThrownBy(() -> new RiderId(id)).hasMessageContaining("opaque pseudonym");
  }
}

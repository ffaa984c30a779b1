package org.facefare.fares.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.facefare.fares.Money;
import org.facefare.fares.document.DocumentException;
import org.facefare.fares.network.Mode;

/** The policy reader over random amounts and caps: exact money, contradictions always refused. */
class PolicyPropertiesTest {

  static String policy(String fare, String daily, String weekly) {
    return """
        id: p
        currency: RUB
        serviceDayStart: "04:30"
        versions:
          - id: v1
            effectiveFrom: "2026-01-01"
            fare: "%s"
            caps: { daily: "%s", weekly: "%s" }
            concessions:
              adult: {}
        """
        .formatted(fare, daily, weekly);
  }

  /** Any amount a {@link Money} prints reads back as the same minor units, up to 2^63 - 1. */
  @Property(tries = 300)
  void amountsRoundTripExactly(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long minor) {
    String amount = Money.of(minor, "RUB").toString();
    FarePolicy p = PolicyLoadTest.parse(policy(amount, amount, amount));
    assertThat(p.versions().get(0).baseFare(Mode.METRO)).contains(Money.of(minor, "RUB"));
  }

  @Property(tries = 100)
  void amountsBeyondALongOfMinorUnitsAreRefused(@ForAll @IntRange(min = 1, max = 1000) int extra) {
    String amount =
        new java.math.BigDecimal(
                BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(extra)), 2)
            .toPlainString();
    assertThatThrownBy(() -> PolicyLoadTest.parse(policy(amount, amount, amount)))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("overflows");
  }

  /** A daily cap loads exactly when fare <= daily <= weekly. */
  @Property(tries = 300)
  void capsLoadExactlyWhenTheyCoverTheFareAndNest(
      @ForAll @IntRange(min = 0, max = 100_000) int fare,
      @ForAll @IntRange(min = 0, max = 100_000) int daily,
      @ForAll @IntRange(min = 0, max = 100_000) int weekly) {
    String text = policy(rub(fare), rub(daily), rub(weekly));
    if (fare <= daily && daily <= weekly) {
      assertThat(PolicyLoadTest.parse(text).versions()).hasSize(1);
    } else {
      assertThatThrownBy(() -> PolicyLoadTest.parse(text))
          .isInstanceOf(DocumentException.class)
          .hasMessageContaining(fare > daily ? "is below the" : "is above the weekly cap");
    }
  }

  static String rub(int minor) {
    return Money.of(minor, "RUB").toString();
  }
}

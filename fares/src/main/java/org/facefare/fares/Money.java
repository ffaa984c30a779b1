package org.facefare.fares;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in integer minor units (kopecks, cents) of one currency.
 *
 * <p>Money is never floating point. Arithmetic is exact and refuses to overflow or to mix
 * currencies; a result that cannot be represented is an {@link ArithmeticException}, never a
 * wrapped or rounded value.
 */
public record Money(long minor, Currency currency) implements Comparable<Money> {

  /** Checks the currency. */
  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  /** The amount {@code minor} in the currency with ISO 4217 code {@code code}. */
  public static Money of(long minor, String code) {
    return new Money(minor, currency(code));
  }

  /** Zero in {@code currency}. */
  public static Money zero(Currency currency) {
    return new Money(0, currency);
  }

  /** The currency with ISO 4217 code {@code code}, or a clear error. */
  public static Currency currency(String code) {
    Objects.requireNonNull(code, "currency code");
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown currency code '" + code + "' (ISO 4217)", e);
    }
  }

  /** This plus {@code other}. */
  public Money plus(Money other) {
    return new Money(Math.addExact(minor, same(other).minor), currency);
  }

  /** This minus {@code other}. */
  public Money minus(Money other) {
    return new Money(Math.subtractExact(minor, same(other).minor), currency);
  }

  /** The negated amount. */
  public Money negate() {
    return new Money(Math.negateExact(minor), currency);
  }

  /** The smaller of this and {@code other}. */
  public Money min(Money other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /** The larger of this and {@code other}. */
  public Money max(Money other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** Whether the amount is below zero. */
  public boolean isNegative() {
    return minor < 0;
  }

  /** Whether the amount is zero. */
  public boolean isZero() {
    return minor == 0;
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(minor, same(other).minor);
  }

  /** The amount in major units with the currency code, e.g. {@code 62.00 RUB}. */
  @Override
  public String toString() {
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    if (digits == 0) {
      return minor + " " + currency.getCurrencyCode();
    }
    long scale = (long) Math.pow(10, digits);
    String sign = minor < 0 ? "-" : "";
    long abs = Math.abs(minor);
    return String.format(
        "%s%d.%0" + digits + "d %s", sign, abs / scale, abs % scale, currency.getCurrencyCode());
  }

  private Money same(Money other) {
    Objects.requireNonNull(other, "money");
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "cannot mix currencies: " + currency.getCurrencyCode() + " and " + other.currency);
    }
    return other;
  }
}

package org.facefare.fares.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.network.Mode;

/**
 * One version of a fare policy: the fares, time bands, transfer window, caps and concessions in
 * effect for the service days from {@code effectiveFrom} until {@code effectiveUntil}.
 *
 * @param id the version id quotes and receipts carry
 * @param effectiveFrom the first service day it prices
 * @param effectiveUntil the first service day it no longer prices, if it ends
 * @param fares the base (off-peak) fare by mode
 * @param timeBands time-of-day prices, none overlapping for a mode
 * @param transfer the transfer window, if transfers are free at all
 * @param caps the caps of profiles without their own
 * @param concessions the concession profiles by id; {@code adult} is always there
 */
public record PolicyVersion(
    String id,
    LocalDate effectiveFrom,
    Optional<LocalDate> effectiveUntil,
    Map<Mode, Money> fares,
    List<TimeBand> timeBands,
    Optional<TransferRule> transfer,
    Caps caps,
    Map<String, Concession> concessions) {

  /** The profile riders have unless they hold a concession. */
  public static final String ADULT = "adult";

  /** Checks the fields. */
  public PolicyVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(effectiveUntil, "effectiveUntil");
    fares = Map.copyOf(fares);
    timeBands = List.copyOf(timeBands);
    Objects.requireNonNull(transfer, "transfer");
    Objects.requireNonNull(caps, "caps");
    concessions = Map.copyOf(concessions);
    if (!concessions.containsKey(ADULT)) {
      throw new IllegalArgumentException("policy version " + id + " has no adult profile");
    }
  }

  /** Whether the version prices service day {@code day}. */
  public boolean inEffectOn(LocalDate day) {
    return !day.isBefore(effectiveFrom) && effectiveUntil.map(day::isBefore).orElse(true);
  }

  /** The base fare for {@code mode}, if the version prices it. */
  public Optional<Money> baseFare(Mode mode) {
    return Optional.ofNullable(fares.get(mode));
  }

  /** The time band whose fare applies to {@code mode} at local {@code day} and {@code time}. */
  public Optional<TimeBand> band(Mode mode, DayOfWeek day, LocalTime time) {
    for (TimeBand band : timeBands) {
      if (band.fare(mode, day, time).isPresent()) {
        return Optional.of(band);
      }
    }
    return Optional.empty();
  }

  /** The concession profile {@code id}, if the version has it. */
  public Optional<Concession> concession(String id) {
    return Optional.ofNullable(concessions.get(id));
  }

  /** The caps that apply to {@code concession}: its own, or else the version's. */
  public Caps capsFor(Concession concession) {
    return concession.caps().orElse(caps);
  }
}

package org.facefare.fares.policy;

import java.util.List;
import java.util.Map;

/** The fare-policy document as written, before amounts, dates and times are parsed and checked. */
record PolicyFile(String id, String currency, String serviceDayStart, List<Version> versions) {

  record Version(
      String id,
      String effectiveFrom,
      String effectiveUntil,
      String fare,
      Map<String, String> fareByMode,
      List<Band> timeBands,
      Transfer transfer,
      CapsFile caps,
      Map<String, Profile> concessions) {}

  record Band(
      String name,
      List<String> days,
      String from,
      String until,
      String fare,
      Map<String, String> fareByMode) {}

  record Transfer(int windowMinutes, List<String> limitedModes, int limitedEntries) {}

  record CapsFile(String daily, String weekly, String monthly) {}

  record Profile(Integer discountPercent, Boolean free, CapsFile caps) {}
}

package org.facefare.fares.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.facefare.fares.Entry;
import org.facefare.fares.FareQuote;
import org.facefare.fares.PastTrip;
import org.facefare.fares.document.Document;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;
import org.junit.jupiter.api.Test;

/** What docs/fares.md shows is what the code does. */
class DocsExamplesTest {

  static String doc() throws IOException {
    Path repo = Path.of(System.getProperty("facefare.repo", ".."));
    return Files.readString(repo.resolve("docs/fares.md"), StandardCharsets.UTF_8);
  }

  @Test
  void thePolicyFormatExampleIsAValidPolicy() throws IOException {
    String doc = doc();
    int section = doc.indexOf("## Fare-policy format");
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    FarePolicy policy =
        FarePolicy.parse(
            "docs/fares.md", yaml.getBytes(StandardCharsets.UTF_8), Document.Format.YAML);
    assertThat(policy.versions()).hasSize(1);
    assertThat(policy.versions().get(0).concessions())
        .containsKeys("adult", "student", "pensioner");
  }

  /** The receipts table: an adult's Monday on the small network with the sample policy. */
  @Test
  void theExplanationsTableIsWhatTheEngineSays() throws IOException {
    String doc = doc();
    FareEngine engine = new FareEngine(Network.small(), FarePolicy.sampleMetro());
    String[][] rides = {
      {"G-RN-1", "08:10"},
      {"G-B1-M", "08:40"},
      {"G-BC-1", "09:00"},
      {"G-RN-1", "12:00"},
      {"G-RN-1", "18:00"},
      {"G-RN-1", "19:30"},
      {"G-B1-M", "20:15"}
    };
    List<PastTrip> history = new ArrayList<>();
    for (String[] ride : rides) {
      Instant at =
          LocalDateTime.parse("2026-03-02T" + ride[1]).atZone(FareEngineTest.MOSCOW).toInstant();
      Entry entry = new Entry(ride[0], at);
      FareQuote quote = engine.quote("adult", history, entry);
      history.add(new PastTrip(entry, quote.amount()));
      String amount = quote.amount().toString().replace(" RUB", "");
      assertThat(doc).contains("| " + ride[1] + " ");
      String row = doc.substring(doc.indexOf("| " + ride[1] + " "));
      row = row.substring(0, row.indexOf('\n'));
      assertThat(row).contains("| " + amount + " |");
      for (String why : quote.explanation()) {
        if (!row.contains("`new journey: …`") || !why.startsWith("new journey: ")) {
          assertThat(row).contains("`" + why + "`");
        }
      }
    }
  }
}

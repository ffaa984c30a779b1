package org.facefare.gate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.facefare.face.Template;
import org.facefare.face.quality.QualityReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GateRequestCodecTest {

  static GateRequest request() {
    return new GateRequest(
        "G-0001",
        UUID.fromString("6f1c1d9e-3a59-4d0e-9d44-1b7f3c2a9e10"),
        Instant.parse("2026-12-01T08:15:30.250Z"),
        "AAECAwQFBgcICQoLDA0ODw",
        Template.of("faceapi-resnet", new float[] {0.5f, -0.25f, 0.75f, 0.1f}),
        0.83,
        List.of(QualityReason.BLURRY));
  }

  @Test
  void roundTrips() {
    GateRequest r = request();
    assertThat(GateRequestCodec.read(GateRequestCodec.write(r))).isEqualTo(r);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"protocol\":\"facefare-gate/1\"|\"protocol\":\"facefare-gate/9\"|not supported",
        "\"gate\":\"G-0001\"|\"gate\":\"G 0001\"|gate id",
        "\"request\":\"6f1c1d9e-3a59-4d0e-9d44-1b7f3c2a9e10\"|\"request\":\"r1\"|'request' is not a UUID",
        "\"issued_at\":\"2026-12-01T08:15:30.250Z\"|\"issued_at\":\"yesterday\"|'issued_at'",
        "\"model\":\"faceapi-resnet\"|\"model\":\"mobileface\"|template was made by",
        "\"liveness\":0.83|\"liveness\":\"high\"|'liveness' must be a number",
        "\"liveness\":0.83|\"liveness\":1.5|liveness must be in [0, 1]",
        "\"quality_failures\":[\"BLURRY\"]|\"quality_failures\":[\"UGLY\"]|unknown reason",
        "\"nonce\":\"AAECAwQFBgcICQoLDA0ODw\"|\"nonce\":\"short\"|nonce must be",
        "\"liveness\":0.83|\"liveness\":0.83,\"extra\":1|unknown field 'extra'",
        "\"liveness\":0.83|\"liveness\":0.83,\"liveness\":0.9|Duplicate field",
        "\"liveness\":0.83,|''|missing field 'liveness'",
      })
  void refusesMalformedBodiesNamingTheField(String from, String to, String message) {
    String json = new String(GateRequestCodec.write(request()), StandardCharsets.UTF_8);
    assertThat(json).contains(from);
    byte[] body = json.replace(from, to).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> GateRequestCodec.read(body))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesNonJsonTruncatedAndOversizedBodies() {
    byte[] body = GateRequestCodec.write(request());
    assertThatThrownBy(() -> GateRequestCodec.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> GateRequestCodec.read(java.util.Arrays.copyOf(body, body.length / 2)))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> GateRequestCodec.read(new byte[GateRequestCodec.MAX_BODY_BYTES + 1]))
        .hasMessageContaining("exceeds the limit");
    String json = new String(body, StandardCharsets.UTF_8);
    String badTemplate = json.replaceAll("\"template\":\"[^\"]*\"", "\"template\":\"AAAA\"");
    assertThatThrownBy(() -> GateRequestCodec.read(badTemplate.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("field 'template'");
  }
}

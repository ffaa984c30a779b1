package org.facefare.face.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The facts a measurement is recorded with: processor, cores, memory, JVM, ONNX Runtime version,
 * git revision and time, so that figures can be compared across runs.
 */
public final class MachineInfo {

  private MachineInfo() {}

  /** The facts, in a stable order. */
  public static Map<String, String> collect() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("onnxruntime", onnxRuntimeVersion());
    m.put("git_revision", gitRevision());
    m.put("measured_at", Instant.now().toString());
    return m;
  }

  private static String onnxRuntimeVersion() {
    Package p = ai.onnxruntime.OrtEnvironment.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through to the JVM's architecture name.
    }
    return System.getProperty("os.arch");
  }

  /** The checked-out revision ({@code FACEFARE_GIT_REV} wins), with "-dirty" for local changes. */
  static String gitRevision() {
    String env = System.getenv("FACEFARE_GIT_REV");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      Process p =
          new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=12")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
        return out;
      }
    } catch (IOException e) {
      return "unknown (git not available)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}

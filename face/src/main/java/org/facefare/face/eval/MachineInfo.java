package org.facefare.face.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The facts a measurement is recorded with: processor, its widest vector extension, cores, memory,
 * JVM, ONNX Runtime version, git revision and time, so that figures can be compared across runs.
 *
 * <p>The processor's name alone does not tell hosts apart: this project's cloud machines all say
 * "AMD EPYC", yet some have AVX-512 and four times the memory bandwidth of others, which moves
 * every figure (the gallery's exact scan from 51 to 126 queries a second).
 */
public final class MachineInfo {

  private MachineInfo() {}

  /** The facts, in a stable order. */
  public static Map<String, String> collect() {
    Map<String, String> m = new LinkedHashMap<>();
    List<String> cpuinfo = cpuinfo();
    m.put("cpu", cpuField(cpuinfo, "model name").orElse(System.getProperty("os.arch")));
    m.put(
        "vector_extension",
        cpuField(cpuinfo, "flags").map(f -> widest(f.split("\\s+"))).orElse("unknown"));
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("memory_gib", memoryGib());
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

  /** The lines of {@code /proc/cpuinfo}, or none where there is no such file (not Linux). */
  private static List<String> cpuinfo() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The value of the first {@code name : value} line of {@code cpuinfo} with that name. */
  private static Optional<String> cpuField(List<String> cpuinfo, String name) {
    for (String line : cpuinfo) {
      if (line.startsWith(name) && line.indexOf(':') > 0) {
        return Optional.of(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** The widest of the x86 vector extensions among {@code flags}, or "none". */
  static String widest(String[] flags) {
    Set<String> have = Set.of(flags);
    for (String f : List.of("avx512f", "avx2", "avx", "sse4_2", "sse2")) {
      if (have.contains(f)) {
        return f;
      }
    }
    return "none";
  }

  private static String memoryGib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f", kb / (1024.0 * 1024.0));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux.
    }
    return "unknown";
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

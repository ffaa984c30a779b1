package org.facefare.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code facefare} command run in a child JVM on the test's class path: its standard output
 * collected line by line, its standard error in a file for the failure messages.
 */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path stderr;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = Thread.ofPlatform().daemon().start(this::read);
  }

  /** Starts {@code facefare ARGS} with extra environment variables. */
  static ChildJvm start(Path logDir, String name, Map<String, String> env, String... args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.createDirectories(logDir);
    // The class path goes in an argument file, as ./facefare does: with a long class path on the
    // command line the JVM died of SIGSEGV while ONNX Runtime loaded the models.
    Path classPath = logDir.resolve(name + ".args");
    Files.writeString(classPath, "-cp\n\"" + System.getProperty("java.class.path") + "\"\n");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx1g",
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector",
                "@" + classPath,
                FaceFareCli.class.getName()));
    cmd.addAll(List.of(args));
    Path err = logDir.resolve(name + ".stderr");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new ChildJvm(pb.start(), err);
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process was killed: its output ends here.
    }
  }

  /** Waits for a line of output that matches, or fails with the process's standard error. */
  String await(Predicate<String> match, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (match.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError(
              "no such line from the child within "
                  + timeout
                  + "; its output: "
                  + lines
                  + "\nits stderr:\n"
                  + stderrTail());
        }
        lines.wait(Math.max(1, Math.min(200, left / 1_000_000)));
      }
    }
  }

  /** Every line so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Waits for the process to end and its output to be read; returns the exit status. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the child did not end within " + timeout + ":\n" + stderrTail());
    }
    reader.join(10_000);
    return process.exitValue();
  }

  /** {@code kill -9}. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
  }

  /** The last 4,000 characters of its standard error. */
  String stderrTail() {
    try {
      String s = Files.readString(stderr);
      return s.substring(Math.max(0, s.length() - 4_000));
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }

  /** Stops it with SIGTERM (its shutdown hooks run) and waits. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
    reader.join(10_000);
  }
}

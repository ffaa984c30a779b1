package org.facefare.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM, by the PostgreSQL server of a data directory and by the whole
 * machine, read from the JVM and Linux's {@code /proc}, so a benchmark can say how many
 * CPU-milliseconds each operation cost and what share of the machine it had.
 *
 * <p>Linux reports process times in clock ticks of {@code USER_HZ}, which is 100 on every
 * mainstream kernel build (it is part of the user-space ABI). PostgreSQL's CPU is the postmaster's
 * own plus that of its live children (the backends, WAL writer, checkpointer) plus the children it
 * has already reaped ({@code cutime}/{@code cstime}); the postmaster's pid is the first line of
 * {@code postmaster.pid} in its data directory. The JVM's own compiler and garbage-collector
 * threads are read from {@code /proc/self/task} by their names ({@code C1/C2 CompilerThre…}, {@code
 * GC Thread#…}, the {@code VM Thread} that runs the collector's safepoints), so a benchmark can
 * tell a steady state (no compiling left) from a warm-up.
 */
final class CpuAccounting {

  private static final double MS_PER_TICK = 10.0;

  private final Path postgresData;

  /** Accounting for this JVM and the PostgreSQL server of {@code postgresData} (may be null). */
  CpuAccounting(Path postgresData) {
    this.postgresData = postgresData;
  }

  /** A reading of every counter now. */
  Reading read() {
    long jvm =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime()
            : -1;
    long[] self = stat(ProcessHandle.current().pid()).orElse(null);
    double[] vm = vmThreadsMillis();
    return new Reading(
        System.nanoTime(),
        jvm / 1e6,
        self == null ? -1 : self[2] * MS_PER_TICK,
        vm[0],
        vm[1],
        postgresMillis(),
        machine());
  }

  /**
   * One reading: wall clock, JVM CPU ms, its kernel part, its compiler threads' and its collector
   * threads' parts, PostgreSQL CPU ms (-1 where unknown), machine ticks.
   */
  record Reading(
      long nanos,
      double jvmMs,
      double jvmKernelMs,
      double jitMs,
      double gcMs,
      double postgresMs,
      long[] machineTicks) {

    /** The CPU used between {@code earlier} and this reading. */
    Usage since(Reading earlier) {
      double busy = -1;
      if (machineTicks != null && earlier.machineTicks != null) {
        double total = machineTicks[0] - earlier.machineTicks[0];
        double idle = machineTicks[1] - earlier.machineTicks[1];
        busy = total > 0 ? (total - idle) / total : -1;
      }
      return new Usage(
          (nanos - earlier.nanos) / 1e6,
          jvmMs - earlier.jvmMs,
          delta(jvmKernelMs, earlier.jvmKernelMs),
          delta(jitMs, earlier.jitMs),
          delta(gcMs, earlier.gcMs),
          delta(postgresMs, earlier.postgresMs),
          busy);
    }

    private static double delta(double now, double before) {
      return now < 0 || before < 0 ? -1 : now - before;
    }
  }

  /** CPU used over a wall-clock interval; -1 where unknown. */
  record Usage(
      double wallMs,
      double jvmMs,
      double jvmKernelMs,
      double jitMs,
      double gcMs,
      double postgresMs,
      double machineBusy) {}

  /**
   * CPU ms of this JVM's compiler threads and of its collector threads (GC workers and the VM
   * thread), or -1 each without {@code /proc/self/task}. Threads that ended take their time with
   * them, so a compiler thread the JVM retired between two readings undercounts (HotSpot keeps its
   * compiler threads alive under load).
   */
  private static double[] vmThreadsMillis() {
    long jit = 0;
    long gc = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        String line;
        try {
          line = Files.readString(t.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended while listing
        }
        String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (name.contains("CompilerThre")) {
          jit += ticks;
        } else if (name.startsWith("GC Thread") || name.equals("VM Thread")) {
          gc += ticks;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new double[] {-1, -1};
    }
    return new double[] {jit * MS_PER_TICK, gc * MS_PER_TICK};
  }

  private double postgresMillis() {
    if (postgresData == null) {
      return -1;
    }
    try {
      List<String> pidFile = Files.readAllLines(postgresData.resolve("postmaster.pid"));
      long postmaster = Long.parseLong(pidFile.getFirst().trim());
      long[] own = stat(postmaster).orElseThrow(() -> new IOException("postmaster is gone"));
      long ticks = own[1] + own[2] + own[3] + own[4];
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.toList()) {
          String name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          long[] s = stat(Long.parseLong(name)).orElse(null);
          if (s != null && s[0] == postmaster) {
            ticks += s[1] + s[2];
          }
        }
      }
      return ticks * MS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** ppid, utime, stime, cutime, cstime of a process, if it still exists. */
  private static java.util.Optional<long[]> stat(long pid) {
    String line;
    try {
      line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    // The command name (field 2) is in parentheses and may hold spaces: parse after the last ')'.
    String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    return java.util.Optional.of(
        new long[] {
          Long.parseLong(f[1]),
          Long.parseLong(f[11]),
          Long.parseLong(f[12]),
          Long.parseLong(f[13]),
          Long.parseLong(f[14])
        });
  }

  /** Total and idle (idle + iowait) ticks of the whole machine, or null without /proc/stat. */
  private static long[] machine() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The CPU ms so far of this JVM's live threads whose names start with {@code prefix}. */
  static double namedThreadsCpuMs(String prefix) {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double ms = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        ms += nanos > 0 ? nanos / 1e6 : 0;
      }
    }
    return ms;
  }

  /** The CPU time of one thread of this JVM in nanoseconds, if the JVM measures it. */
  static OptionalLong threadCpuNanos(long threadId) {
    long t = ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
    return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
  }
}

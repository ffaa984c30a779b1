package org.facefare.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code facefare bench} command line: side-by-side benchmarks with peers. */
@Command(
    name = "facefare bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print ratios against a peer measured in the same run.",
    subcommands = {
      CommandLine.HelpCommand.class,
      AuthorityBench.class,
      FaceBench.class,
      GalleryBench.class,
      GateBench.class,
      LedgerBench.class,
      LedgerCrashBench.class,
      PrivacyBench.class
    })
public final class BenchCli {

  private BenchCli() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCli()).execute(args));
  }
}

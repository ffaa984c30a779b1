package org.facefare.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code facefare} command line: the entry point that {@code ./facefare} runs. */
@Command(
    name = "facefare",
    mixinStandardHelpOptions = true,
    version = "FaceFare 0.1.0",
    description = "Privacy-first face-pay fare system for metro networks.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ModelsCommand.class,
      EvalCommand.class,
      DemoCommand.class,
      AuditCommand.class,
      AuthorityCommand.class,
      GateCommand.class
    })
public final class FaceFareCli {

  private FaceFareCli() {}

  /** The command line, ready to {@code execute}. */
  static CommandLine commandLine() {
    return new CommandLine(new FaceFareCli());
  }

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}

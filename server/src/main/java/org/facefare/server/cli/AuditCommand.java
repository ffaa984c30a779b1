package org.facefare.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.facefare.privacy.log.AuditFiles;
import org.facefare.privacy.log.Auditor;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.signing.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code facefare audit} commands: check the transparency log from files, offline. */
@Command(
    name = "audit",
    description = "Check FaceFare's transparency log from saved files, with no database access.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

  /** {@code facefare audit verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check a current signed tree head against the log's public key, a saved earlier head"
              + " against it (consistency proof), and any entries with their inclusion proofs."
              + " Exit status 0 when everything holds, 1 when something does not, 2 on bad input.")
  static final class Verify implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--log-key",
        required = true,
        description = "The log's Ed25519 public key (Base64 X.509), as published by the operator.")
    Path logKey;

    @Option(names = "--current", required = true, description = "The current signed tree head.")
    Path current;

    @Option(
        names = "--saved",
        description = "A tree head saved earlier, to check the log only grew.")
    Path saved;

    @Option(
        names = "--consistency",
        description = "The consistency proof from the saved head's size to the current one's.")
    Path consistency;

    @Option(
        names = "--entries",
        description = "Entries with inclusion proofs against the current head (repeatable).")
    List<Path> entries = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        VerifyingKey key = VerifyingKey.load(logKey);
        TreeHead head = AuditFiles.readHead(current);
        Optional<TreeHead> old = Optional.empty();
        List<byte[]> path = List.of();
        List<String> inputProblems = new ArrayList<>();
        if (saved != null) {
          old = Optional.of(AuditFiles.readHead(saved));
          if (consistency == null) {
            if (old.get().size() != head.size()) {
              err.println("facefare: --saved needs --consistency when the sizes differ");
              return 2;
            }
          } else {
            AuditFiles.Consistency c = AuditFiles.readConsistency(consistency);
            if (c.fromSize() != old.get().size() || c.toSize() != head.size()) {
              inputProblems.add(
                  consistency
                      + " proves size "
                      + c.fromSize()
                      + " to "
                      + c.toSize()
                      + ", not the saved head's "
                      + old.get().size()
                      + " to the current head's "
                      + head.size());
            }
            path = c.path();
          }
        } else if (consistency != null) {
          err.println("facefare: --consistency needs --saved");
          return 2;
        }
        List<Auditor.Claim> claims = new ArrayList<>();
        for (Path file : entries) {
          AuditFiles.Entries e = AuditFiles.readEntries(file);
          if (e.treeSize() != head.size()) {
            inputProblems.add(
                file
                    + " holds proofs for tree size "
                    + e.treeSize()
                    + ", not the current head's "
                    + head.size());
          }
          claims.addAll(e.claims());
        }
        Auditor.Result result = new Auditor(key).audit(old, head, path, claims);
        result.checked().forEach(line -> out.println("ok    " + line));
        inputProblems.forEach(line -> out.println("FAIL  " + line));
        result.failures().forEach(line -> out.println("FAIL  " + line));
        boolean passed = result.passed() && inputProblems.isEmpty();
        out.println(
            passed
                ? "audit: everything holds (tree size " + head.size() + ")"
                : "audit: "
                    + (result.failures().size() + inputProblems.size())
                    + " check(s) failed");
        out.flush();
        return passed ? 0 : 1;
      } catch (IOException | IllegalArgumentException e) {
        err.println("facefare: " + e.getMessage());
        return 2;
      }
    }
  }
}

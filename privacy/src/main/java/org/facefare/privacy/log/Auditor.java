package org.facefare.privacy.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.privacy.signing.VerifyingKey;

/**
 * The offline check an auditor or a rider runs: a saved tree head against the current one, and any
 * set of entries with their proofs, using nothing but the files and the log's public key.
 */
public final class Auditor {

  /**
   * The outcome of an audit.
   *
   * @param checked what was checked and held, one line each
   * @param failures what did not hold, one line each, saying where
   */
  public record Result(List<String> checked, List<String> failures) {

    /** Copies the lists. */
    public Result {
      checked = List.copyOf(checked);
      failures = List.copyOf(failures);
    }

    /** Whether everything held. */
    public boolean passed() {
      return failures.isEmpty();
    }
  }

  /**
   * An entry to check: its leaf with the inclusion proof to the current head, and optionally the
   * opening of its record.
   *
   * @param index the leaf index
   * @param leafData the leaf data
   * @param inclusionPath the audit path to the current head
   * @param opening the record and salt, if the entry's commitment is to be opened too
   */
  public record Claim(
      long index, byte[] leafData, List<byte[]> inclusionPath, Optional<Opening> opening) {

    /** Checks the fields. */
    public Claim {
      Objects.requireNonNull(leafData, "leafData");
      inclusionPath = List.copyOf(inclusionPath);
      Objects.requireNonNull(opening, "opening");
    }

    /** The claim a rider's history entry makes. */
    public static Claim of(HistoryEntry e) {
      return new Claim(e.index(), e.leafData(), e.inclusionPath(), e.opening());
    }
  }

  private final VerifyingKey key;

  /** An auditor that trusts tree heads signed by {@code key}. */
  public Auditor(VerifyingKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * Audits.
   *
   * @param saved a tree head saved earlier, if any
   * @param current the current tree head
   * @param consistency the consistency proof from the saved head's size to the current one's
   * @param claims entries with proofs against the current head
   */
  public Result audit(
      Optional<TreeHead> saved, TreeHead current, List<byte[]> consistency, List<Claim> claims) {
    List<String> ok = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    check(
        ok,
        bad,
        "current tree head (size " + current.size() + ") is signed by the log",
        () -> {
          current.verify(key);
        });
    if (saved.isPresent()) {
      TreeHead old = saved.get();
      check(
          ok,
          bad,
          "saved tree head (size " + old.size() + ") is signed by the log",
          () -> {
            old.verify(key);
          });
      check(
          ok,
          bad,
          "the log of size "
              + current.size()
              + " extends the saved one of size "
              + old.size()
              + " (consistency proof)",
          () -> {
            try {
              Proofs.verifyConsistency(
                  old.size(), current.size(), old.root(), current.root(), consistency);
            } catch (ProofException e) {
              throw new ProofException("saved head → current head: " + e.getMessage());
            }
          });
    }
    for (int n = 0; n < claims.size(); n++) {
      Claim c = claims.get(n);
      String where = "entry " + (n + 1) + " (leaf " + c.index() + ")";
      Leaf leaf;
      try {
        leaf = Leaf.fromBytes(c.leafData());
      } catch (IllegalArgumentException e) {
        bad.add(where + ": not valid leaf data (" + e.getMessage() + ")");
        continue;
      }
      check(
          ok,
          bad,
          where + ": " + leaf.kind() + " of " + leaf.rider() + " is in the log",
          () -> {
            try {
              Proofs.verifyInclusion(
                  c.index(),
                  current.size(),
                  MerkleHash.leaf(c.leafData()),
                  c.inclusionPath(),
                  current.root());
            } catch (ProofException e) {
              throw new ProofException(where + ": " + e.getMessage());
            }
          });
      if (c.opening().isPresent()) {
        Opening o = c.opening().get();
        String described;
        try {
          described = o.entry().toString();
        } catch (IllegalArgumentException e) {
          bad.add(where + ": the record is not a log record (" + e.getMessage() + ")");
          continue;
        }
        LogEntry entry = o.entry();
        if (leaf.isOpenedBy(o)
            && entry.rider().equals(leaf.rider())
            && entry.kind() == leaf.kind()) {
          ok.add(where + ": the leaf commits to " + described);
        } else {
          bad.add(where + ": the record " + described + " does not open the leaf's commitment");
        }
      }
    }
    return new Result(ok, bad);
  }

  private interface Check {
    void run() throws ProofException;
  }

  private static void check(List<String> ok, List<String> bad, String what, Check check) {
    try {
      check.run();
      ok.add(what);
    } catch (ProofException e) {
      bad.add(e.getMessage());
    }
  }
}

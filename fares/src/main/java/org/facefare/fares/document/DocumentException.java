package org.facefare.fares.document;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A network or fare-policy document that cannot be used: every problem found, each with the file,
 * line and field it is about.
 */
public final class DocumentException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The most problems the message lists; {@link #problems()} holds them all. */
  private static final int LISTED = 20;

  private final transient List<Problem> problems;

  /** A document with {@code problems}; there is at least one. */
  public DocumentException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** A document with one problem. */
  public DocumentException(Problem problem) {
    this(List.of(problem));
  }

  /** Every problem found, in document order where it is known. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a document exception needs a problem");
    }
    String listed =
        problems.stream().limit(LISTED).map(Problem::toString).collect(Collectors.joining("\n  "));
    int more = problems.size() - LISTED;
    return (problems.size() == 1 ? "" : problems.size() + " problems:\n  ")
        + listed
        + (more > 0 ? "\n  … and " + more + " more" : "");
  }

  /**
   * One thing wrong with a document.
   *
   * @param source the file or resource name
   * @param line the 1-based line
   * @param column the 1-based column
   * @param field the JSON path of the field, e.g. {@code $.gates[12].entrance}
   * @param message what is wrong, in words
   */
  public record Problem(String source, int line, int column, String field, String message) {

    /** Checks the fields. */
    public Problem {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
      if (line < 1 || column < 1) {
        throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
      }
    }

    /** {@code file:line:column: field: message}, the way compilers print it. */
    @Override
    public String toString() {
      return source + ":" + line + ":" + column + ": " + field + ": " + message;
    }
  }
}

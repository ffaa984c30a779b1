package org.facefare.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where FaceFare's PostgreSQL is: an embedded server that FaceFare starts over a data directory, or
 * an external server reached by JDBC URL.
 */
public sealed interface DatabaseSettings {

  /** The most pooled connections FaceFare opens. */
  int poolSize();

  /**
   * An embedded PostgreSQL server started in-process from the bundled binaries, its cluster kept in
   * {@code dataDirectory} so that it survives restarts.
   *
   * @param dataDirectory the cluster folder (created and initialised on first use)
   * @param port the TCP port on localhost, or 0 for any free port
   * @param poolSize the most pooled connections
   */
  record Embedded(Path dataDirectory, int port, int poolSize) implements DatabaseSettings {

    /** Checks the fields. */
    public Embedded {
      Objects.requireNonNull(dataDirectory, "dataDirectory");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 (any) or 1..65535, not " + port);
      }
      checkPool(poolSize);
    }

    /** An embedded server over {@code dataDirectory} on any free port with a pool of 16. */
    public static Embedded at(Path dataDirectory) {
      return new Embedded(dataDirectory, 0, 16);
    }
  }

  /**
   * An external PostgreSQL server.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param user the user name
   * @param password the password (may be empty for trust or peer authentication)
   * @param poolSize the most pooled connections
   */
  record External(String jdbcUrl, String user, String password, int poolSize)
      implements DatabaseSettings {

    /** Checks the fields. */
    public External {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "FaceFare runs on PostgreSQL only: the JDBC URL must start with jdbc:postgresql:, not '"
                + jdbcUrl
                + "'");
      }
      checkPool(poolSize);
    }

    /** Hides the password. */
    @Override
    public String toString() {
      return "External[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
  }

  private static void checkPool(int poolSize) {
    if (poolSize < 1 || poolSize > 1_000) {
      throw new IllegalArgumentException("pool size must be 1..1000, not " + poolSize);
    }
  }
}

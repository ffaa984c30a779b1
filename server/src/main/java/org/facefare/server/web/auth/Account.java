package org.facefare.server.web.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A person who can sign in to FaceFare's web apps.
 *
 * @param id the account's identifier
 * @param email the sign-in address (lower case)
 * @param role what the account may do
 * @param rider for a rider, the pseudonym that names their wallet in the ledger; empty for staff
 * @param createdAt when the account was created
 */
public record Account(UUID id, String email, Role role, Optional<String> rider, Instant createdAt) {

  /** Checks the fields. */
  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(createdAt, "createdAt");
    if ((role == Role.RIDER) != rider.isPresent()) {
      throw new IllegalArgumentException("a rider account, and only one, has a rider pseudonym");
    }
  }
}

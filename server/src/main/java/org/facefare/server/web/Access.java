package org.facefare.server.web;

import java.util.Optional;
import org.facefare.server.web.auth.Account;
import org.facefare.server.web.auth.Role;

/** Who may use a route: anyone, a signed-in rider, an operator, or any staff member. */
public enum Access {
  /** Anyone, signed in or not. */
  PUBLIC,
  /** Anyone signed in, whatever their role. */
  SIGNED_IN,
  /** A signed-in rider, for their own data only. */
  RIDER,
  /** A signed-in operator. */
  OPERATOR,
  /** A signed-in operator or auditor (read-only pages). */
  STAFF;

  /** Whether {@code account} may use a route of this access. */
  public boolean admits(Optional<Account> account) {
    return switch (this) {
      case PUBLIC -> true;
      case SIGNED_IN -> account.isPresent();
      case RIDER -> account.map(a -> a.role() == Role.RIDER).orElse(false);
      case OPERATOR -> account.map(a -> a.role() == Role.OPERATOR).orElse(false);
      case STAFF -> account.map(a -> a.role().staff()).orElse(false);
    };
  }
}

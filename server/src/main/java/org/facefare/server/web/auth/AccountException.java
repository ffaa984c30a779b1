package org.facefare.server.web.auth;

import java.util.Objects;

/** A refused account operation, with the reason a form shows next to the field it concerns. */
public final class AccountException extends RuntimeException {

  /** Why an account operation was refused. */
  public enum Reason {
    /** The address is not a plausible e-mail address. */
    BAD_EMAIL,
    /** Another account uses the address. */
    EMAIL_TAKEN,
    /** The password is too short, too long or the same as the address. */
    WEAK_PASSWORD,
    /** No such account, or it was deleted. */
    NO_SUCH_ACCOUNT
  }

  private final Reason reason;

  /** A refusal for {@code reason}, with a message for logs and operators. */
  public AccountException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}

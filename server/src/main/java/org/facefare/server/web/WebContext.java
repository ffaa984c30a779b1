package org.facefare.server.web;

import java.time.InstantSource;
import java.util.Objects;
import org.facefare.server.web.auth.Accounts;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * What the web features work with: the running system, the accounts and the clock.
 *
 * @param system the fare authority and everything it holds
 * @param accounts the web accounts
 * @param clock the clock the pages read (the system's)
 */
public record WebContext(FaceFareSystem system, Accounts accounts, InstantSource clock) {

  /** Checks the fields. */
  public WebContext {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(clock, "clock");
  }
}

package org.facefare.server.web.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.facefare.storage.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The web accounts in PostgreSQL's {@code web} schema: sign-up, sign-in, staff accounts and
 * deletion.
 *
 * <p>A rider's sign-up and the opening of their wallet are one unit: the account row is inserted in
 * a transaction that commits only after the wallet opened, so a failure leaves neither behind
 * (nothing is saved half-way). Addresses are compared in lower case. A deleted account keeps its
 * row without address or hash, so its rider pseudonym is never issued again.
 */
public final class Accounts {

  /** The schema. */
  public static final String SCHEMA = "web";

  /** The shortest password accepted. */
  public static final int MIN_PASSWORD = 10;

  /** The longest password accepted. */
  public static final int MAX_PASSWORD = 128;

  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\"<>]{1,64}@[^@\\s\"<>.]+(\\.[^@\\s\"<>.]+)+");
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final Jdbi jdbi;
  private final PasswordHashing hashing;
  private final Clock clock;
  private final RandomGenerator random;

  private Accounts(Jdbi jdbi, PasswordHashing hashing, Clock clock, RandomGenerator random) {
    this.jdbi = jdbi;
    this.hashing = hashing;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The accounts in {@code database}, migrating the {@code web} schema first.
   *
   * @param random the source of rider pseudonyms (a {@link java.security.SecureRandom} in
   *     production)
   */
  public static Accounts open(
      Database database, PasswordHashing hashing, Clock clock, RandomGenerator random) {
    database.migrate(SCHEMA, "classpath:db/web");
    return new Accounts(
        Jdbi.create(database.dataSource()),
        Objects.requireNonNull(hashing, "hashing"),
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(random, "random"));
  }

  /**
   * Creates a rider account and, in the same unit of work, their wallet.
   *
   * @param openWallet opens the wallet of the new rider pseudonym; if it throws, no account is
   *     created
   * @throws AccountException if the address or password is refused or the address is taken
   */
  public Account signUpRider(String email, String password, Consumer<String> openWallet) {
    String address = normalised(email);
    checkPassword(password, address);
    String hash = hashing.hash(password);
    UUID id = UUID.randomUUID();
    String rider = newRiderPseudonym();
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          insert(h, id, address, hash, Role.RIDER, rider, now);
          openWallet.accept(rider);
          return new Account(id, address, Role.RIDER, Optional.of(rider), now);
        });
  }

  /**
   * Creates a staff account, or resets the password and role of the existing one with that address.
   */
  public Account ensureStaff(String email, String password, Role role) {
    if (!role.staff()) {
      throw new IllegalArgumentException("a staff account is an operator or an auditor: " + role);
    }
    String address = normalised(email);
    checkPassword(password, address);
    String hash = hashing.hash(password);
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          Optional<Account> existing = find(h, "email = :v", address);
          if (existing.isPresent()) {
            if (!existing.get().role().staff()) {
              throw new AccountException(
                  AccountException.Reason.EMAIL_TAKEN, address + " is a rider's address");
            }
            h.createUpdate("UPDATE web.account SET password_hash = :h, role = :r WHERE id = :id")
                .bind("h", hash)
                .bind("r", role.name())
                .bind("id", existing.get().id())
                .execute();
            Account a = existing.get();
            return new Account(a.id(), a.email(), role, Optional.empty(), a.createdAt());
          }
          UUID id = UUID.randomUUID();
          insert(h, id, address, hash, role, null, now);
          return new Account(id, address, role, Optional.empty(), now);
        });
  }

  /**
   * The account with this address and password, if both match; the same work is spent when the
   * address is unknown.
   */
  public Optional<Account> authenticate(String email, String password) {
    if (email == null || password == null || password.length() > MAX_PASSWORD) {
      return Optional.empty();
    }
    String address = email.strip().toLowerCase(Locale.ROOT);
    Optional<String> hash =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT password_hash FROM web.account WHERE email = :e"
                            + " AND deleted_at IS NULL")
                    .bind("e", address)
                    .mapTo(String.class)
                    .findOne());
    if (hash.isEmpty()) {
      hashing.spendVerification(password);
      return Optional.empty();
    }
    if (!hashing.matches(password, hash.get())) {
      return Optional.empty();
    }
    return jdbi.withHandle(h -> find(h, "email = :v", address));
  }

  /** The live account with this id. */
  public Optional<Account> byId(UUID id) {
    return jdbi.withHandle(h -> find(h, "id = :v", id));
  }

  /**
   * Deletes the account: clears its address and password hash; its rider pseudonym stays reserved.
   *
   * @throws AccountException if there is no such live account
   */
  public void delete(UUID id) {
    int n =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE web.account SET email = NULL, password_hash = NULL,"
                            + " deleted_at = :t WHERE id = :id AND deleted_at IS NULL")
                    .bind("t", Timestamp.from(clock.instant()))
                    .bind("id", id)
                    .execute());
    if (n == 0) {
      throw new AccountException(AccountException.Reason.NO_SUCH_ACCOUNT, "no account " + id);
    }
  }

  private static void insert(
      Handle h, UUID id, String email, String hash, Role role, String rider, Instant at) {
    try {
      h.createUpdate(
              "INSERT INTO web.account (id, email, password_hash, role, rider, created_at)"
                  + " VALUES (:id, :e, :h, :r, :rider, :t)")
          .bind("id", id)
          .bind("e", email)
          .bind("h", hash)
          .bind("r", role.name())
          .bind("rider", rider)
          .bind("t", Timestamp.from(at))
          .execute();
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
        throw new AccountException(
            AccountException.Reason.EMAIL_TAKEN, "an account with " + email + " exists");
      }
      throw e;
    }
  }

  private static Optional<Account> find(Handle h, String where, Object value) {
    return h.createQuery(
            "SELECT id, email, role, rider, created_at FROM web.account WHERE "
                + where
                + " AND deleted_at IS NULL")
        .bind("v", value)
        .map(
            (rs, ctx) ->
                new Account(
                    rs.getObject("id", UUID.class),
                    rs.getString("email"),
                    Role.valueOf(rs.getString("role")),
                    Optional.ofNullable(rs.getString("rider")),
                    rs.getTimestamp("created_at").toInstant()))
        .findOne();
  }

  private String newRiderPseudonym() {
    StringBuilder b = new StringBuilder("rider-");
    for (int i = 0; i < 26; i++) {
      b.append(BASE32[random.nextInt(32)]);
    }
    return b.toString();
  }

  /** Everything wrong with a sign-up's address and password, all at once (empty if nothing). */
  public static java.util.List<AccountException> problems(String email, String password) {
    java.util.List<AccountException> problems = new java.util.ArrayList<>();
    String address = null;
    try {
      address = normalised(email);
    } catch (AccountException e) {
      problems.add(e);
    }
    try {
      checkPassword(password, address == null ? "" : address);
    } catch (AccountException e) {
      problems.add(e);
    }
    return problems;
  }

  private static String normalised(String email) {
    if (email == null) {
      throw new AccountException(AccountException.Reason.BAD_EMAIL, "an e-mail address is needed");
    }
    String address = email.strip().toLowerCase(Locale.ROOT);
    if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
      throw new AccountException(
          AccountException.Reason.BAD_EMAIL, "'" + abbreviated(address) + "' is not an address");
    }
    return address;
  }

  private static void checkPassword(String password, String address) {
    if (password == null
        || password.length() < MIN_PASSWORD
        || password.length() > MAX_PASSWORD
        || password.equalsIgnoreCase(address)) {
      throw new AccountException(
          AccountException.Reason.WEAK_PASSWORD,
          "a password is "
              + MIN_PASSWORD
              + " to "
              + MAX_PASSWORD
              + " characters and not the e-mail address");
    }
  }

  private static String abbreviated(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}

package org.facefare.fares.wallet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bundled payment provider for demos and tests: it takes no money and answers by fixed rules,
 * the same answer for the same request every time.
 *
 * <p>Rules, first match wins: a card token that does not start with {@code sandbox-} is declined
 * ("not a sandbox card"); {@code sandbox-decline} is declined ("card declined"); {@code
 * sandbox-timeout} times out; an amount above {@link #LIMIT_MINOR} minor units is declined ("over
 * the sandbox limit"); anything else (e.g. {@code sandbox-approve}) is approved. References are
 * {@code sbx-} and the first 16 hex digits of SHA-256 of the key, so a replayed key gets the same
 * reference.
 */
public final class SandboxPaymentProvider implements PaymentProvider {

  /** The largest amount, in minor units, that the sandbox approves. */
  public static final long LIMIT_MINOR = 1_000_000;

  /** A card token that is always approved (within the limit). */
  public static final String APPROVE = "sandbox-approve";

  /** A card token that is always declined. */
  public static final String DECLINE = "sandbox-decline";

  /** A card token that always times out. */
  public static final String TIMEOUT = "sandbox-timeout";

  @Override
  public PaymentOutcome authorize(PaymentRequest request) {
    String ref = reference(request.key());
    String token = request.cardToken();
    if (!token.startsWith("sandbox-")) {
      return new PaymentOutcome.Declined(ref, "not a sandbox card");
    }
    if (token.equals(DECLINE)) {
      return new PaymentOutcome.Declined(ref, "card declined");
    }
    if (token.equals(TIMEOUT)) {
      return new PaymentOutcome.TimedOut("sandbox provider did not answer (card " + token + ")");
    }
    if (request.amount().minor() > LIMIT_MINOR) {
      return new PaymentOutcome.Declined(ref, "over the sandbox limit");
    }
    return new PaymentOutcome.Approved(ref);
  }

  private static String reference(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sbx-" + HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}

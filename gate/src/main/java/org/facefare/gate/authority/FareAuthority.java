package org.facefare.gate.authority;

import java.util.Objects;
import org.facefare.gate.authority.FareCharger.ChargeOutcome;
import org.facefare.gate.authority.IdentificationLog.Identification;
import org.facefare.gate.authority.RiderMatcher.Identification.Ambiguous;
import org.facefare.gate.authority.RiderMatcher.Identification.Match;
import org.facefare.gate.authority.RiderMatcher.Identification.NoMatch;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.MalformedRequestException;
import org.facefare.gate.protocol.Receipt;
import org.facefare.gate.protocol.SignedGateRequest;

/**
 * The fare authority: turns one signed gate request into a fare decision — the only way anything
 * asks FaceFare about a face.
 *
 * <p>The flow is fixed: verify the request (gate key, signature, clock window, nonce), honour the
 * operator's face-pay pause, apply the authority's own bar to the gate's quality and liveness
 * results, ask the gallery for an open-set decision, charge the fare (idempotent by request id),
 * append the identification to the transparency log, answer. Nothing is logged or charged for a
 * request that was refused before matching or that matched nobody; an identified rider's outcome
 * (opened, or refused for funds) is always logged before the answer leaves, so the rider sees every
 * use of their face. A retry reuses the request id (and the same template), so the charge and the
 * log entry are the first attempt's.
 */
public final class FareAuthority {

  private static final System.Logger LOG = System.getLogger(FareAuthority.class.getName());

  /** Where a decision keeps each stage's nanoseconds for its observer. */
  private static final int VERIFY = 0, MATCH = 1, CHARGE = 2;

  private final RequestVerifier verifier;
  private final AuthorityPolicy policy;
  private final FacePayControl control;
  private final RiderMatcher matcher;
  private final FareCharger charger;
  private final IdentificationLog log;
  private final DecisionObserver observer;

  /** An authority over the given parts. */
  public FareAuthority(
      RequestVerifier verifier,
      AuthorityPolicy policy,
      FacePayControl control,
      RiderMatcher matcher,
      FareCharger charger,
      IdentificationLog log) {
    this(verifier, policy, control, matcher, charger, log, DecisionObserver.NONE);
  }

  /** An authority over the given parts that tells {@code observer} of every decision. */
  public FareAuthority(
      RequestVerifier verifier,
      AuthorityPolicy policy,
      FacePayControl control,
      RiderMatcher matcher,
      FareCharger charger,
      IdentificationLog log,
      DecisionObserver observer) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.control = Objects.requireNonNull(control, "control");
    this.matcher = Objects.requireNonNull(matcher, "matcher");
    this.charger = Objects.requireNonNull(charger, "charger");
    this.log = Objects.requireNonNull(log, "log");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /**
   * Decides one request.
   *
   * @throws MalformedRequestException if the authentic body is not a request of the protocol,
   *     carries a template of a model this authority does not serve, or reuses the request id of
   *     another passage
   */
  public GateDecision decide(SignedGateRequest signed) {
    long start = System.nanoTime();
    long[] stages = new long[3];
    GateDecision decision = decideSigned(signed, stages);
    try {
      observer.decided(
          signed.gateId(),
          decision,
          System.nanoTime() - start,
          new DecisionObserver.Stages(stages[VERIFY], stages[MATCH], stages[CHARGE]));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the decision observer failed", e);
    }
    return decision;
  }

  private GateDecision decideSigned(SignedGateRequest signed, long[] stages) {
    long start = System.nanoTime();
    Verification verification = verifier.verify(signed);
    stages[VERIFY] = System.nanoTime() - start;
    return switch (verification) {
      case Verification.Refused refused -> {
        LOG.log(
            System.Logger.Level.INFO,
            "refused request from gate {0}: {1}",
            signed.gateId(),
            refused.detail());
        yield new GateDecision.Deny(refused.reason());
      }
      case Verification.Accepted accepted -> decideVerified(accepted.request(), stages);
    };
  }

  private GateDecision decideVerified(GateRequest request, long[] stages) {
    if (control.paused(request.gateId())) {
      return new GateDecision.Deny(DenyReason.FACE_PAY_PAUSED);
    }
    if (!request.qualityFailures().isEmpty()) {
      return new GateDecision.Deny(DenyReason.LOW_QUALITY);
    }
    if (request.liveness() < policy.minLiveness()) {
      return new GateDecision.Deny(DenyReason.SPOOF_SUSPECTED);
    }
    RiderMatcher.Identification identification;
    long start = System.nanoTime();
    try {
      identification = matcher.identify(request.template());
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("template refused: " + e.getMessage(), e);
    } finally {
      stages[MATCH] = System.nanoTime() - start;
    }
    return switch (identification) {
      case NoMatch n -> new GateDecision.Deny(DenyReason.NO_MATCH);
      case Ambiguous a -> new GateDecision.Deny(DenyReason.AMBIGUOUS);
      case Match m -> {
        long charging = System.nanoTime();
        try {
          yield charge(request, m.rider());
        } finally {
          stages[CHARGE] = System.nanoTime() - charging;
        }
      }
    };
  }

  private GateDecision charge(GateRequest request, String rider) {
    ChargeOutcome outcome =
        charger.charge(request.requestId(), rider, request.gateId(), request.issuedAt());
    return switch (outcome) {
      case ChargeOutcome.InsufficientFunds f -> {
        log.append(
            Identification.denied(
                rider,
                request.gateId(),
                request.issuedAt(),
                DenyReason.INSUFFICIENT_FUNDS,
                request.requestId()));
        yield new GateDecision.Deny(DenyReason.INSUFFICIENT_FUNDS);
      }
      case ChargeOutcome.Charged c -> {
        long index =
            log.append(
                new Identification(rider, request.gateId(), c.at(), "OPEN", request.requestId()));
        yield new GateDecision.Open(
            new Receipt(
                request.requestId(),
                request.gateId(),
                c.at(),
                c.fareMinor(),
                c.currency(),
                c.explanation(),
                index));
      }
    };
  }
}

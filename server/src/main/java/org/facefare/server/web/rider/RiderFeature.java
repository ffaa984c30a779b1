package org.facefare.server.web.rider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.dispute.Dispute;
import org.facefare.fares.dispute.DisputeException;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementCursor;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.TopUpResult;
import org.facefare.fares.ledger.WalletView;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gate.edge.FacePipeline;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentText;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.server.enrolment.Advice;
import org.facefare.server.enrolment.EnrolmentOutcome;
import org.facefare.server.enrolment.SelfieEnrolment;
import org.facefare.server.web.Access;
import org.facefare.server.web.WebFeature;
import org.facefare.server.web.WebRequest;
import org.facefare.server.web.WebRoutes;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * The rider portal: consent and enrolment from the webcam or an upload, the wallet with top-ups,
 * trips with their receipts and disputes, every match with a proof the browser checks, face pay's
 * pause, resume and erasure, account deletion, the data export page and "try a gate".
 *
 * <p>Every route is {@link Access#RIDER} and works on the session's own pseudonym only, through
 * {@link RiderSelfService}; no route takes a rider id. Photos and camera frames are read from the
 * request into memory, handed to the face pipeline and dropped: none is stored, logged or echoed.
 * Forms are validated before anything is written, and each action is one call that does all it says
 * or nothing, so a refused form leaves nothing half-saved.
 */
public final class RiderFeature implements WebFeature {

  /** The largest camera frame or photo accepted, in bytes. */
  static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

  private static final String SESSION_CONSENT = "rider.consent";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RiderSelfService self;
  private final SelfieEnrolment enrolment;
  private final BrowserGates gates;
  private final ConsentTexts consentTexts;
  private final ZoneId zone;
  private final SecureRandom random = new SecureRandom();

  /**
   * The portal over its services.
   *
   * @param self the rider's own data and controls
   * @param enrolment enrolment from selfie frames
   * @param gates the gates a browser may try
   * @param consentTexts the published consent texts
   */
  public RiderFeature(
      RiderSelfService self,
      SelfieEnrolment enrolment,
      BrowserGates gates,
      ConsentTexts consentTexts) {
    this.self = Objects.requireNonNull(self, "self");
    this.enrolment = Objects.requireNonNull(enrolment, "enrolment");
    this.gates = Objects.requireNonNull(gates, "gates");
    this.consentTexts = Objects.requireNonNull(consentTexts, "consentTexts");
    this.zone = self.network().timeZone();
  }

  /**
   * The portal over a running system: its disputes, its consent texts, and the spare gate of each
   * station of its network to try.
   *
   * @param pipeline the face pipeline enrolment and the browser gates run (e.g. {@code
   *     FaceEngine::process})
   * @param time the clock of the browser gates' requests and turnstiles (the system's)
   */
  public static RiderFeature over(
      FaceFareSystem system, FacePipeline pipeline, java.time.InstantSource time) {
    return new RiderFeature(
        new RiderSelfService(system, system.disputes()),
        new SelfieEnrolment(system.facePay(), pipeline),
        new BrowserGates(
            system.network(),
            BrowserGates.spareGates(system.network()),
            system.gateKeys(),
            system.authority()::decide,
            pipeline,
            time,
            new SecureRandom()),
        system.consentTexts());
  }

  @Override
  public void register(WebRoutes routes) {
    routes
        .get("/rider", Access.RIDER, this::home)
        .get("/rider/consent", Access.RIDER, r -> consentPage(r, Map.of(), 200))
        .post("/rider/consent", Access.RIDER, this::consent)
        .get("/rider/enrol", Access.RIDER, r -> enrolPage(r, List.of(), 200))
        .post("/rider/enrol/check", Access.RIDER, this::check)
        .post("/rider/enrol", Access.RIDER, this::enrol)
        .get("/rider/enrolled", Access.RIDER, r -> r.render("rider/enrolled.jte", Map.of()))
        .get("/rider/wallet", Access.RIDER, r -> walletPage(r, Map.of(), "", 200))
        .post("/rider/wallet/topup", Access.RIDER, this::topUp)
        .get("/rider/trips", Access.RIDER, r -> tripsPage(r, Map.of(), "", 200))
        .post("/rider/trips/dispute", Access.RIDER, this::dispute)
        .get("/rider/matches", Access.RIDER, this::matches)
        .get("/rider/face", Access.RIDER, r -> facePage(r, "", 200))
        .post("/rider/face/pause", Access.RIDER, r -> faceAction(r, "pause"))
        .post("/rider/face/resume", Access.RIDER, r -> faceAction(r, "resume"))
        .post("/rider/face/erase", Access.RIDER, this::erase)
        .get("/rider/data", Access.RIDER, r -> r.render("rider/data.jte", Map.of()))
        .get("/rider/data.json", Access.RIDER, this::export)
        .get("/rider/delete", Access.RIDER, r -> deletePage(r, "", 200))
        .post("/rider/delete", Access.RIDER, this::delete)
        .get("/rider/gate", Access.RIDER, this::gatePage)
        .post("/rider/gate/frame", Access.RIDER, this::gateFrame)
        .post("/rider/gate/passage", Access.RIDER, this::gatePassage);
  }

  private static Pseudonym rider(WebRequest r) {
    return new Pseudonym(
        r.account()
            .rider()
            .orElseThrow(() -> new IllegalStateException("a rider account has a pseudonym")));
  }

  private String state(Pseudonym rider) {
    return self.facePay(rider).map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("none");
  }

  // --- overview ------------------------------------------------------------------------------

  private void home(WebRequest r) {
    Pseudonym rider = rider(r);
    String balance = self.wallet(rider).map(w -> Shown.money(w.balance())).orElse("—");
    r.render("rider/home.jte", Map.of("state", state(rider), "balance", balance));
  }

  // --- consent and enrolment -----------------------------------------------------------------

  private void consentPage(WebRequest r, Map<String, String> errors, int status) {
    ConsentText text = consentTexts.current();
    r.render(
        status,
        "rider/consent.jte",
        Map.of(
            "text", text.text(),
            "version", text.version(),
            "sha", text.sha256(),
            "errors", errors,
            "stage", consentStage(rider(r))));
  }

  /**
   * Where the rider stands with consent: {@code new}, {@code renew} (a new text) or {@code given}.
   */
  private String consentStage(Pseudonym rider) {
    if (self.facePay(rider).isEmpty()) {
      return "new";
    }
    return self.consentIsCurrent(rider) ? "given" : "renew";
  }

  private void consent(WebRequest r) {
    ConsentText text = consentTexts.current();
    Map<String, String> errors = new LinkedHashMap<>();
    if (!"yes".equals(r.form("agree"))) {
      errors.put("agree", r.t("rider.consent.required"));
    }
    if (!text.sha256().equalsIgnoreCase(r.form("sha"))
        || !Integer.toString(text.version()).equals(r.form("version"))) {
      errors.put("form", r.t("rider.consent.changed"));
    }
    if (!errors.isEmpty()) {
      consentPage(r, errors, 422);
      return;
    }
    Pseudonym rider = rider(r);
    switch (consentStage(rider)) {
      case "renew" -> {
        self.reconsent(rider, ConsentAnswer.agreeTo(text));
        r.redirect("/rider/face");
      }
      case "given" -> r.redirect("/rider/face");
      default -> {
        r.ctx().sessionAttribute(SESSION_CONSENT, text.version() + ":" + text.sha256());
        r.redirect("/rider/enrol");
      }
    }
  }

  /** The consent the rider gave on this session's consent page, if it is the current text. */
  private Optional<ConsentAnswer> givenConsent(WebRequest r) {
    String given = r.ctx().sessionAttribute(SESSION_CONSENT);
    ConsentText text = consentTexts.current();
    if (given == null || !given.equals(text.version() + ":" + text.sha256())) {
      return Optional.empty();
    }
    return Optional.of(ConsentAnswer.agreeTo(text));
  }

  private void enrolPage(WebRequest r, List<String> problems, int status) {
    Pseudonym rider = rider(r);
    boolean enrolled = self.facePay(rider).isPresent();
    if (!enrolled && givenConsent(r).isEmpty()) {
      r.redirect("/rider/consent");
      return;
    }
    r.render(
        status,
        "rider/enrol.jte",
        Map.of(
            "problems",
            problems,
            "reenrol",
            enrolled,
            "frames",
            SelfieEnrolment.MAX_FRAMES,
            "adviceTexts",
            adviceTexts(r)));
  }

  /** Every advice's text in the page's language, for the page's script. */
  private String adviceTexts(WebRequest r) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Advice a : Advice.values()) {
      texts.put(a.name(), r.t(a.messageKey()));
    }
    for (String k : List.of("progress", "sending", "failed", "done")) {
      texts.put(k, r.t("rider.enrol.camera." + k));
    }
    try {
      return JSON.writeValueAsString(texts);
    } catch (IOException e) {
      throw new IllegalStateException("texts are plain strings", e);
    }
  }

  private void check(WebRequest r) throws IOException {
    byte[] frame = body(r);
    if (frame == null) {
      return;
    }
    Advice advice = enrolment.check(frame);
    json(r, 200, Map.of("advice", advice.name(), "text", r.t(advice.messageKey())));
  }

  private void enrol(WebRequest r) throws IOException {
    boolean wantsJson = wantsJson(r);
    Pseudonym rider = rider(r);
    boolean enrolled = self.facePay(rider).isPresent();
    Optional<ConsentAnswer> consent = givenConsent(r);
    if (!enrolled && consent.isEmpty()) {
      refuseEnrolment(r, wantsJson, List.of(r.t("rider.enrol.consent.first")), 409);
      return;
    }
    List<byte[]> frames = new ArrayList<>();
    List<UploadedFile> files = r.ctx().uploadedFiles("photo");
    for (UploadedFile f : files) {
      if (f.size() == 0) {
        continue;
      }
      if (f.size() > MAX_FRAME_BYTES) {
        refuseEnrolment(
            r,
            wantsJson,
            List.of(r.t("rider.enrol.too_large", MAX_FRAME_BYTES / (1024 * 1024))),
            413);
        return;
      }
      try (InputStream in = f.content()) {
        frames.add(in.readAllBytes());
      }
    }
    if (frames.isEmpty() || frames.size() > SelfieEnrolment.MAX_FRAMES) {
      refuseEnrolment(
          r, wantsJson, List.of(r.t("rider.enrol.count", SelfieEnrolment.MAX_FRAMES)), 422);
      return;
    }
    EnrolmentOutcome outcome = enrolment.enrol(rider, consent, frames);
    switch (outcome) {
      case EnrolmentOutcome.Enrolled e -> {
        r.ctx().sessionAttribute(SESSION_CONSENT, null);
        if (wantsJson) {
          json(r, 200, Map.of("ok", true, "redirect", "/rider/enrolled"));
        } else {
          r.redirect("/rider/enrolled");
        }
      }
      case EnrolmentOutcome.Refused refused -> {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < refused.frames().size(); i++) {
          Advice a = refused.frames().get(i);
          if (a != Advice.READY) {
            problems.add(r.t("rider.enrol.photo", i + 1, r.t(a.messageKey())));
          }
        }
        refuseEnrolment(r, wantsJson, problems, 422);
      }
      case EnrolmentOutcome.NotOnePerson n ->
          refuseEnrolment(r, wantsJson, List.of(r.t("rider.enrol.not_one_person")), 422);
      case EnrolmentOutcome.Erased e ->
          refuseEnrolment(r, wantsJson, List.of(r.t("rider.enrol.erased")), 409);
    }
  }

  private void refuseEnrolment(WebRequest r, boolean wantsJson, List<String> problems, int status)
      throws IOException {
    if (wantsJson) {
      json(r, status, Map.of("ok", false, "problems", problems));
    } else if (status == 409 && self.facePay(rider(r)).isEmpty() && givenConsent(r).isEmpty()) {
      r.redirect("/rider/consent");
    } else {
      enrolPage(r, problems, status);
    }
  }

  // --- wallet and trips ----------------------------------------------------------------------

  /** A statement line as the wallet page shows it. */
  public record MoneyLine(String time, String what, String amount, String balance, boolean ok) {}

  /** A trip as the trips page shows it. */
  public record TripLine(
      String requestId,
      String time,
      String station,
      String gate,
      String fare,
      String balance,
      List<String> rules,
      String policy,
      Optional<String> denial,
      boolean disputable) {}

  /** A dispute as the trips page shows it. */
  public record DisputeLine(
      long id, String requestId, String state, String reason, String answer) {}

  private RiderStatement statement(WebRequest r) {
    String page = r.ctx().queryParam("page");
    Optional<StatementCursor> after = Optional.empty();
    if (page != null && !page.isBlank()) {
      try {
        after = Optional.of(StatementCursor.parse(page));
      } catch (IllegalArgumentException e) {
        after = Optional.empty();
      }
    }
    return self.statement(rider(r), after);
  }

  private void walletPage(WebRequest r, Map<String, String> errors, String notice, int status) {
    Pseudonym rider = rider(r);
    Optional<WalletView> wallet = self.wallet(rider);
    RiderStatement st = statement(r);
    List<MoneyLine> lines = new ArrayList<>();
    for (StatementItem item : st.items()) {
      switch (item) {
        case StatementItem.TopUp t ->
            lines.add(
                new MoneyLine(
                    Shown.time(t.at(), zone),
                    t.credited()
                        ? r.t("rider.wallet.topup")
                        : r.t("rider.wallet.declined", t.declineReason().orElse("")),
                    Shown.money(t.amount()),
                    t.balanceAfter().map(Shown::money).orElse("—"),
                    t.credited()));
        case StatementItem.Adjusted a ->
            lines.add(
                new MoneyLine(
                    Shown.time(a.at(), zone),
                    r.t("rider.wallet.adjusted." + a.kind().name().toLowerCase(Locale.ROOT))
                        + " — "
                        + a.reason(),
                    Shown.money(a.amount()),
                    Shown.money(a.balanceAfter()),
                    true));
        case StatementItem.Trip t ->
            lines.add(
                new MoneyLine(
                    Shown.time(t.at(), zone),
                    r.t("rider.wallet.trip", station(t)),
                    Shown.money(t.amount().negate()),
                    Shown.money(t.balanceAfter()),
                    t.charged()));
      }
    }
    r.render(
        status,
        "rider/wallet.jte",
        Map.of(
            "balance", wallet.map(w -> Shown.money(w.balance())).orElse("—"),
            "lines", lines,
            "next", st.next().map(StatementCursor::token).orElse(""),
            "errors", errors,
            "notice", notice,
            "key", newKey(),
            "amount", r.form("amount")));
  }

  private String station(StatementItem.Trip t) {
    return t.station(self.network()).map(s -> s.name()).orElse(t.gateId());
  }

  private String newKey() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private void topUp(WebRequest r) {
    Pseudonym rider = rider(r);
    String card = r.form("card");
    String key = r.form("key");
    Map<String, String> errors = new LinkedHashMap<>();
    if (!List.of(SandboxPaymentProvider.APPROVE, SandboxPaymentProvider.DECLINE).contains(card)) {
      errors.put("card", r.t("rider.wallet.card.required"));
    }
    if (!key.matches("[0-9a-f]{24}")) {
      errors.put("form", r.t("rider.wallet.expired"));
    }
    if (errors.isEmpty()) {
      try {
        TopUpResult result = self.topUp(rider, r.form("amount"), card, key);
        switch (result) {
          case TopUpResult.Credited c -> {
            r.redirect("/rider/wallet?topped=" + c.amount().minor());
            return;
          }
          case TopUpResult.Declined d ->
              errors.put("form", r.t("rider.wallet.declined", d.reason()));
          case TopUpResult.Pending p -> errors.put("form", r.t("rider.wallet.pending"));
        }
      } catch (IllegalArgumentException e) {
        errors.put("amount", r.t("rider.wallet.amount.bad", e.getMessage()));
      }
    }
    walletPage(r, errors, "", 422);
  }

  private void tripsPage(WebRequest r, Map<String, String> errors, String notice, int status) {
    Pseudonym rider = rider(r);
    RiderStatement st = statement(r);
    List<Dispute> disputes = self.disputes(rider);
    java.util.Set<String> disputed = new java.util.HashSet<>();
    List<DisputeLine> disputeLines = new ArrayList<>();
    for (Dispute d : disputes) {
      disputed.add(d.trip().requestId());
      disputeLines.add(
          new DisputeLine(
              d.id(),
              d.trip().requestId(),
              r.t("rider.trips.dispute.state." + d.state().name().toLowerCase(Locale.ROOT)),
              d.reason(),
              d.decision()
                  .map(
                      x ->
                          x.refunded()
                              .map(m -> r.t("rider.trips.dispute.refunded", Shown.money(m)))
                              .orElse(x.reason().orElse("")))
                  .orElse("")));
    }
    List<TripLine> trips = new ArrayList<>();
    for (StatementItem item : st.items()) {
      if (item instanceof StatementItem.Trip t) {
        trips.add(
            new TripLine(
                t.requestId(),
                Shown.time(t.at(), zone),
                station(t),
                t.gateId(),
                Shown.money(t.amount()),
                Shown.money(t.balanceAfter()),
                t.explanation(),
                t.quote().policyVersion(),
                t.denial(),
                t.charged() && !t.amount().isZero() && !disputed.contains(t.requestId())));
      }
    }
    r.render(
        status,
        "rider/trips.jte",
        Map.of(
            "trips", trips,
            "disputes", disputeLines,
            "next", st.next().map(StatementCursor::token).orElse(""),
            "errors", errors,
            "notice", notice));
  }

  private void dispute(WebRequest r) {
    String request = r.form("request");
    String reason = r.form("reason");
    Map<String, String> errors = new LinkedHashMap<>();
    if (reason.isEmpty()) {
      errors.put("reason-" + request, r.t("rider.trips.dispute.reason.required"));
    } else if (reason.length() > Dispute.MAX_REASON) {
      errors.put("reason-" + request, r.t("rider.trips.dispute.reason.long", Dispute.MAX_REASON));
    }
    if (errors.isEmpty()) {
      try {
        self.dispute(rider(r), request, reason);
        tripsPage(r, Map.of(), r.t("rider.trips.dispute.opened"), 200);
        return;
      } catch (DisputeException | IllegalArgumentException e) {
        errors.put("form", r.t("rider.trips.dispute.refused", e.getMessage()));
      }
    }
    tripsPage(r, errors, "", 422);
  }

  // --- matches -------------------------------------------------------------------------------

  /** A match as the matches page shows it. */
  public record MatchLine(
      long index,
      String time,
      String station,
      String gate,
      String decision,
      String requestId,
      String leaf,
      String path,
      long treeSize,
      String root,
      String headTime,
      String signature,
      boolean serverVerified,
      String serverCheck) {}

  private void matches(WebRequest r) {
    List<MatchLine> lines = new ArrayList<>();
    for (MatchProof m : self.matches(rider(r))) {
      lines.add(
          new MatchLine(
              m.index(),
              m.time().map(t -> Shown.time(t, zone)).orElse("—"),
              m.station().orElse("—"),
              m.gate().orElse("—"),
              m.decision().orElse("—"),
              m.requestId().orElse("—"),
              m.leafHex(),
              String.join(",", m.pathHex()),
              m.head().size(),
              m.head().rootHex(),
              Shown.time(m.head().timestamp(), zone),
              m.head().signatureHex(),
              m.verifiedByServer(),
              String.join("; ", m.serverCheck())));
    }
    r.render("rider/matches.jte", Map.of("matches", lines));
  }

  // --- face pay ------------------------------------------------------------------------------

  private void facePage(WebRequest r, String error, int status) {
    Pseudonym rider = rider(r);
    List<String> consents = new ArrayList<>();
    for (var c : self.consents(rider)) {
      consents.add(
          r.t(
              "rider.face.consent",
              c.version(),
              Shown.time(c.givenAt(), zone),
              c.withdrawnAt().map(w -> Shown.time(w, zone)).orElse("—")));
    }
    r.render(
        status,
        "rider/face.jte",
        Map.of("state", state(rider), "consents", consents, "error", error));
  }

  private void faceAction(WebRequest r, String action) {
    Pseudonym rider = rider(r);
    try {
      if (action.equals("pause")) {
        self.pause(rider);
      } else {
        self.resume(rider);
      }
    } catch (IllegalStateException e) {
      facePage(r, r.t("rider.face." + action + ".refused"), 409);
      return;
    }
    r.redirect("/rider/face");
  }

  private void erase(WebRequest r) {
    Pseudonym rider = rider(r);
    if (!"yes".equals(r.form("confirm"))) {
      facePage(r, r.t("rider.face.erase.confirm.required"), 422);
      return;
    }
    if (self.facePay(rider).isEmpty()) {
      facePage(r, r.t("rider.face.erase.none"), 409);
      return;
    }
    EraseReceipt receipt = self.erase(rider);
    r.render("rider/erased.jte", Map.of("receipt", receiptFacts(receipt)));
  }

  /** An erase receipt's fields and signature, as the page shows them. */
  private Map<String, String> receiptFacts(EraseReceipt receipt) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("id", receipt.receiptId());
    facts.put("pseudonym", receipt.rider().value());
    facts.put("erasedAt", Shown.time(receipt.erasedAt(), zone));
    facts.put("galleries", Integer.toString(receipt.galleriesCleared()));
    facts.put("signature", HexFormat.of().formatHex(receipt.signature()));
    facts.put("valid", Boolean.toString(receipt.verifies(self.receiptKey())));
    return facts;
  }

  // --- data export ---------------------------------------------------------------------------

  private void export(WebRequest r) {
    var account = r.account();
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("id", account.id().toString());
    section.put("email", account.email());
    section.put("role", account.role().name());
    section.put("createdAt", account.createdAt().toString());
    byte[] doc = self.export(rider(r), section);
    r.ctx()
        .contentType("application/json")
        .header("Content-Disposition", "attachment; filename=\"facefare-my-data.json\"")
        .result(doc);
  }

  // --- account deletion ----------------------------------------------------------------------

  private void deletePage(WebRequest r, String error, int status) {
    r.render(status, "rider/delete.jte", Map.of("error", error));
  }

  private void delete(WebRequest r) {
    if (!"yes".equals(r.form("confirm"))) {
      deletePage(r, r.t("rider.delete.confirm.required"), 422);
      return;
    }
    String password = r.ctx().formParam("password");
    if (r.web().accounts().authenticate(r.account().email(), password).isEmpty()) {
      deletePage(r, r.t("rider.delete.password.wrong"), 401);
      return;
    }
    Pseudonym rider = rider(r);
    Optional<Map<String, String>> receipt = Optional.empty();
    if (self.facePay(rider).isPresent()) {
      receipt = Optional.of(receiptFacts(self.erase(rider)));
    }
    r.web().accounts().delete(r.account().id());
    r.ctx().req().getSession().invalidate();
    r.render("rider/deleted.jte", Map.of("receipt", receipt));
  }

  // --- try a gate ----------------------------------------------------------------------------

  private void gatePage(WebRequest r) {
    Pseudonym rider = rider(r);
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (String o : GATE_OUTCOMES) {
      outcomes.put(o, r.t("rider.gate.outcome." + o.toLowerCase(Locale.ROOT)));
    }
    for (String s : List.of("CLOSED", "OPEN", "PASSED")) {
      outcomes.put("turnstile." + s, r.t("rider.gate.turnstile." + s.toLowerCase(Locale.ROOT)));
    }
    for (Advice a : Advice.values()) {
      outcomes.put("advice." + a.name(), r.t(a.messageKey()));
    }
    for (String k : List.of("looking", "camera", "fare", "sending")) {
      outcomes.put(k, r.t("rider.gate." + k));
    }
    try {
      r.render(
          "rider/gate.jte",
          Map.of(
              "gates",
              gates.choices(),
              "state",
              state(rider),
              "balance",
              self.wallet(rider).map(w -> Shown.money(w.balance())).orElse("—"),
              "texts",
              JSON.writeValueAsString(outcomes)));
    } catch (IOException e) {
      throw new IllegalStateException("texts are plain strings", e);
    }
  }

  /** Every outcome a browser gate can show. */
  static final List<String> GATE_OUTCOMES =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of("OPEN", "UNAVAILABLE"),
              java.util.Arrays.stream(org.facefare.gate.protocol.DenyReason.values())
                  .map(Enum::name))
          .toList();

  private void gateFrame(WebRequest r) throws IOException {
    byte[] frame = body(r);
    if (frame == null) {
      return;
    }
    gateAnswer(r, () -> gates.frame(r.ctx().queryParam("gate"), frame));
  }

  private void gatePassage(WebRequest r) throws IOException {
    gateAnswer(r, () -> gates.passage(r.ctx().queryParam("gate")));
  }

  private void gateAnswer(WebRequest r, java.util.function.Supplier<GateView> step)
      throws IOException {
    GateView view;
    try {
      view = step.get();
    } catch (BrowserGates.GateTakenException e) {
      json(r, 409, Map.of("error", r.t("rider.gate.taken")));
      return;
    } catch (IllegalArgumentException | NullPointerException e) {
      json(r, 400, Map.of("error", r.t("rider.gate.unknown")));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("gate", view.gateId());
    out.put("station", view.station());
    out.put("turnstile", view.turnstile().name());
    out.put(
        "turnstileText",
        r.t("rider.gate.turnstile." + view.turnstile().name().toLowerCase(Locale.ROOT)));
    // A usable face needs no advice at a gate: the decision on it follows.
    view.advice()
        .filter(a -> a != Advice.READY)
        .ifPresent(a -> out.put("advice", r.t(a.messageKey())));
    view.decision()
        .ifPresent(
            d -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("outcome", d.outcome());
              m.put("text", r.t(d.messageKey()));
              m.put("display", d.displayText());
              m.put("open", d.open());
              m.put("fare", d.open() ? Shown.money(d.fareMinor(), d.currency()) : "");
              m.put("rules", d.explanation());
              m.put("latencyMs", d.latencyMillis());
              out.put("decision", m);
            });
    json(r, 200, out);
  }

  // --- plumbing ------------------------------------------------------------------------------

  /** The request's body as one image, or null after answering why it is refused. */
  private byte[] body(WebRequest r) throws IOException {
    byte[] frame = r.ctx().bodyAsBytes();
    if (frame.length == 0) {
      json(r, 400, Map.of("error", r.t("rider.enrol.advice.not_an_image")));
      return null;
    }
    if (frame.length > MAX_FRAME_BYTES) {
      json(r, 413, Map.of("error", r.t("rider.enrol.too_large", MAX_FRAME_BYTES / (1024 * 1024))));
      return null;
    }
    return frame;
  }

  private static boolean wantsJson(WebRequest r) {
    String accept = r.ctx().header("Accept");
    return accept != null && accept.contains("application/json");
  }

  private static void json(WebRequest r, int status, Object body) throws IOException {
    r.ctx().status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
  }
}

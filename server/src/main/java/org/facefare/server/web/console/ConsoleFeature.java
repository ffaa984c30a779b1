package org.facefare.server.web.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.facefare.fares.dispute.Dispute;
import org.facefare.fares.dispute.DisputeException;
import org.facefare.fares.engine.ServiceCalendar;
import org.facefare.fares.network.Line;
import org.facefare.fares.network.Network;
import org.facefare.fares.network.Station;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.ProofException;
import org.facefare.privacy.log.TreeHead;
import org.facefare.server.live.LiveStatistics;
import org.facefare.server.staff.StaffRiderView;
import org.facefare.server.web.Access;
import org.facefare.server.web.WebFeature;
import org.facefare.server.web.WebRequest;
import org.facefare.server.web.WebRoutes;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * The operator console: the network with each gate's live state, live charts, the fare policy, the
 * disputes queue, the gate-key register and the transparency log's signed tree head.
 *
 * <p>Every page is open to staff (operators and auditors); only operators get the forms that change
 * anything, and every such route is {@link Access#OPERATOR}, so an auditor's session is refused
 * even if it posts by hand. The console shows aggregates and the one disputed trip of a dispute,
 * never a rider's pseudonym or other trips. Form posts answer with Post/Redirect/Get and a notice
 * kept in the session for the next page; a refused input re-renders the page with the reason and
 * changes nothing. The one view of a single rider is the operator's lookup by pseudonym with a
 * stated reason, through {@link StaffRiderView}, which logs the access before reading. The live
 * page's charts are fed by server-sent events pushed once a second from one scheduler thread.
 */
public final class ConsoleFeature implements WebFeature {

  /** How many open disputes one page of the queue shows. */
  static final int QUEUE_PAGE = 200;

  /** How often the live page is sent the window. */
  static final Duration PUSH = Duration.ofSeconds(1);

  private static final String NOTICE = "console.notice";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScheduledExecutorService pushes =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("console-live-push").unstarted(r));

  /** The console. */
  public ConsoleFeature() {}

  @Override
  public void register(WebRoutes routes) {
    routes.get("/console", Access.STAFF, r -> r.redirect("/console/network"));
    routes.get("/console/network", Access.STAFF, this::network);
    routes.get("/console/network/stations/{id}", Access.STAFF, this::station);
    routes.get("/console/live", Access.STAFF, this::live);
    routes.sse("/console/live/events", Access.STAFF, this::events);
    routes.get("/console/fares", Access.STAFF, this::fares);
    routes.get("/console/disputes", Access.STAFF, r -> disputes(r, 200, Optional.empty()));
    routes.post("/console/disputes/{id}/approve", Access.OPERATOR, this::approve);
    routes.post("/console/disputes/{id}/reject", Access.OPERATOR, this::reject);
    routes.get("/console/gates", Access.STAFF, r -> gates(r, 200, Map.of(), Map.of()));
    routes.post("/console/gates/register", Access.OPERATOR, this::register);
    routes.post("/console/gates/rotate", Access.OPERATOR, this::rotate);
    routes.post("/console/gates/revoke", Access.OPERATOR, this::revoke);
    routes.get("/console/log", Access.STAFF, this::log);
    routes.get(
        "/console/lookup", Access.OPERATOR, r -> lookupForm(r, 200, Optional.empty(), "", ""));
    routes.post("/console/lookup", Access.OPERATOR, this::lookUp);
  }

  private static FaceFareSystem system(WebRequest r) {
    return r.web().system();
  }

  private void network(WebRequest r) {
    Network network = system(r).network();
    List<LiveStatistics.GateStatus> gates = system(r).live().gates();
    long heard = gates.stream().filter(g -> g.lastSeen().isPresent()).count();
    Map<String, Integer> stationsPerLine = new LinkedHashMap<>();
    Map<String, Integer> gatesPerStation = new LinkedHashMap<>();
    for (Line l : network.lines()) {
      stationsPerLine.put(l.id(), network.stationsOf(l.id()).size());
    }
    for (LiveStatistics.GateStatus g : gates) {
      gatesPerStation.merge(g.stationId(), 1, Integer::sum);
    }
    r.render(
        "console/network.jte",
        Map.of(
            "network", network,
            "map", NetworkMap.of(network),
            "stationsPerLine", stationsPerLine,
            "gatesPerStation", gatesPerStation,
            "heard", heard));
  }

  private void station(WebRequest r) {
    Network network = system(r).network();
    String id = r.ctx().pathParam("id");
    Optional<Station> station = network.station(id);
    if (station.isEmpty()) {
      r.error(404, "console.station.unknown", id);
      return;
    }
    List<LiveStatistics.GateStatus> gates =
        system(r).live().gates().stream().filter(g -> g.stationId().equals(id)).toList();
    r.render(
        "console/station.jte",
        Map.of(
            "station", station.get(),
            "line", network.line(station.get().line()).orElseThrow(),
            "gates", gates,
            "zone", network.timeZone()));
  }

  private void live(WebRequest r) throws JsonProcessingException {
    Network network = system(r).network();
    String stationId = r.ctx().queryParam("station");
    Optional<Station> station = Optional.empty();
    if (stationId != null && !stationId.isBlank()) {
      station = network.station(stationId);
      if (station.isEmpty()) {
        r.error(404, "console.station.unknown", stationId);
        return;
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("passages", r.t("console.live.seriesPassages"));
    labels.put("opened", r.t("console.live.seriesOpened"));
    labels.put("p50", r.t("console.live.seriesP50"));
    labels.put("p99", r.t("console.live.seriesP99"));
    labels.put("connected", r.t("console.live.connected"));
    labels.put("reconnecting", r.t("console.live.reconnecting"));
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (String name : LiveStatistics.OUTCOMES) {
      outcomes.put(name, r.t("console.outcome." + name));
    }
    String events =
        "/console/live/events"
            + station
                .map(
                    s ->
                        "?station="
                            + java.net.URLEncoder.encode(
                                s.id(), java.nio.charset.StandardCharsets.UTF_8))
                .orElse("");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("station", station);
    params.put("events", events);
    params.put("labels", JSON.writeValueAsString(labels));
    params.put("outcomeLabels", JSON.writeValueAsString(outcomes));
    params.put("settings", system(r).live().settings());
    r.render("console/live.jte", params);
  }

  @Override
  public void close() {
    pushes.shutdownNow();
  }

  private void events(WebRequest r, SseClient client) {
    LiveStatistics live = system(r).live();
    String stationId = r.ctx().queryParam("station");
    boolean network = stationId == null || stationId.isBlank();
    if (!network && live.station(stationId).isEmpty()) {
      client.close();
      return;
    }
    client.keepAlive();
    Runnable push =
        () -> {
          if (client.terminated()) {
            return;
          }
          LiveStatistics.Snapshot s =
              network ? live.network() : live.station(stationId).orElseThrow();
          try {
            client.sendEvent("live", JSON.writeValueAsString(LiveJson.of(s)));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("the live window cannot be written as JSON", e);
          }
        };
    ScheduledFuture<?> task =
        pushes.scheduleAtFixedRate(push, 0, PUSH.toMillis(), TimeUnit.MILLISECONDS);
    client.onClose(() -> task.cancel(false));
  }

  private void fares(WebRequest r) {
    FaceFareSystem system = system(r);
    ServiceCalendar calendar =
        new ServiceCalendar(system.network().timeZone(), system.policy().serviceDayStart());
    r.render(
        "console/fares.jte",
        Map.of("policy", PolicyView.of(system.policy(), calendar, r.web().clock().instant())));
  }

  private void disputes(WebRequest r, int status, Optional<String> error) {
    List<Dispute> queue = system(r).disputes().queue(QUEUE_PAGE);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("queue", queue);
    params.put("zone", system(r).network().timeZone());
    params.put("notice", notice(r));
    params.put("error", error);
    r.render(status, "console/disputes.jte", params);
  }

  private void approve(WebRequest r) {
    decide(r, true);
  }

  private void reject(WebRequest r) {
    decide(r, false);
  }

  private void decide(WebRequest r, boolean approve) {
    long id;
    try {
      id = Long.parseLong(r.ctx().pathParam("id"));
    } catch (NumberFormatException e) {
      disputes(r, 400, Optional.of(r.t("console.disputes.error.number")));
      return;
    }
    String staff = r.account().id().toString();
    try {
      if (approve) {
        Dispute d = system(r).disputes().approve(id, staff);
        Object refunded = d.decision().flatMap(Dispute.Decision::refunded).orElseThrow();
        flash(r, r.t("console.disputes.approved", id, refunded.toString()));
      } else {
        String reason = r.form("reason");
        if (reason.isEmpty() || reason.length() > Dispute.MAX_REASON) {
          disputes(r, 422, Optional.of(r.t("console.disputes.error.reason")));
          return;
        }
        system(r).disputes().reject(id, staff, reason);
        flash(r, r.t("console.disputes.rejected", id));
      }
    } catch (DisputeException e) {
      String key =
          switch (e.reason()) {
            case UNKNOWN_DISPUTE, ALREADY_DECIDED, ALREADY_REFUNDED, UNKNOWN_TRIP, STORAGE ->
                "console.disputes.error." + e.reason().name();
            default -> "console.disputes.error.STORAGE";
          };
      disputes(
          r,
          e.reason() == DisputeException.Reason.UNKNOWN_DISPUTE ? 404 : 409,
          Optional.of(r.t(key)));
      return;
    }
    r.redirect("/console/disputes");
  }

  private void gates(
      WebRequest r, int status, Map<String, String> errors, Map<String, String> values) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("rows", GateKeyRows.of(system(r).network(), system(r).gateKeys()));
    params.put("notice", notice(r));
    params.put("errors", errors);
    params.put("values", values);
    r.render(status, "console/gates.jte", params);
  }

  /** Runs one gate-key change, re-rendering the page with the reason if the input is refused. */
  private void gateChange(WebRequest r, String form, GateChange change) {
    Map<String, String> values = Map.of(form + ".gate", r.form("gate"));
    try {
      flash(r, change.apply(r));
    } catch (ConsoleInputException e) {
      gates(r, 422, Map.of(form, r.t(e.key(), e.args())), values);
      return;
    }
    r.redirect("/console/gates");
  }

  @FunctionalInterface
  private interface GateChange {
    String apply(WebRequest r);
  }

  private void register(WebRequest r) {
    gateChange(
        r,
        "register",
        q -> {
          String gate = GateKeyInput.gate(system(q).network(), q.form("gate"));
          PublicKey key = GateKeyInput.key(q.form("key"));
          try {
            system(q).gateKeys().register(gate, key);
          } catch (IllegalArgumentException e) {
            throw new ConsoleInputException("console.gates.error.registered", gate);
          }
          return q.t("console.gates.done.register", gate);
        });
  }

  private void rotate(WebRequest r) {
    gateChange(
        r,
        "rotate",
        q -> {
          String gate = GateKeyInput.gate(system(q).network(), q.form("gate"));
          PublicKey key = GateKeyInput.key(q.form("key"));
          Duration overlap = GateKeyInput.overlap(q.form("overlap"));
          List<PublicKey> current = system(q).gateKeys().keysOf(gate);
          if (current.isEmpty()) {
            throw new ConsoleInputException("console.gates.error.notRegistered", gate);
          }
          if (current.getFirst().equals(key)) {
            throw new ConsoleInputException("console.gates.error.sameKey", gate);
          }
          try {
            system(q).gateKeys().rotate(gate, key, overlap);
          } catch (IllegalArgumentException e) {
            throw new ConsoleInputException("console.gates.error.notRegistered", gate);
          }
          return q.t("console.gates.done.rotate", gate);
        });
  }

  private void revoke(WebRequest r) {
    gateChange(
        r,
        "revoke",
        q -> {
          String gate = GateKeyInput.gate(system(q).network(), q.form("gate"));
          if (!system(q).gateKeys().revoke(gate)) {
            throw new ConsoleInputException("console.gates.error.notRegistered", gate);
          }
          return q.t("console.gates.done.revoke", gate);
        });
  }

  private void log(WebRequest r) {
    var log = system(r).log();
    Optional<TreeHead> head = log.latestHead();
    boolean valid = false;
    if (head.isPresent()) {
      try {
        head.get().verify(log.verifyingKey());
        valid = true;
      } catch (ProofException e) {
        valid = false;
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("head", head);
    params.put("valid", valid);
    params.put("key", log.verifyingKey().encoded());
    params.put("zone", system(r).network().timeZone());
    r.render("console/log.jte", params);
  }

  private void lookupForm(
      WebRequest r, int status, Optional<String> error, String rider, String reason) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("error", error);
    params.put("rider", rider);
    params.put("reason", reason);
    params.put("minReason", LogEntry.StaffAccess.MIN_REASON);
    params.put("maxReason", LogEntry.StaffAccess.MAX_REASON);
    r.render(status, "console/lookup.jte", params);
  }

  /**
   * A staff lookup of one rider by pseudonym with a stated reason, through {@link StaffRiderView}
   * only: the access is logged to the transparency log (the rider sees it) before anything is read.
   */
  private void lookUp(WebRequest r) {
    String rider = r.form("rider");
    String reason = r.form("reason");
    Pseudonym pseudonym;
    try {
      pseudonym = new Pseudonym(rider);
    } catch (IllegalArgumentException e) {
      lookupForm(r, 422, Optional.of(r.t("console.lookup.error.rider")), rider, reason);
      return;
    }
    if (reason.length() < LogEntry.StaffAccess.MIN_REASON
        || reason.length() > LogEntry.StaffAccess.MAX_REASON) {
      lookupForm(
          r,
          422,
          Optional.of(
              r.t(
                  "console.lookup.error.reason",
                  LogEntry.StaffAccess.MIN_REASON,
                  LogEntry.StaffAccess.MAX_REASON)),
          rider,
          reason);
      return;
    }
    StaffRiderView.RiderFile file =
        new StaffRiderView(system(r))
            .lookUp(r.account().id().toString(), pseudonym, reason, Optional.empty());
    java.time.ZoneId zone = system(r).network().timeZone();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("file", file);
    params.put("reason", reason);
    params.put("zone", zone);
    params.put(
        "rows",
        file.statement()
            .map(s -> s.items().stream().map(i -> LookupRow.of(i, zone)).toList())
            .orElse(List.of()));
    r.render("console/lookup-result.jte", params);
  }

  private static void flash(WebRequest r, String text) {
    r.ctx().sessionAttribute(NOTICE, text);
  }

  private static Optional<String> notice(WebRequest r) {
    return Optional.ofNullable(r.ctx().consumeSessionAttribute(NOTICE));
  }
}

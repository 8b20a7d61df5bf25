package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CarriedNote;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * A resident's request to correct an entry, stored as a FHIR Task in their passport, shaped after the HL7 FHIR
 * "Patient Request for Corrections" implementation guide (Task code {@code medRecCxReq}, intent {@code order}, the
 * guide's business statuses): focus the entry, for and requester the Patient, owner the entry's author, description
 * the resident's words; the disputed story section, if any, and the assertion the entry had before, as inputs; the
 * author's formal answer as an output of type {@code medRecCxReqResolution}. After a decline, the resident's
 * disagreement is a second Task ({@code medRecCxDenialDisagree}, reasonReference the request), which then travels
 * with every disclosure of the entry in place of the open request. Open request: status ready or in-progress.
 */
public final class Disputes {
    /** The code earlier disputes carried (still recognised). */
    public static final String TASK_CODES = "http://hl7.org/fhir/CodeSystem/task-code";
    public static final String CHANGE = "change";
    public static final String REQUEST = "medRecCxReq";
    public static final String DISAGREEMENT = "medRecCxDenialDisagree";
    public static final String RESOLUTION = "medRecCxReqResolution";
    public static final String INPUT_ANCHOR = "disputed-section";
    public static final String INPUT_PRIOR = "assertion-before";
    private static final Set<String> OPEN = Set.of("draft", "requested", "received", "accepted", "ready", "in-progress",
            "on-hold");

    private Disputes() {
    }

    /** The guide's business statuses, with the Task status each goes with. */
    public enum Stage {
        QUEUED("queued", "Queued", "ready"),
        IN_REVIEW("in-review", "In-Review", "in-progress"),
        WAITING_FOR_INFORMATION("waiting-for-information", "Waiting For Info", "in-progress"),
        REQUESTER_CANCELLED("requester-cancelled", "Cancelled", "cancelled"),
        PARTIAL_ACCEPT("partial-accept", "Partial Acceptance", "completed"),
        AMENDMENT_COMPLETED("amendment-completed", "Amendment Completed", "completed"),
        DENIED("denied", "Denied", "completed"),
        DISAGREEMENT_LOGGED("disagreement-logged", "Disagreement Logged", "completed");

        public final String code;
        public final String display;
        public final String taskStatus;

        Stage(String code, String display, String taskStatus) {
            this.code = code;
            this.display = display;
            this.taskStatus = taskStatus;
        }

        public static Optional<Stage> fromCode(String code) {
            for (Stage s : values()) {
                if (s.code.equals(code)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What travels with each disputed entry: "Type/id" of the entry, to anchor ("" for the resource, or a Composition
     * section path), to the carried notes (open requests by id; disagreements by the declined request's id and the
     * resident's statement, from an unsealed snapshot). One pass over the snapshot; no other read.
     */
    public static Map<String, Map<String, List<String>>> openByResource(PassportSnapshot snapshot) {
        Map<String, Map<String, List<String>>> out = null;
        for (PassportSnapshot.Resource r : snapshot.resources()) {
            if (!r.type().equals("Task")) {
                continue;
            }
            JsonNode t = r.tree();
            String carried;
            if (isDispute(t) && isOpen(t)) {
                carried = CarriedNote.openDispute(r.id()).encode();
            } else if (isDisagreement(t) && !"cancelled".equals(t.path("status").asText())) {
                carried = CarriedNote.disagreement(requestOf(t), t.path("description").asText("")).encode();
            } else {
                continue;
            }
            if (out == null) {
                out = new HashMap<>();
            }
            out.computeIfAbsent(focus(t), k -> new HashMap<>()).computeIfAbsent(anchor(t), k -> new ArrayList<>())
                    .add(carried);
        }
        return out == null ? Map.of() : out;
    }

    /** A correction request (or a dispute from before the guide's codes). */
    public static boolean isDispute(JsonNode task) {
        return isTask(task)
                && (hasCode(task, CodeSystems.CORRECTION_TASK_TYPES, REQUEST) || hasCode(task, TASK_CODES, CHANGE));
    }

    /** The resident's disagreement with a declined request. */
    public static boolean isDisagreement(JsonNode task) {
        return isTask(task) && hasCode(task, CodeSystems.CORRECTION_TASK_TYPES, DISAGREEMENT);
    }

    private static boolean isTask(JsonNode task) {
        return "Task".equals(task.path("resourceType").asText()) && !focus(task).isEmpty();
    }

    private static boolean hasCode(JsonNode task, String system, String code) {
        for (JsonNode c : task.path("code").path("coding")) {
            if (system.equals(c.path("system").asText()) && code.equals(c.path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isOpen(JsonNode task) {
        return OPEN.contains(task.path("status").asText());
    }

    public static Optional<Stage> stage(JsonNode task) {
        for (JsonNode c : task.path("businessStatus").path("coding")) {
            if (CodeSystems.CORRECTION_BUSINESS_STATUS.equals(c.path("system").asText())) {
                return Stage.fromCode(c.path("code").asText());
            }
        }
        return Optional.empty();
    }

    public static String focus(JsonNode task) {
        return task.path("focus").path("reference").asText("");
    }

    /** The request a disagreement is about: its id. */
    public static String requestOf(JsonNode disagreement) {
        String ref = disagreement.path("reasonReference").path("reference").asText("");
        return ref.startsWith("Task/") ? ref.substring(5) : ref;
    }

    public static String anchor(JsonNode task) {
        return input(task, INPUT_ANCHOR).map(s -> "Composition.section[" + s + "]").orElse("");
    }

    public static Optional<String> section(JsonNode task) {
        return input(task, INPUT_ANCHOR);
    }

    public static Optional<String> input(JsonNode task, String name) {
        for (JsonNode in : task.path("input")) {
            if (name.equals(in.path("type").path("text").asText())) {
                return Optional.of(in.path("valueString").asText());
            }
        }
        return Optional.empty();
    }

    /** A new correction request, queued for the entry's author. */
    public static ObjectNode task(String id, String residentId, String entry, Optional<String> section,
            Optional<String> author, String reason, String priorAssertion, Instant at) {
        ObjectNode t = base(id, residentId, entry, section, author, REQUEST,
                "Correction request by the Patient or RelatedPerson", reason, at);
        addInput((ArrayNode) t.get("input"), INPUT_PRIOR, priorAssertion);
        return t;
    }

    /** The resident's disagreement with a declined request: logged at once, and travelling with the entry. */
    public static ObjectNode disagreement(String id, JsonNode request, String statement, Instant at) {
        String residentId = request.path("for").path("reference").asText().substring("Patient/".length());
        Optional<String> owner = Optional.of(request.path("owner").path("reference").asText(""))
                .filter(s -> !s.isEmpty());
        ObjectNode t = base(id, residentId, focus(request), section(request), owner, DISAGREEMENT,
                "Disagreement by the Patient or RelatedPerson regarding a denied requested correction.", statement, at);
        t.putObject("reasonReference").put("reference", "Task/" + request.path("id").asText());
        move(t, Stage.DISAGREEMENT_LOGGED, at);
        return t;
    }

    private static ObjectNode base(String id, String residentId, String entry, Optional<String> section,
            Optional<String> author, String code, String display, String words, Instant at) {
        ObjectNode t = Fhir.json().createObjectNode();
        t.put("resourceType", "Task");
        t.put("id", id);
        ObjectNode tag = t.putObject("meta").putArray("tag").addObject();
        tag.put("system", CodeSystems.ORIGIN);
        tag.put("code", "resident-entered");
        t.put("status", Stage.QUEUED.taskStatus);
        setStage(t, Stage.QUEUED);
        t.put("intent", "order");
        t.putObject("code").putArray("coding").addObject().put("system", CodeSystems.CORRECTION_TASK_TYPES)
                .put("code", code).put("display", display);
        t.put("description", words);
        t.putObject("focus").put("reference", entry);
        t.putObject("for").put("reference", "Patient/" + residentId);
        t.put("authoredOn", at.toString());
        t.put("lastModified", at.toString());
        t.putObject("requester").put("reference", "Patient/" + residentId);
        author.ifPresent(a -> t.putObject("owner").put("reference", a));
        ArrayNode input = t.putArray("input");
        section.ifPresent(s -> addInput(input, INPUT_ANCHOR, s));
        return t;
    }

    /** Moves a request to a stage of the guide's workflow (status and business status together). */
    public static void move(ObjectNode task, Stage stage, Instant at) {
        task.put("status", stage.taskStatus);
        setStage(task, stage);
        task.put("lastModified", at.toString());
    }

    private static void setStage(ObjectNode task, Stage stage) {
        ObjectNode bs = task.putObject("businessStatus");
        bs.putArray("coding").addObject().put("system", CodeSystems.CORRECTION_BUSINESS_STATUS).put("code", stage.code)
                .put("display", stage.display);
    }

    /** The author's formal answer (the guide's resolution output). */
    public static void answer(ObjectNode task, String words) {
        ArrayNode out = task.has("output") ? (ArrayNode) task.get("output") : task.putArray("output");
        ObjectNode o = out.addObject();
        o.putObject("type").putArray("coding").addObject().put("system", CodeSystems.CORRECTION_OUTPUT_TYPES)
                .put("code", RESOLUTION).put("display", "Correction request resolution");
        o.put("valueString", words);
    }

    private static void addInput(ArrayNode input, String name, String value) {
        ObjectNode in = input.addObject();
        in.putObject("type").put("text", name);
        in.put("valueString", value);
    }

    /** How a resident closes a request themselves. */
    public enum Closing {
        RESOLVED("resolved"),
        WITHDRAWN("withdrawn");

        public final String code;

        Closing(String code) {
            this.code = code;
        }

        public static Optional<Closing> fromCode(String code) {
            for (Closing c : values()) {
                if (c.code.equals(code)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Closes a request in place at the resident's word: withdrawn is the guide's requester-cancelled; resolved (the
     * resident is satisfied without an amendment) completes it with that as its resolution.
     */
    public static void close(ObjectNode task, Closing how, Instant at) {
        if (how == Closing.WITHDRAWN) {
            move(task, Stage.REQUESTER_CANCELLED, at);
        } else {
            task.put("status", "completed");
            task.put("lastModified", at.toString());
            task.putObject("businessStatus").put("text", "resolved");
            answer(task, "The resident marked this request resolved.");
        }
    }

    /** The status a resident (or the author) sees: open, the guide's business status, or how it was closed. */
    public static String status(JsonNode task) {
        Optional<Stage> s = stage(task);
        if (s.isPresent()) {
            return s.get().code;
        }
        if (isOpen(task)) {
            return "open";
        }
        return task.path("businessStatus").path("text").asText("closed");
    }

    /** What a resident sees of one of their requests. */
    public static View view(JsonNode task) {
        String answer = null;
        for (JsonNode o : task.path("output")) {
            answer = o.path("valueString").asText();
        }
        return new View(task.path("id").asText(), focus(task), section(task).orElse(null),
                isDisagreement(task) ? "disagreement" : "correction-request", isOpen(task), status(task),
                task.path("status").asText(), task.path("description").asText(""), task.path("authoredOn").asText(),
                task.path("lastModified").asText(), isOpen(task) ? null : task.path("lastModified").asText(),
                task.path("owner").has("reference") ? task.path("owner").path("reference").asText() : null, answer,
                isDisagreement(task) ? requestOf(task) : null, null, null, null);
    }

    /**
     * A correction request or a statement of disagreement as the resident and the author read it: the entry, where it
     * stands in the guide's words, when, and (on one request) the messages about it; after an acceptance, the entry's
     * new version and the provenance of the change.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record View(String id, String entry, @io.micronaut.core.annotation.Nullable String section, String kind,
            boolean open, String status, String taskStatus, String reason, String raised, String updated,
            @io.micronaut.core.annotation.Nullable String closed, @io.micronaut.core.annotation.Nullable String author,
            @io.micronaut.core.annotation.Nullable String answer, @io.micronaut.core.annotation.Nullable String request,
            @io.micronaut.core.annotation.Nullable List<Message> messages,
            @io.micronaut.core.annotation.Nullable Long entryVersion,
            @io.micronaut.core.annotation.Nullable String provenance) {

        public View withMessages(List<Message> list) {
            return new View(id, entry, section, kind, open, status, taskStatus, reason, raised, updated, closed, author,
                    answer, request, List.copyOf(list), entryVersion, provenance);
        }

        public View withAmendment(long version, String provenanceRef) {
            return new View(id, entry, section, kind, open, status, taskStatus, reason, raised, updated, closed, author,
                    answer, request, messages, version, provenanceRef);
        }
    }

    /** A message about a request: who sent it, when, and the words. */
    public record Message(String id, String from, String sent, String words) {
    }
}

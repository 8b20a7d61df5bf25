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
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * A resident's dispute of an entry, stored as a FHIR Task in their passport: status requested (open) until resolved
 * (completed) or withdrawn (cancelled); focus the entry, for and requester the Patient, owner the entry's author,
 * description the resident's words; the disputed story section, if any, and the assertion the entry had before, as
 * inputs. The entry itself is never changed by a dispute but for its resident-assertion.
 */
public final class Disputes {
    public static final String TASK_CODES = "http://hl7.org/fhir/CodeSystem/task-code";
    public static final String CHANGE = "change";
    public static final String INPUT_ANCHOR = "disputed-section";
    public static final String INPUT_PRIOR = "assertion-before";
    private static final Set<String> OPEN = Set.of("draft", "requested", "received", "accepted", "ready", "in-progress",
            "on-hold");

    private Disputes() {
    }

    /**
     * The open disputes of a passport: "Type/id" of the disputed entry, to anchor ("" for the resource, or a
     * Composition section path), to the dispute ids. One pass over the snapshot; no other read.
     */
    public static Map<String, Map<String, List<String>>> openByResource(PassportSnapshot snapshot) {
        Map<String, Map<String, List<String>>> out = null;
        for (PassportSnapshot.Resource r : snapshot.resources()) {
            if (!r.type().equals("Task") || !isDispute(r.tree()) || !isOpen(r.tree())) {
                continue;
            }
            if (out == null) {
                out = new HashMap<>();
            }
            out.computeIfAbsent(focus(r.tree()), k -> new HashMap<>())
                    .computeIfAbsent(anchor(r.tree()), k -> new ArrayList<>()).add(r.id());
        }
        return out == null ? Map.of() : out;
    }

    public static boolean isDispute(JsonNode task) {
        if (!"Task".equals(task.path("resourceType").asText()) || focus(task).isEmpty()) {
            return false;
        }
        for (JsonNode c : task.path("code").path("coding")) {
            if (TASK_CODES.equals(c.path("system").asText()) && CHANGE.equals(c.path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isOpen(JsonNode task) {
        return OPEN.contains(task.path("status").asText());
    }

    public static String focus(JsonNode task) {
        return task.path("focus").path("reference").asText("");
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

    /** A new, open dispute. */
    public static ObjectNode task(String id, String residentId, String entry, Optional<String> section,
            Optional<String> author, String reason, String priorAssertion, Instant at) {
        ObjectNode t = Fhir.json().createObjectNode();
        t.put("resourceType", "Task");
        t.put("id", id);
        ObjectNode tag = t.putObject("meta").putArray("tag").addObject();
        tag.put("system", CodeSystems.ORIGIN);
        tag.put("code", "resident-entered");
        t.put("status", "requested");
        t.put("intent", "proposal");
        ObjectNode code = t.putObject("code");
        code.putArray("coding").addObject().put("system", TASK_CODES).put("code", CHANGE).put("display",
                "Change the focal resource");
        code.put("text", "The resident disputes this entry");
        t.put("description", reason);
        t.putObject("focus").put("reference", entry);
        t.putObject("for").put("reference", "Patient/" + residentId);
        t.put("authoredOn", at.toString());
        t.put("lastModified", at.toString());
        t.putObject("requester").put("reference", "Patient/" + residentId);
        author.ifPresent(a -> t.putObject("owner").put("reference", a));
        ArrayNode input = t.putArray("input");
        section.ifPresent(s -> addInput(input, INPUT_ANCHOR, s));
        addInput(input, INPUT_PRIOR, priorAssertion);
        return t;
    }

    private static void addInput(ArrayNode input, String name, String value) {
        ObjectNode in = input.addObject();
        in.putObject("type").put("text", name);
        in.put("valueString", value);
    }

    /** How a resident closes a dispute. */
    public enum Closing {
        RESOLVED("resolved", "completed"),
        WITHDRAWN("withdrawn", "cancelled");

        public final String code;
        final String taskStatus;

        Closing(String code, String taskStatus) {
            this.code = code;
            this.taskStatus = taskStatus;
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

    /** Closes a dispute in place. */
    public static void close(ObjectNode task, Closing how, Instant at) {
        task.put("status", how.taskStatus);
        task.putObject("businessStatus").put("text", how.code);
        task.put("lastModified", at.toString());
    }

    /** What a resident sees of one of their disputes. */
    public static Map<String, Object> view(JsonNode task) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", task.path("id").asText());
        m.put("entry", focus(task));
        section(task).ifPresent(s -> m.put("section", s));
        m.put("status", isOpen(task) ? "open" : task.path("businessStatus").path("text").asText("closed"));
        m.put("reason", task.path("description").asText(""));
        m.put("raised", task.path("authoredOn").asText());
        if (!isOpen(task)) {
            m.put("closed", task.path("lastModified").asText());
        }
        if (task.path("owner").has("reference")) {
            m.put("author", task.path("owner").path("reference").asText());
        }
        return m;
    }
}

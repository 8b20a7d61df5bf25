package org.wellbeingpassport.api.contribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;

/**
 * The resident's side of entries others wrote: what awaits them, confirming one (through the gate: recorded first),
 * and the history of an entry (which keeps every version). Disputing is a correction request ({@code corrections}).
 * Always their own passport: anything else is the one 404.
 */
@Singleton
public final class ResidentEntries {
    static final int MAX_REASON = 2000;

    private final PassportStore store;
    private final SealedElements sealed;
    private final Gate gate;
    private final EntryVersions versions;

    public ResidentEntries(PassportStore store, SealedElements sealed, Gate gate, EntryVersions versions) {
        this.versions = versions;
        this.store = store;
        this.sealed = sealed;
        this.gate = gate;
    }

    /** An entry (or one story section) someone else proposed, and where it stands with the resident. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Item(String type, String id, @io.micronaut.core.annotation.Nullable String section,
            @io.micronaut.core.annotation.Nullable String author,
            @io.micronaut.core.annotation.Nullable String authorName, String when, String status, String summary,
            long version) {
    }

    /** Entries (or story sections) whose resident-assertion is {@code status}, newest first. */
    public List<Item> list(String residentId, ResidentAssertion status) {
        PassportSnapshot snapshot = store.snapshot(residentId).orElseThrow(Problem::notAvailable);
        List<Item> out = new ArrayList<>();
        for (PassportSnapshot.Resource r : snapshot.resources()) {
            if (Entries.NOT_ENTRIES.contains(r.type())) {
                continue;
            }
            ObjectNode tree = r.sealed() ? sealed.unseal(residentId, r.tree()) : r.tree();
            if (Entries.assertion(tree).filter(status::equals).isPresent()) {
                out.add(item(r, tree, Optional.empty(), tree));
            }
            if (r.type().equals("Composition")) {
                for (var s : tree.path("section")) {
                    if (Entries.assertion(s).filter(status::equals).isPresent()) {
                        out.add(item(r, s, Optional.of(Entries.sectionCode(s)), tree));
                    }
                }
            }
        }
        out.sort((a, b) -> b.when().compareTo(a.when()));
        return List.copyOf(out);
    }

    private static Item item(PassportSnapshot.Resource r, com.fasterxml.jackson.databind.JsonNode el,
            Optional<String> section, ObjectNode resource) {
        String type = section.isPresent() ? "Composition" : r.type();
        return new Item(r.type(), r.id(), section.orElse(null), Entries.authorOf(el, type).orElse(null),
                Entries.authorName(el, type).orElse(null), Entries.assertedOn(el).orElse(r.lastUpdated().toString()),
                Entries.assertion(el).map(ResidentAssertion::code).orElse(""),
                section.isPresent() ? el.path("title").asText(section.get()) : Entries.summary(resource), r.version());
    }

    /** The resident confirms an entry (or story section) someone else proposed: a new version, "confirmed". */
    public long confirm(Caller me, String residentId, String type, String id, Optional<String> section) {
        Instant now = now();
        StoredResource current = versions.entry(residentId, type, id);
        ObjectNode tree = sealed.unseal(residentId, Fhir.tree(current.json()));
        ObjectNode element = EntryVersions.element(tree, section);
        Optional<ResidentAssertion> was = Entries.assertion(element);
        if (was.isEmpty() || was.get() == ResidentAssertion.WRITTEN || was.get() == ResidentAssertion.CONFIRMED) {
            throw new Problem(HttpStatus.CONFLICT, "Nothing to confirm", "This entry is not waiting for you: it is "
                    + was.map(ResidentAssertion::display).orElse("not marked for confirmation") + ".");
        }
        if (was.get() == ResidentAssertion.DISPUTED) {
            throw new Problem(HttpStatus.CONFLICT, "Disputed",
                    "You asked for this entry to be corrected. You can confirm it once you close that request.");
        }
        Gate.Change change = new Gate.Change(me, AuditAction.CONFIRMATION, residentId, List.of(type + "/" + id),
                Optional.of("record-correction"), "resident",
                "the resident confirmed an entry" + section.map(s -> " (section " + s + ")").orElse(""));
        return gate.change(change, () -> versions.rewrite(residentId, type, id, t -> {
            Entries.setAssertion(EntryVersions.element(t, section), ResidentAssertion.CONFIRMED, Optional.empty());
            return t;
        }));
    }

    /** Every version of one of the resident's resources, newest first, unsealed, as a FHIR history Bundle. */
    public byte[] history(Caller me, String residentId, String type, String id, Optional<Long> version) {
        List<StoredResource> versions = version.isPresent()
                ? store.readVersion(residentId, type, id, version.get()).map(List::of).orElse(List.of())
                : store.history(residentId, type, id, 100);
        if (versions.isEmpty()) {
            throw Problem.notAvailable();
        }
        gate.change(
                new Gate.Change(me, AuditAction.READ, residentId, List.of(type + "/" + id),
                        Optional.of("record-correction"), "resident", "the resident read the history of an entry"),
                () -> null);
        if (version.isPresent()) {
            return Fhir.writeBytes(sealed.unseal(residentId, Fhir.tree(versions.get(0).json())));
        }
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "history");
        bundle.put("total", versions.size());
        var entries = bundle.putArray("entry");
        for (StoredResource v : versions) {
            ObjectNode e = entries.addObject();
            e.put("fullUrl", "urn:wellbeing-passport:" + type + "/" + id + "/_history/" + v.version());
            e.set("resource", sealed.unseal(residentId, Fhir.tree(v.json())));
            e.putObject("request").put("method", v.version() == 1 ? "POST" : "PUT").put("url", type + "/" + id);
            e.putObject("response").put("status", v.version() == 1 ? "201" : "200");
        }
        return Fhir.writeBytes(bundle);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

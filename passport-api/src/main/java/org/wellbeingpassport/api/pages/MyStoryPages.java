package org.wellbeingpassport.api.pages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.auth.CallerKind;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.http.Problem;

/**
 * My story, add and change (the resident, mobile first): a form, in plain words, never FHIR. Adding puts a new entry
 * in the section chosen; changing is for the resident's own words only (what others wrote is confirmed or disputed
 * instead). Both go through the API's resident write, so the gate records them first.
 */
@Controller("/app/me/story")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class MyStoryPages {
    /** The sections a resident writes in their own words (identity, plan, measures and services have own forms). */
    static final List<String> SECTIONS = List.of("about-me", "what-matters", "goals", "strengths",
            "health-and-wellbeing", "living-situation", "support-network", "communication", "what-helped");
    static final int MAX_LENGTH = 2000;

    private final Pages pages;
    private final PageSessions sessions;
    private final Flows flows;
    private final StoryWrites writes;
    private final ResidentAccounts accounts;

    public MyStoryPages(Pages pages, PageSessions sessions, Flows flows, StoryWrites writes,
            ResidentAccounts accounts) {
        this.pages = pages;
        this.sessions = sessions;
        this.flows = flows;
        this.writes = writes;
        this.accounts = accounts;
    }

    private Authentication me(HttpRequest<?> request) {
        return pages.require(request, CallerKind.RESIDENT);
    }

    @Get("/add")
    public MutableHttpResponse<?> addForm(HttpRequest<?> request, @Nullable @QueryValue String section) {
        me(request);
        String chosen = section != null && SECTIONS.contains(section) ? section : "";
        return pages.render(request, "me/story-add", "storyadd.title", addModel(chosen, "", List.of()));
    }

    @Post(uri = "/add", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> add(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = Form.parse(body);
        sessions.requireCsrf(request, form);
        Authentication auth = me(request);
        String section = form.text("section");
        String text = form.text("text");
        List<Pages.Message> errors = new ArrayList<>();
        if (!SECTIONS.contains(section)) {
            errors.add(Pages.Message.about("section", "storyadd.error.section"));
        }
        errors.addAll(textErrors(text));
        if (errors.isEmpty()) {
            try {
                String rid = accounts.passportOf(Callers.of(auth)).orElseThrow(Problem::notAvailable);
                writes.add(auth, rid, section, text);
                return Pages.seeOther("/app/me?added=" + section + "#section-" + section);
            } catch (Problem p) {
                errors.add(Pages.problem(p));
            }
        }
        return pages.render(request, "me/story-add", "storyadd.title", addModel(section, text, errors), errors,
                HttpStatus.BAD_REQUEST);
    }

    @Get("/edit")
    public MutableHttpResponse<?> editForm(HttpRequest<?> request, @Nullable @QueryValue String type,
            @Nullable @QueryValue String id, @Nullable @QueryValue String section) {
        Authentication auth = me(request);
        Optional<StoryWrites.Editable> entry = writes.find(flows.myPassport(auth), nz(type), nz(id), nz(section));
        if (entry.isEmpty()) {
            return Pages.seeOther("/app/me");
        }
        return pages.render(request, "me/story-edit", "storyedit.title",
                editModel(entry.get(), entry.get().text(), List.of()));
    }

    @Post(uri = "/edit", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> edit(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = Form.parse(body);
        sessions.requireCsrf(request, form);
        Authentication auth = me(request);
        ObjectNode mine = flows.myPassport(auth);
        Optional<StoryWrites.Editable> found = writes.find(mine, form.text("type"), form.text("id"),
                form.text("section"));
        if (found.isEmpty()) {
            return Pages.seeOther("/app/me");
        }
        // the version the form was made from: a change since then is not overwritten
        StoryWrites.Editable entry = new StoryWrites.Editable(found.get().type(), found.get().id(),
                found.get().section(), found.get().text(),
                form.first("version").filter(v -> !v.isBlank()).or(() -> found.get().version()));
        String text = form.text("text");
        List<Pages.Message> errors = new ArrayList<>(textErrors(text));
        if (errors.isEmpty()) {
            try {
                writes.edit(auth, mine, entry, text);
                return Pages.seeOther("/app/me?changed=" + entry.section() + "#section-" + sectionOf(entry));
            } catch (Problem p) {
                errors.add(p.status() == HttpStatus.PRECONDITION_FAILED
                        ? Pages.Message.about("text", "storyedit.error.changed")
                        : Pages.problem(p));
            }
        }
        return pages.render(request, "me/story-edit", "storyedit.title", editModel(entry, text, errors), errors,
                HttpStatus.BAD_REQUEST);
    }

    private static List<Pages.Message> textErrors(String text) {
        if (text.isEmpty()) {
            return List.of(Pages.Message.about("text", "storyadd.error.text"));
        }
        if (text.length() > MAX_LENGTH) {
            return List.of(new Pages.Message("storyadd.error.long", String.valueOf(MAX_LENGTH), "text"));
        }
        return List.of();
    }

    private static String sectionOf(StoryWrites.Editable e) {
        return SECTIONS.contains(e.section()) ? e.section() : "";
    }

    private static Map<String, Object> addModel(String section, String text, List<Pages.Message> errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sectionError", errors.stream().anyMatch(e -> e.field().equals("section")));
        m.put("textError", textError(errors));
        m.put("sections", SECTIONS);
        m.put("section", section);
        m.put("text", text);
        m.put("max", MAX_LENGTH);
        return m;
    }

    private static Map<String, Object> editModel(StoryWrites.Editable e, String text, List<Pages.Message> errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("textError", textError(errors));
        m.put("entry", e);
        m.put("text", text);
        m.put("version", e.version().orElse(""));
        m.put("max", MAX_LENGTH);
        return m;
    }

    /** The error shown at the text box (null when there is none: the template tests for it). */
    private static Pages.Message textError(List<Pages.Message> errors) {
        return errors.stream().filter(e -> e.field().equals("text")).findFirst().orElse(null);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

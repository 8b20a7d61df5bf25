package org.wellbeingpassport.api.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wellbeingpassport.api.auth.CallerKind;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/** The resident's pages (mobile first): my story, who sees what, requests, share codes, who looked, carers. */
@Controller("/app/me")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class ResidentPages {
    /** Sections a resident shares by ticking (identity goes with any share, so the reader knows who it is). */
    static final List<String> SHAREABLE = Arrays.stream(StorySection.values()).map(StorySection::code).toList();
    static final List<String> PURPOSES = List.of("direct-care", "care-coordination", "support-planning",
            "benefits-employment", "safeguarding", "record-correction");

    private final Pages pages;
    private final PageSessions sessions;
    private final Flows flows;
    private final String publicUrl;

    public ResidentPages(Pages pages, PageSessions sessions, Flows flows,
            @Value("${passport.public-url:`http://localhost:8080`}") String publicUrl) {
        this.pages = pages;
        this.sessions = sessions;
        this.flows = flows;
        this.publicUrl = publicUrl.replaceAll("/$", "");
    }

    private Authentication me(HttpRequest<?> request) {
        return pages.require(request, CallerKind.RESIDENT);
    }

    private Form post(HttpRequest<?> request, String body) {
        Form form = Form.parse(body);
        sessions.requireCsrf(request, form);
        return form;
    }

    @Get
    public MutableHttpResponse<?> story(HttpRequest<?> request, @Nullable @QueryValue String added,
            @Nullable @QueryValue String changed) {
        Authentication auth = me(request);
        StoryView story = StoryView.of(flows.myPassport(auth), pages.lang(request));
        return pages.render(request, "me/story", "story.title",
                Map.of("story", story, "writable", MyStoryPages.SECTIONS, "saved", added != null || changed != null));
    }

    // ---- who sees what

    @Get("/sharing")
    public MutableHttpResponse<?> sharing(HttpRequest<?> request, @Nullable @QueryValue String stopped) {
        Authentication auth = me(request);
        Sharing sharing = Sharing.of(flows.myChoices(auth), Instant.now());
        return pages.render(request, "me/sharing", "sharing.title",
                Map.of("sharing", sharing, "stopped", stopped != null));
    }

    @Get("/sharing/{id}/stop")
    public MutableHttpResponse<?> confirmStop(HttpRequest<?> request, @PathVariable String id) {
        Authentication auth = me(request);
        Sharing sharing = Sharing.of(flows.myChoices(auth), Instant.now());
        var share = sharing.shares().stream().filter(s -> s.id().equals(id)).findFirst();
        if (share.isEmpty()) {
            return Pages.seeOther("/app/me/sharing");
        }
        return pages.render(request, "me/stop", "stop.title", Map.of("share", share.get()));
    }

    @Post(uri = "/sharing/{id}/stop", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> stop(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        post(request, body);
        Authentication auth = me(request);
        try {
            flows.stopSharing(auth, id);
        } catch (Problem p) {
            return Pages.seeOther("/app/me/sharing");
        }
        return Pages.seeOther("/app/me/sharing?stopped=1");
    }

    // ---- what would they see

    @Get("/preview")
    public MutableHttpResponse<?> preview(HttpRequest<?> request, @Nullable @QueryValue String purpose,
            @Nullable @QueryValue String role, @Nullable @QueryValue String organisationType) {
        Authentication auth = me(request);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("purposes", Arrays.stream(Purpose.values()).map(Purpose::code).toList());
        m.put("roles", Arrays.stream(ProfessionalRole.values()).map(ProfessionalRole::code).toList());
        m.put("orgTypes", Arrays.stream(OrganisationType.values()).map(OrganisationType::code).toList());
        m.put("purpose", purpose == null ? "" : purpose);
        m.put("role", role == null ? "" : role);
        m.put("organisationType", organisationType == null ? "" : organisationType);
        if (purpose != null && role != null && organisationType != null) {
            try {
                ObjectNode p = flows.preview(auth, purpose, role, organisationType);
                List<Map<String, Object>> reasons = new ArrayList<>();
                for (JsonNode s : p.path("sections")) {
                    List<String> ex = new ArrayList<>();
                    s.path("explanation").forEach(x -> ex.add(x.asText()));
                    reasons.add(Map.of("section", s.path("section").asText(), "explanation", ex));
                }
                m.put("reasons", reasons);
                m.put("story", StoryView.of((ObjectNode) p.path("wouldSee"), pages.lang(request)));
            } catch (Problem e) {
                return pages.render(request, "me/preview", "preview.title", m, List.of(Pages.problem(e)),
                        HttpStatus.BAD_REQUEST);
            }
        }
        return pages.render(request, "me/preview", "preview.title", m);
    }

    // ---- requests

    @Get("/requests")
    public MutableHttpResponse<?> requests(HttpRequest<?> request, @Nullable @QueryValue String done) {
        Authentication auth = me(request);
        return pages.render(request, "me/requests", "requests.title", Map.of("requests", flows.pendingRequests(auth),
                "done", done == null ? "" : done, "lang", pages.lang(request)));
    }

    @Post(uri = "/requests/{id}/approve", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> approve(HttpRequest<?> request, @PathVariable String id,
            @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = me(request);
        try {
            flows.approve(auth, id, form.all("sections"), form.text("until"));
        } catch (Problem p) {
            return pages.render(request, "me/requests", "requests.title",
                    Map.of("requests", flows.pendingRequests(auth), "done", "", "lang", pages.lang(request)),
                    List.of(new Pages.Message(
                            p.status() == HttpStatus.UNPROCESSABLE_ENTITY || p.status() == HttpStatus.BAD_REQUEST
                                    ? "requests.error.approve"
                                    : "error.conflict",
                            "", "sections-" + id)),
                    HttpStatus.BAD_REQUEST);
        }
        return Pages.seeOther("/app/me/requests?done=approved");
    }

    @Post(uri = "/requests/{id}/refuse", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> refuse(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        post(request, body);
        Authentication auth = me(request);
        try {
            flows.refuse(auth, id);
        } catch (Problem p) {
            // answered already: the list shows what is still open
        }
        return Pages.seeOther("/app/me/requests?done=refused");
    }

    // ---- share code

    @Get("/share-code")
    public MutableHttpResponse<?> shareCodeForm(HttpRequest<?> request) {
        me(request);
        return pages.render(request, "me/share-code", "sharecode.title", shareCodeModel(Map.of()));
    }

    @Post(uri = "/share-code", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> shareCode(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = me(request);
        List<Pages.Message> errors = new ArrayList<>();
        if (form.all("sections").isEmpty()) {
            errors.add(Pages.Message.about("sections", "sharecode.error.sections"));
        }
        if (!PURPOSES.contains(form.text("purpose"))) {
            errors.add(Pages.Message.about("purpose", "sharecode.error.purpose"));
        }
        int minutes = number(form.text("minutes"), 30);
        int uses = number(form.text("uses"), 1);
        if (errors.isEmpty()) {
            try {
                Map<String, Object> c = flows.newShareCode(auth, form.all("sections"), form.text("purpose"), minutes,
                        uses);
                String code = (String) c.get("code");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", code);
                m.put("expires", Dates.dateTime((String) c.get("expires"), pages.lang(request)));
                m.put("uses", c.get("uses"));
                m.put("sections", c.get("sections"));
                m.put("codePurpose", c.get("purpose"));
                m.put("qr", QrSvg.of(publicUrl + "/app/pro/share-code?code=" + code, code));
                return pages.render(request, "me/share-code-made", "sharecode.made.title", m);
            } catch (Problem p) {
                errors.add(Pages.problem(p));
            }
        }
        return pages.render(request, "me/share-code", "sharecode.title",
                shareCodeModel(Map.of("chosen", form.all("sections"), "purpose", form.text("purpose"))), errors,
                HttpStatus.BAD_REQUEST);
    }

    private static Map<String, Object> shareCodeModel(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sections", SHAREABLE);
        m.put("purposes", PURPOSES);
        m.put("chosen", List.of());
        m.put("purpose", "");
        m.putAll(extra);
        return m;
    }

    private static int number(String s, int orElse) {
        try {
            return s.isBlank() ? orElse : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- who looked

    @Get("/who-looked")
    public MutableHttpResponse<?> whoLooked(HttpRequest<?> request) {
        Authentication auth = me(request);
        String lang = pages.lang(request);
        List<Map<String, Object>> items = flows.whoLooked(auth).stream().map(i -> Map.<String, Object>of("when",
                Dates.dateTime(i.at(), lang), "who", i.who(), "sentence", i.sentence(), "breakGlass", i.breakGlass()))
                .toList();
        return pages.render(request, "me/who-looked", "wholooked.title", Map.of("items", items));
    }

    // ---- entries others proposed

    @Get("/entries")
    public MutableHttpResponse<?> entries(HttpRequest<?> request) {
        Authentication auth = me(request);
        return pages.render(request, "me/entries", "entries.title", entriesModel(auth, request));
    }

    private Map<String, Object> entriesModel(Authentication auth, HttpRequest<?> request) {
        return Map.of("proposed", flows.entries(auth, "proposed"), "disputes", flows.disputes(auth), "lang",
                pages.lang(request));
    }

    @Post(uri = "/entries/confirm", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> confirm(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = me(request);
        try {
            flows.confirm(auth, form.text("type"), form.text("id"), form.text("section"));
        } catch (Problem p) {
            return pages.render(request, "me/entries", "entries.title", entriesModel(auth, request),
                    List.of(Pages.problem(p)), HttpStatus.BAD_REQUEST);
        }
        return Pages.seeOther("/app/me/entries");
    }

    @Post(uri = "/entries/dispute", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> dispute(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = me(request);
        if (form.text("reason").isEmpty()) {
            return pages.render(request, "me/entries", "entries.title", entriesModel(auth, request),
                    List.of(Pages.Message.about("reason-" + form.text("id"), "entries.error.reason")),
                    HttpStatus.BAD_REQUEST);
        }
        try {
            flows.dispute(auth, form.text("type"), form.text("id"), form.text("section"), form.text("reason"));
        } catch (Problem p) {
            return pages.render(request, "me/entries", "entries.title", entriesModel(auth, request),
                    List.of(Pages.problem(p)), HttpStatus.BAD_REQUEST);
        }
        return Pages.seeOther("/app/me/entries");
    }

    // ---- carers

    @Get("/carers")
    public MutableHttpResponse<?> carers(HttpRequest<?> request) {
        Authentication auth = me(request);
        return pages.render(request, "me/carers", "carers.title",
                Map.of("carers", flows.carers(auth), "sections", SHAREABLE));
    }

    @Post(uri = "/carers", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> addCarer(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = me(request);
        try {
            flows.addCarer(auth, form.text("account"), form.text("name"), form.all("sections"), form.text("until"));
        } catch (Problem p) {
            return pages.render(request, "me/carers", "carers.title",
                    Map.of("carers", flows.carers(auth), "sections", SHAREABLE),
                    List.of(Pages.Message.about("account", "carers.error")), HttpStatus.BAD_REQUEST);
        }
        return Pages.seeOther("/app/me/carers");
    }

    @Post(uri = "/carers/{id}/withdraw", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> withdrawCarer(HttpRequest<?> request, @PathVariable String id,
            @Nullable @Body String body) {
        post(request, body);
        Authentication auth = me(request);
        try {
            flows.withdrawCarer(auth, id);
        } catch (Problem p) {
            // already withdrawn: the list shows what is left
        }
        return Pages.seeOther("/app/me/carers");
    }

    // ---- leave

    @Get("/leave")
    public MutableHttpResponse<?> leaveForm(HttpRequest<?> request) {
        me(request);
        return pages.render(request, "me/leave", "leave.title", Map.of());
    }

    @Post(uri = "/leave", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> leave(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = me(request);
        if (!"yes".equals(form.text("confirm"))) {
            return pages.render(request, "me/leave", "leave.title", Map.of(),
                    List.of(Pages.Message.about("confirm", "leave.error.confirm")), HttpStatus.BAD_REQUEST);
        }
        flows.leave(auth);
        return pages.render(request, "me/left", "left.title", Map.of()).cookie(sessions.endedSession());
    }
}

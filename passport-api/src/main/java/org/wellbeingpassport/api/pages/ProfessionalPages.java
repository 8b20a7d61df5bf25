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
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wellbeingpassport.api.auth.CallerKind;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * The professional's pages (desktop and tablet): find and ask, redeem a share code, read the consented passport with
 * "why can't I see this", propose entries, notifications, break the glass. Carers read the passports delegated to
 * them through the same passport page.
 */
@Controller("/app")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class ProfessionalPages {
    static final List<String> PURPOSES = List.of("direct-care", "care-coordination", "support-planning",
            "benefits-employment", "safeguarding", "record-correction");
    /** What a professional may ask for: the story's sections (identity always goes with them, to know who it is). */
    static final List<String> SECTIONS = java.util.Arrays.stream(StorySection.values()).map(StorySection::code)
            .toList();

    private final Pages pages;
    private final PageSessions sessions;
    private final Flows flows;

    public ProfessionalPages(Pages pages, PageSessions sessions, Flows flows) {
        this.pages = pages;
        this.sessions = sessions;
        this.flows = flows;
    }

    private Authentication pro(HttpRequest<?> request) {
        return pages.require(request, CallerKind.PROFESSIONAL);
    }

    private Form post(HttpRequest<?> request, String body) {
        Form form = Form.parse(body);
        sessions.requireCsrf(request, form);
        return form;
    }

    // ---- find and request

    @Get("/pro")
    public MutableHttpResponse<?> find(HttpRequest<?> request) {
        pro(request);
        return pages.render(request, "pro/find", "find.title", findModel(Form.parse("")));
    }

    private static Map<String, Object> findModel(Form form) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("purposes", PURPOSES);
        m.put("sections", SECTIONS);
        m.put("nhs", form.text("nhsNumber"));
        m.put("day", form.text("dob-day"));
        m.put("month", form.text("dob-month"));
        m.put("year", form.text("dob-year"));
        m.put("purpose", form.text("purpose"));
        m.put("chosen", form.all("sections"));
        m.put("reason", form.text("reason"));
        return m;
    }

    @Post(uri = "/pro/find", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> ask(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = pro(request);
        List<Pages.Message> errors = new ArrayList<>();
        String nhs = form.text("nhsNumber").replaceAll("[\\s-]", "");
        if (!nhs.matches("[0-9]{10}")) {
            errors.add(Pages.Message.about("nhsNumber", "find.error.nhs"));
        }
        String dob = birthDate(form);
        if (dob.isEmpty()) {
            errors.add(Pages.Message.about("dob-day", "find.error.dob"));
        }
        if (!PURPOSES.contains(form.text("purpose"))) {
            errors.add(Pages.Message.about("purpose", "find.error.purpose"));
        }
        if (form.all("sections").isEmpty()) {
            errors.add(Pages.Message.about("sections", "find.error.sections"));
        }
        if (form.text("reason").isEmpty()) {
            errors.add(Pages.Message.about("reason", "find.error.reason"));
        }
        if (errors.isEmpty()) {
            try {
                String id = flows.askForAccess(auth, nhs, dob, form.text("purpose"), form.all("sections"),
                        form.text("reason"));
                return Pages.seeOther("/app/pro/requests/" + id);
            } catch (Problem p) {
                errors.add(Pages.problem(p));
            }
        }
        return pages.render(request, "pro/find", "find.title", findModel(form), errors, HttpStatus.BAD_REQUEST);
    }

    private static String birthDate(Form form) {
        try {
            int d = Integer.parseInt(form.text("dob-day"));
            int m = Integer.parseInt(form.text("dob-month"));
            int y = Integer.parseInt(form.text("dob-year"));
            return java.time.LocalDate.of(y, m, d).toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Get("/pro/requests/{id}")
    public MutableHttpResponse<?> request(HttpRequest<?> request, @PathVariable String id) {
        Authentication auth = pro(request);
        Map<String, Object> status;
        try {
            status = flows.requestStatus(auth, id);
        } catch (Problem p) {
            return pages.render(request, "pro/request", "request.title", Map.of("status", Map.of()),
                    List.of(Pages.problem(p)), HttpStatus.NOT_FOUND);
        }
        return pages.render(request, "pro/request", "request.title", Map.of("status", status));
    }

    // ---- share code

    @Get("/pro/share-code")
    public MutableHttpResponse<?> redeemForm(HttpRequest<?> request, @Nullable @QueryValue String code) {
        pro(request);
        return pages.render(request, "pro/share-code", "redeem.title",
                Map.of("code", code == null ? "" : code, "purposes", PURPOSES, "purpose", ""));
    }

    @Post(uri = "/pro/share-code", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> redeem(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = pro(request);
        List<Pages.Message> errors = new ArrayList<>();
        if (form.text("code").isEmpty()) {
            errors.add(Pages.Message.about("code", "redeem.error.code"));
        }
        if (!PURPOSES.contains(form.text("purpose"))) {
            errors.add(Pages.Message.about("purpose", "find.error.purpose"));
        }
        if (errors.isEmpty()) {
            try {
                Map<String, Object> r = flows.redeem(auth, form.text("code"), form.text("purpose"));
                return Pages.seeOther(passportHref((String) r.get("residentId"), (String) r.get("purpose")));
            } catch (Problem p) {
                errors.add(p.status() == HttpStatus.NOT_FOUND
                        ? Pages.Message.about("code", "redeem.error.not-working")
                        : Pages.problem(p));
            }
        }
        return pages.render(request, "pro/share-code", "redeem.title",
                Map.of("code", form.text("code"), "purposes", PURPOSES, "purpose", form.text("purpose")), errors,
                HttpStatus.BAD_REQUEST);
    }

    static String passportHref(String residentId, String purpose) {
        return "/app/passports/" + URLEncoder.encode(residentId, StandardCharsets.UTF_8) + "?purpose="
                + URLEncoder.encode(purpose, StandardCharsets.UTF_8);
    }

    // ---- the consented passport (professionals and carers)

    @Get("/passports/{residentId}")
    public MutableHttpResponse<?> passport(HttpRequest<?> request, @PathVariable String residentId,
            @Nullable @QueryValue String purpose, @Nullable @QueryValue String proposed) {
        Authentication auth = pages.require(request, CallerKind.PROFESSIONAL, CallerKind.CARER);
        String why = purpose == null ? "" : purpose;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("residentId", residentId);
        m.put("purpose", why);
        m.put("purposes", PURPOSES);
        m.put("proposed", proposed == null || !List.of("yes", "refused", "missing").contains(proposed) ? "" : proposed);
        m.put("professional", sessions.caller(request).map(c -> c.kind() == CallerKind.PROFESSIONAL).orElse(false));
        try {
            ObjectNode bundle = flows.read(request, auth, residentId, why);
            m.put("story", StoryView.of(bundle, pages.lang(request)));
            m.put("why", flows.why(auth, residentId, why));
        } catch (Problem p) {
            // not there and not yours look the same: one page that says how to ask
            return pages.render(request, "pro/not-available", "notavailable.title", m, List.of(), HttpStatus.NOT_FOUND);
        }
        return pages.render(request, "pro/passport", "passport.title", m);
    }

    @Post(uri = "/passports/{residentId}/propose", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> propose(HttpRequest<?> request, @PathVariable String residentId,
            @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = pro(request);
        String purpose = form.text("purpose");
        String text = form.text("text");
        String kind = form.text("kind");
        if (text.isEmpty() || !List.of("goal", "note", "referral").contains(kind)) {
            return Pages.seeOther(passportHref(residentId, purpose) + "&proposed=missing#propose");
        }
        try {
            flows.propose(request, auth, residentId, purpose,
                    Proposals.resource(kind, text, form.text("section"), residentId));
        } catch (Problem p) {
            if (p.status() == HttpStatus.SERVICE_UNAVAILABLE) {
                throw p; // nothing was recorded, so nothing changed: say so, do not call it a refusal
            }
            return Pages.seeOther(passportHref(residentId, purpose) + "&proposed=refused#propose");
        }
        return Pages.seeOther(passportHref(residentId, purpose) + "&proposed=yes#propose");
    }

    // ---- notifications

    @Get("/pro/notifications")
    public MutableHttpResponse<?> notifications(HttpRequest<?> request) {
        Authentication auth = pro(request);
        return pages.render(request, "pro/notifications", "notifications.title",
                Map.of("items", flows.notifications(auth), "lang", pages.lang(request)));
    }

    // ---- break the glass

    @Get("/pro/break-glass")
    public MutableHttpResponse<?> breakGlassForm(HttpRequest<?> request, @Nullable @QueryValue String residentId) {
        pro(request);
        return pages.render(request, "pro/break-glass", "breakglass.title",
                Map.of("residentId", residentId == null ? "" : residentId, "reason", "", "minutes", "60"));
    }

    @Post(uri = "/pro/break-glass", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> breakGlass(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = post(request, body);
        Authentication auth = pro(request);
        List<Pages.Message> errors = new ArrayList<>();
        if (form.text("residentId").isEmpty()) {
            errors.add(Pages.Message.about("residentId", "breakglass.error.who"));
        }
        if (form.text("reason").isEmpty()) {
            errors.add(Pages.Message.about("reason", "breakglass.error.reason"));
        }
        int minutes;
        try {
            minutes = Integer.parseInt(form.text("minutes"));
        } catch (NumberFormatException e) {
            minutes = -1;
        }
        if (minutes < 1 || minutes > 240) {
            errors.add(Pages.Message.about("minutes", "breakglass.error.minutes"));
        }
        if (!"yes".equals(form.text("understood"))) {
            errors.add(Pages.Message.about("understood", "breakglass.error.understood"));
        }
        if (errors.isEmpty()) {
            try {
                Map<String, Object> g = flows.breakGlass(auth, form.text("residentId"), form.text("reason"), minutes);
                return Pages.seeOther(passportHref(form.text("residentId"), (String) g.get("purpose")));
            } catch (Problem p) {
                errors.add(Pages.problem(p));
            }
        }
        return pages.render(request, "pro/break-glass", "breakglass.title", Map.of("residentId",
                form.text("residentId"), "reason", form.text("reason"), "minutes", form.text("minutes")), errors,
                HttpStatus.BAD_REQUEST);
    }

    // ---- carers

    @Get("/carer")
    public MutableHttpResponse<?> carer(HttpRequest<?> request) {
        Authentication auth = pages.require(request, CallerKind.CARER);
        return pages.render(request, "carer/home", "carer.title", Map.of("delegations", flows.myDelegations(auth),
                "account", sessions.caller(request).map(c -> c.account()).orElse("")));
    }
}

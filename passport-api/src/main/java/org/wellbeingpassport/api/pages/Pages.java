package org.wellbeingpassport.api.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.CallerKind;
import org.wellbeingpassport.api.http.Problem;

/** Rendering a page: the parts every page has (language, signed-in person, navigation, CSRF token, errors). */
@Singleton
public final class Pages {
    /** A message to show: its key in the bundles, an argument, and the form field it is about (may be empty). */
    public record Message(String key, String arg, String field) {
        public static Message of(String key) {
            return new Message(key, "", "");
        }

        public static Message about(String field, String key) {
            return new Message(key, "", field);
        }
    }

    /** What the layout needs. {@code nav} are [message key, href] pairs. */
    public record Chrome(String lang, String otherLang, String path, String csrf, String who, String kind,
            String titleKey, List<Message> errors, List<String[]> nav) {
        /** A date (or the day of a time) as people write it in this page's language: "2 December 2026". */
        public String date(Object isoDateOrInstant) {
            return isoDateOrInstant == null ? "" : Dates.date(isoDateOrInstant.toString(), lang);
        }

        /** A time as people write it in this page's language: "2 December 2026, 18:45" (UK time). */
        public String dateTime(Object isoInstant) {
            if (isoInstant == null) {
                return "";
            }
            String s = isoInstant.toString();
            return s.length() > 10 ? Dates.dateTime(s, lang) : Dates.date(s, lang);
        }
    }

    private final PageSessions sessions;
    private final HttpLocaleResolver locales;

    public Pages(PageSessions sessions, HttpLocaleResolver locales) {
        this.sessions = sessions;
        this.locales = locales;
    }

    public MutableHttpResponse<?> render(HttpRequest<?> request, String view, String titleKey,
            Map<String, Object> model) {
        return render(request, view, titleKey, model, List.of(), HttpStatus.OK);
    }

    public MutableHttpResponse<?> render(HttpRequest<?> request, String view, String titleKey,
            Map<String, Object> model, List<Message> errors, HttpStatus status) {
        Map<String, Object> m = new LinkedHashMap<>(model);
        Optional<Caller> caller = sessions.caller(request);
        String lang = lang(request);
        m.put("page",
                new Chrome(lang, lang.equals("cy") ? "en" : "cy", request.getPath(), sessions.csrfToken(request),
                        caller.map(Caller::name).orElse(""), caller.map(c -> c.kind().name()).orElse(""), titleKey,
                        List.copyOf(errors), nav(caller)));
        m.put("csrf", sessions.csrfToken(request));
        m.put("words", Words.INSTANCE);
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE).body(new ModelAndView<>(view, m));
    }

    public String lang(HttpRequest<?> request) {
        Locale l = locales.resolveOrDefault(request);
        return "cy".equals(l.getLanguage()) ? "cy" : "en";
    }

    /** After a POST: 303, so a reload does not post again. */
    public static MutableHttpResponse<?> seeOther(String to) {
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(to)));
    }

    /** The signed-in person, if they are of the kind this page is for; otherwise the page refuses. */
    public Authentication require(HttpRequest<?> request, CallerKind... kinds) {
        Authentication auth = sessions.authentication(request).orElseThrow(SignInRequired::new);
        Caller c = sessions.caller(request).orElseThrow(SignInRequired::new);
        for (CallerKind k : kinds) {
            if (c.kind() == k) {
                return auth;
            }
        }
        throw new PageForbidden();
    }

    /** A refused action as a message for the person: the service's problem mapped to plain words by its status. */
    public static Message problem(Problem p) {
        return switch (p.status()) {
            case NOT_FOUND -> Message.of("error.not-available");
            case TOO_MANY_REQUESTS -> Message.of("error.too-many");
            case CONFLICT -> Message.of("error.conflict");
            case FORBIDDEN -> Message.of("error.forbidden");
            default -> Message.of("error.invalid");
        };
    }

    private static List<String[]> nav(Optional<Caller> caller) {
        List<String[]> out = new ArrayList<>();
        if (caller.isEmpty()) {
            return out;
        }
        switch (caller.get().kind()) {
            case RESIDENT -> {
                out.add(new String[]{"nav.story", "/app/me"});
                out.add(new String[]{"nav.sharing", "/app/me/sharing"});
                out.add(new String[]{"nav.requests", "/app/me/requests"});
                out.add(new String[]{"nav.share-code", "/app/me/share-code"});
                out.add(new String[]{"nav.who-looked", "/app/me/who-looked"});
                out.add(new String[]{"nav.entries", "/app/me/entries"});
                out.add(new String[]{"nav.carers", "/app/me/carers"});
            }
            case PROFESSIONAL -> {
                out.add(new String[]{"nav.find", "/app/pro"});
                out.add(new String[]{"nav.redeem", "/app/pro/share-code"});
                out.add(new String[]{"nav.notifications", "/app/pro/notifications"});
                out.add(new String[]{"nav.break-glass", "/app/pro/break-glass"});
            }
            case CARER -> out.add(new String[]{"nav.carer", "/app/carer"});
            default -> {
            }
        }
        return out;
    }
}

package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.lang.reflect.Parameter;
import java.util.Locale;
import java.util.TreeMap;
import org.wellbeingpassport.api.gate.RouteCoverageTest;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document, generated from the controllers and records at compile time, against the controllers
 * themselves. The operations are found from Micronaut's router (every route of ours outside /fhir that is not
 * {@link Hidden}), not from a list kept by hand, so a new route is checked the day it is added: each lists exactly the
 * statuses its methods declare ({@code @Status} and their {@link ApiResponse}s, directly or through {@link Refuses}),
 * each refusal as problem+json with the Problem schema; and what a method declares follows from its code (a role
 * asked for: 401 and 403; a body: 400 and 422; a query parameter: 422; a path variable: 404; resident data, which the
 * gate records first: 503). No request or JSON response outside /fhir is an untyped string or map.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.demo.enabled", value = "true")
class OpenApiContractTest {
    /**
     * Bodies still untyped: none. 34 on 2 December 2026; 28 once the resident's and the professional's happy paths were
     * typed, 9 once every FHIR body outside /fhir was described by the components of {@link FhirSchemas}, 0 once the
     * correction routes' and the partner registration's JSON bodies were described by their records. The list may only
     * shrink: a new untyped body fails {@link #noUntypedBodyOutsideFhir}, and so does an entry here that is typed now.
     */
    static final Set<String> NOT_YET = Set.of();

    /** Error statuses whose body is not a problem: "METHOD /path status" and why. */
    static final Map<String, String> NOT_A_PROBLEM = Map.of("get /health 503",
            "the health report itself, saying DOWN and why (monitors read it)");

    @Inject
    Router router;

    @SuppressWarnings("unchecked")
    static Map<String, Object> document() throws Exception {
        try (InputStream in = OpenApiController.class.getClassLoader()
                .getResourceAsStream(OpenApiController.DOCUMENT)) {
            assertNotNull(in, "the build generated " + OpenApiController.DOCUMENT);
            return (Map<String, Object>) new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map, what + " is missing");
        return (Map<String, Object>) o;
    }

    /** Our documented operations from the router, as the document writes them ("get /path"), with their methods. */
    Map<String, List<Method>> operations() {
        Map<String, List<Method>> out = new TreeMap<>();
        Operations.of(router)
                .forEach((key, routes) -> out.put(
                        key.substring(0, key.indexOf(' ')).toLowerCase(Locale.ROOT) + key.substring(key.indexOf(' ')),
                        routes.stream().<Method>map(r -> r.getTargetMethod().getTargetMethod()).toList()));
        return out;
    }

    static Set<String> declared(Method m) {
        return Operations.declared(m);
    }

    @Test
    void everyOperationListsExactlyTheStatusesItsMethodsDeclare() throws Exception {
        Map<String, Object> paths = map(document().get("paths"), "paths");
        Map<String, List<Method>> operations = operations();
        List<String> wrong = new ArrayList<>();
        for (var e : operations.entrySet()) {
            String[] mp = e.getKey().split(" ", 2);
            if (!(paths.get(mp[1]) instanceof Map<?, ?> item) || !(item.get(mp[0]) instanceof Map<?, ?> op)) {
                wrong.add(e.getKey() + ": not in the document");
                continue;
            }
            Set<String> declared = new TreeSet<>();
            e.getValue().forEach(m -> declared.addAll(declared(m)));
            Map<String, Object> responses = map(op.get("responses"), "responses of " + e.getKey());
            if (!declared.equals(new TreeSet<>(responses.keySet()))) {
                wrong.add(e.getKey() + ": declared " + declared + ", documented " + new TreeSet<>(responses.keySet()));
            }
            for (String code : declared) {
                if ((code.startsWith("4") || code.startsWith("5"))
                        && !NOT_A_PROBLEM.containsKey(e.getKey() + " " + code)
                        && !(responses.get(code) instanceof Map<?, ?> r && r.get("content") instanceof Map<?, ?> c
                                && c.get(ApiErrors.PROBLEM_JSON) instanceof Map<?, ?> p
                                && p.get("schema") instanceof Map<?, ?> s
                                && "#/components/schemas/Problem".equals(s.get("$ref")))) {
                    wrong.add(e.getKey() + " " + code + ": not problem+json with the Problem schema");
                }
            }
        }
        // and the other way: nothing documented outside /fhir that the router does not serve
        for (var p : paths.entrySet()) {
            for (Object method : map(p.getValue(), p.getKey()).keySet()) {
                String key = method + " " + p.getKey();
                if (List.of("get", "put", "post", "delete", "patch").contains(method)
                        && !ApiErrors.isFhirPath(p.getKey()) && !operations.containsKey(key)) {
                    wrong.add(key + ": documented, but no route of ours");
                }
            }
        }
        assertEquals(List.of(), wrong, "operations whose documented statuses are not what their methods declare");
        assertTrue(operations.size() >= 60, "the router gave every operation outside /fhir: " + operations.size());
    }

    /**
     * What a method declares follows from its code: a role asked for means 401 and 403; a body, 400 and 422; a query
     * parameter, 422 (well-formed but not a value the route takes); a path variable, 404; and a route whose answer the
     * gate records first (every route RouteCoverageTest calls with the audit store down), 503. Anyone may call a route
     * with no role: it declares neither 401 nor 403.
     */
    @Test
    void theDeclaredStatusesFollowFromTheCode() {
        List<String> wrong = new ArrayList<>();
        for (var e : operations().entrySet()) {
            for (Method m : e.getValue()) {
                Set<String> d = declared(m);
                String name = e.getKey() + " (" + m.getDeclaringClass().getSimpleName() + "." + m.getName() + ")";
                Secured secured = m.isAnnotationPresent(Secured.class)
                        ? m.getAnnotation(Secured.class)
                        : m.getDeclaringClass().getAnnotation(Secured.class);
                boolean anyone = secured == null || List.of(secured.value()).contains(SecurityRule.IS_ANONYMOUS);
                if (anyone == (d.contains("401") || d.contains("403"))
                        || !anyone && !d.containsAll(Set.of("401", "403"))) {
                    wrong.add(name
                            + (anyone ? ": anyone may call it, yet 401/403" : ": a role is asked for: 401 and 403"));
                }
                boolean body = false;
                boolean query = false;
                boolean pathVariable = false;
                for (Parameter p : m.getParameters()) {
                    body |= p.isAnnotationPresent(Body.class);
                    query |= p.isAnnotationPresent(QueryValue.class);
                    pathVariable |= p.isAnnotationPresent(PathVariable.class);
                }
                if (body && !d.containsAll(Set.of("400", "422"))) {
                    wrong.add(name + ": takes a body: 400 and 422");
                }
                if (query && !d.contains("422")) {
                    wrong.add(name + ": takes a query parameter: 422");
                }
                if (pathVariable && !d.contains("404")) {
                    wrong.add(name + ": names something in its path: 404");
                }
                String route = e.getKey().toUpperCase(Locale.ROOT).substring(0, e.getKey().indexOf(' '))
                        + e.getKey().substring(e.getKey().indexOf(' '));
                if (!RouteCoverageTest.NOT_RESIDENT_DATA.containsKey(route) && !d.contains("503")) {
                    wrong.add(name + ": the gate records it first (RouteCoverageTest): 503");
                }
            }
        }
        assertEquals(List.of(), wrong, "declared statuses that the code contradicts");
    }

    /**
     * A route with no body on success (204, or a PUT that answers only its status) names only problem+json in its
     * responses, so a client generated from the document sends {@code Accept: application/problem+json}: the route must
     * produce it, or Micronaut answers 406 before the route runs.
     */
    @Test
    void aRouteWithoutASuccessBodyProducesProblemJson() throws Exception {
        Map<String, Object> paths = map(document().get("paths"), "paths");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (var r : router.uriRoutes().toList()) {
            String path = RouteCoverageTest.key(r).substring(r.getHttpMethodName().length() + 1);
            String method = r.getHttpMethodName().toLowerCase(Locale.ROOT);
            if (!(paths.get(path) instanceof Map<?, ?> item) || !(item.get(method) instanceof Map<?, ?> op)
                    || !(op.get("responses") instanceof Map<?, ?> responses)) {
                continue;
            }
            boolean successBody = responses.entrySet().stream()
                    .anyMatch(e -> String.valueOf(e.getKey()).startsWith("2") && e.getValue() instanceof Map<?, ?> resp
                            && resp.get("content") instanceof Map<?, ?> c && !c.isEmpty());
            if (successBody) {
                continue;
            }
            checked++;
            if (r.getProduces().stream().noneMatch(t -> t.toString().equals(ApiErrors.PROBLEM_JSON))) {
                wrong.add(method + " " + path + " produces " + r.getProduces());
            }
        }
        assertEquals(List.of(), wrong, "routes a generated client's Accept would get a 406 from");
        assertTrue(checked >= 3, "the routes without a success body were found: " + checked);
    }

    @Test
    void noUntypedBodyOutsideFhir() throws Exception {
        Map<String, Object> paths = map(document().get("paths"), "paths");
        List<String> untyped = new ArrayList<>();
        for (var p : paths.entrySet()) {
            if (p.getKey().startsWith("/fhir") || p.getKey().startsWith("/openapi")) {
                continue;
            }
            for (var o : map(p.getValue(), p.getKey()).entrySet()) {
                if (!(o.getValue() instanceof Map)) {
                    continue;
                }
                Map<String, Object> op = map(o.getValue(), o.getKey());
                String name = o.getKey() + " " + p.getKey();
                if (op.get("requestBody") instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> c) {
                    for (var media : c.entrySet()) {
                        if (untyped(media.getValue())) {
                            untyped.add(name + " request " + media.getKey());
                        }
                    }
                }
                if (op.get("responses") instanceof Map<?, ?> rs) {
                    for (var r : rs.entrySet()) {
                        if (r.getValue() instanceof Map<?, ?> resp && resp.get("content") instanceof Map<?, ?> c) {
                            for (var media : c.entrySet()) {
                                String type = String.valueOf(media.getKey());
                                if (type.contains("json") && untyped(media.getValue())) {
                                    untyped.add(name + " response " + r.getKey() + " " + type);
                                }
                            }
                        }
                    }
                }
            }
        }
        List<String> unexpected = untyped.stream().filter(u -> !NOT_YET.contains(u)).toList();
        assertEquals(List.of(), unexpected, "untyped bodies outside /fhir");
        List<String> stale = NOT_YET.stream().filter(u -> !untyped.contains(u)).sorted().toList();
        assertEquals(List.of(), stale, "typed now: take these out of NOT_YET");
    }

    /** A schema that says nothing: a string, or an object without a reference or properties. */
    static boolean untyped(Object media) {
        if (!(media instanceof Map<?, ?> m) || !(m.get("schema") instanceof Map<?, ?> schema)) {
            return true;
        }
        if (schema.containsKey("$ref")) {
            return false;
        }
        Object type = schema.get("type");
        if ("string".equals(type)) {
            return true;
        }
        if ("object".equals(type)) {
            return !schema.containsKey("properties") && !(schema.get("additionalProperties") instanceof Map);
        }
        return type == null;
    }
}

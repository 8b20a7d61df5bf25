package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
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
 * themselves: for each contracted controller, every operation lists exactly the statuses the method declares
 * (@Status and its @ApiResponse refusals), each refusal as problem+json with the Problem schema, and no request or
 * JSON response outside /fhir is an untyped string or map. Routes not yet converted are named in {@link #NOT_YET}
 * (the report of issue 12 lists them); the list may only shrink: a new untyped route fails this test.
 */
class OpenApiContractTest {
    static final List<Class<?>> CONTRACTED = List.of(org.wellbeingpassport.api.access.AccessRequestController.class,
            org.wellbeingpassport.api.access.ShareCodeController.class,
            org.wellbeingpassport.api.access.CarerController.class,
            org.wellbeingpassport.api.access.ResidentRequestController.class,
            org.wellbeingpassport.api.access.BreakGlassController.class,
            org.wellbeingpassport.api.access.NotificationController.class,
            org.wellbeingpassport.api.resident.SharingController.class,
            org.wellbeingpassport.api.resident.StoryController.class,
            org.wellbeingpassport.api.resident.PreviewController.class,
            org.wellbeingpassport.api.resident.ResidentController.class,
            org.wellbeingpassport.api.access.PassportController.class);

    /**
     * Bodies still untyped: none. 34 on 2 December 2026; 28 once the resident's and the professional's happy paths were
     * typed, 9 once every FHIR body outside /fhir was described by the components of {@link FhirSchemas}, 0 once the
     * correction routes' and the partner registration's JSON bodies were described by their records. The list may only
     * shrink: a new untyped body fails {@link #noUntypedBodyOutsideFhir}, and so does an entry here that is typed now.
     */
    static final Set<String> NOT_YET = Set.of();

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

    @Test
    void everyContractedOperationListsExactlyTheStatusesItsMethodDeclares() throws Exception {
        Map<String, Object> paths = map(document().get("paths"), "paths");
        int operations = 0;
        for (Class<?> c : CONTRACTED) {
            String base = c.getAnnotation(Controller.class).value();
            for (Method m : c.getDeclaredMethods()) {
                String[] route = route(m);
                if (route == null) {
                    continue;
                }
                String path = (base + "/" + route[1]).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
                if (path.isEmpty()) {
                    path = "/";
                }
                Map<String, Object> op = map(map(paths.get(path), path).get(route[0]), route[0] + " " + path);
                Set<String> declared = new TreeSet<>();
                Status status = m.getAnnotation(Status.class);
                declared.add(Integer.toString(status == null ? 200 : status.value().getCode()));
                for (ApiResponse r : m.getAnnotationsByType(ApiResponse.class)) {
                    declared.add(r.responseCode());
                }
                Map<String, Object> responses = map(op.get("responses"), "responses of " + path);
                assertEquals(declared, new TreeSet<>(responses.keySet()), route[0] + " " + path);
                for (String code : declared) {
                    Map<String, Object> r = map(responses.get(code), code + " of " + path);
                    if (code.startsWith("4") || code.startsWith("5")) {
                        Map<String, Object> content = map(r.get("content"), "content of " + code + " " + path);
                        Map<String, Object> problem = map(content.get(ApiErrors.PROBLEM_JSON),
                                "problem+json of " + code + " " + path);
                        assertEquals("#/components/schemas/Problem", map(problem.get("schema"), "schema").get("$ref"),
                                code + " " + path);
                    }
                }
                operations++;
            }
        }
        assertEquals(26, operations, "every contracted operation was checked");
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

    static String[] route(Method m) {
        Get g = m.getAnnotation(Get.class);
        if (g != null) {
            return new String[]{"get", uri(g.uri(), g.value())};
        }
        Post p = m.getAnnotation(Post.class);
        if (p != null) {
            return new String[]{"post", uri(p.uri(), p.value())};
        }
        Put u = m.getAnnotation(Put.class);
        if (u != null) {
            return new String[]{"put", uri(u.uri(), u.value())};
        }
        Delete d = m.getAnnotation(Delete.class);
        if (d != null) {
            return new String[]{"delete", uri(d.uri(), d.value())};
        }
        return null;
    }

    static String uri(String uri, String value) {
        String u = !uri.equals("/") && !uri.isEmpty() ? uri : value;
        return u.equals("/") ? "" : u;
    }
}

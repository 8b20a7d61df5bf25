package org.wellbeingpassport.api.http;

import io.micronaut.http.annotation.Status;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.wellbeingpassport.api.gate.RouteCoverageTest;

/**
 * The operations the OpenAPI document describes, read from Micronaut's router rather than from a list kept by hand:
 * every route of ours outside /fhir that is not {@link Hidden}, and the statuses its methods declare. Shared by
 * OpenApiContractTest (the document against the declarations) and ErrorRuleTableTest (a request per declared status).
 */
public final class Operations {
    private Operations() {
    }

    /** "METHOD /template" (as RouteCoverageTest writes it) to its routes: two when one path takes two media types. */
    public static Map<String, List<UriRouteInfo<?, ?>>> of(Router router) {
        Map<String, List<UriRouteInfo<?, ?>>> out = new TreeMap<>();
        router.uriRoutes().filter(r -> !r.getHttpMethodName().equals("HEAD")).forEach(r -> {
            Method m = r.getTargetMethod().getTargetMethod();
            Class<?> c = m.getDeclaringClass();
            String key = RouteCoverageTest.key(r);
            if (!c.getName().startsWith("org.wellbeingpassport.")
                    || ApiErrors.isFhirPath(key.substring(key.indexOf(' ') + 1)) || c.isAnnotationPresent(Hidden.class)
                    || m.isAnnotationPresent(Hidden.class)) {
                return;
            }
            List<UriRouteInfo<?, ?>> routes = out.computeIfAbsent(key, k -> new ArrayList<>());
            if (routes.stream().noneMatch(x -> x.getTargetMethod().getTargetMethod().equals(m))) {
                routes.add(r);
            }
        });
        return out;
    }

    /** The statuses a method declares: its {@code @Status} (200 without one) and every {@link ApiResponse}. */
    public static Set<String> declared(Method m) {
        Set<String> out = new TreeSet<>();
        Status status = m.getAnnotation(Status.class);
        out.add(Integer.toString(status == null ? 200 : status.value().getCode()));
        collect(m, out, new TreeSet<>());
        return out;
    }

    /** What every method behind an operation declares. */
    public static Set<String> declared(List<UriRouteInfo<?, ?>> routes) {
        Set<String> out = new TreeSet<>();
        routes.forEach(r -> out.addAll(declared(r.getTargetMethod().getTargetMethod())));
        return out;
    }

    /** ApiResponses on the element and, as Micronaut reads stereotypes, on the annotations composing it (Refuses). */
    private static void collect(AnnotatedElement e, Set<String> out, Set<String> seen) {
        for (ApiResponse r : e.getAnnotationsByType(ApiResponse.class)) {
            out.add(r.responseCode());
        }
        for (Annotation a : e.getAnnotations()) {
            Class<? extends Annotation> type = a.annotationType();
            if (type.getName().startsWith("org.wellbeingpassport.") && seen.add(type.getName())) {
                collect(type, out, seen);
            }
        }
    }
}

package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI document of every endpoint outside /fhir, generated from the controllers when the service is built. */
@Controller("/openapi")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class OpenApiController {
    static final String DOCUMENT = "META-INF/swagger/wellbeing-passport-0.1.yml";
    private final String yaml;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            yaml = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = "application/yaml")
    public HttpResponse<String> openapi() {
        if (yaml == null) {
            throw new Problem(io.micronaut.http.HttpStatus.NOT_FOUND, "Not built",
                    "This build has no OpenAPI document");
        }
        return HttpResponse.ok(yaml);
    }
}

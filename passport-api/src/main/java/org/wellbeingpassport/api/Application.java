package org.wellbeingpassport.api;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.io.PrintStream;
import java.util.Arrays;
import org.wellbeingpassport.api.audit.AuditCli;

/**
 * The passport service's one entry point:
 * <ul>
 * <li>{@code java -jar passport-api.jar} starts the service;</li>
 * <li>{@code java -jar passport-api.jar demo} starts it with demo residents, organisations and demo sign-in;</li>
 * <li>{@code java -jar passport-api.jar keys ...} manages keys (init, rotate, show public keys);</li>
 * <li>{@code java -jar passport-api.jar audit ...} verifies and exports the audit trail.</li>
 * </ul>
 * A start that cannot succeed (no passphrase, no key store where data needs one, a configuration that does not
 * bind, a store that does not answer) stops before the port opens, with one line on standard error saying why and
 * exit status 1: never a service that answers 500 to everything.
 */
@OpenAPIDefinition(info = @Info(title = "wellbeing-passport", version = "0.1", description = "The Wellbeing Passport API"
        + " outside /fhir: residents, carers, professionals, auditors. The FHIR R4 API is described by GET /fhir/metadata."
        + "\n\nErrors: application/problem+json (type, title, status, detail, errors: one 'path: what it must be' per"
        + " problem). 400 malformed or an unknown field (named); 401 no or bad token; 403 not for this kind of caller;"
        + " 404 not there or not yours (the same answer); 409 conflict; 412 stale version; 422 well-formed but invalid"
        + " (the path of each problem); 429 with Retry-After; 503 audit store down (nothing disclosed or changed)."
        + "\n\nIdentity: a bearer JWT from this service or a trusted identity provider (iss, sub, aud, iat, exp;"
        + " signed with a key in the issuer's JWKS). wp_kind says who: resident, carer, professional, system, auditor,"
        + " ops or admin; name is optional. A professional's token also carries wp_role (a role code), wp_org,"
        + " wp_org_type (an organisation type code) and optionally wp_org_name; a partner system's carries wp_org and"
        + " wp_org_type. Example (professional): {\"iss\": \"https://login.example-idp.test\", \"sub\": \"p-4711\","
        + " \"aud\": \"urn:wellbeing-passport:api\", \"iat\": 1796200000, \"exp\": 1796203600,"
        + " \"wp_kind\": \"professional\", \"name\": \"Sam Okafor\", \"wp_role\": \"social-prescribing-link-worker\","
        + " \"wp_org\": \"org-newham-sp\", \"wp_org_type\": \"voluntary-community\"}"))
public final class Application {
    /** The exit status of a start that could not succeed. */
    public static final int CANNOT_START = 1;

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("keys")) {
            System.exit(KeysCli.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("audit")) {
            System.exit(AuditCli.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        boolean demo = args.length > 0 && args[0].equals("demo");
        String[] rest = demo ? Arrays.copyOfRange(args, 1, args.length) : args;
        Micronaut builder = new FailFast(System.err);
        builder.args(rest).mainClass(Application.class).banner(false);
        builder.properties(java.util.Map.<String, Object>of(StartupChecks.PROPERTY, "true"));
        // every configuration bean is bound at start, so a setting that does not bind stops the start
        builder.eagerInitConfiguration(true);
        if (demo) {
            builder.environments("demo");
        }
        builder.start();
    }

    /** Micronaut's start, except that a failed start says why in one line (no stack trace) and exits 1. */
    static final class FailFast extends Micronaut {
        private final PrintStream err;

        FailFast(PrintStream err) {
            this.err = err;
        }

        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            err.println(StartupFailure.line(exception));
            err.flush();
            System.exit(CANNOT_START);
        }
    }
}

package org.wellbeingpassport.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
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
 */
@OpenAPIDefinition(info = @Info(title = "wellbeing-passport", version = "0.1", description = "The Wellbeing Passport API"
        + " outside /fhir: residents, carers, professionals, auditors. The FHIR R4 API is described by GET /fhir/metadata."))
public final class Application {
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
        var builder = Micronaut.build(rest).mainClass(Application.class).banner(false);
        if (demo) {
            builder.environments("demo");
        }
        builder.start();
    }
}

package org.wellbeingpassport.api.audit;

/** The audit entry could not be recorded: the access must not be served (fail closed). */
public final class AuditUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(String message) {
        super(message);
    }

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

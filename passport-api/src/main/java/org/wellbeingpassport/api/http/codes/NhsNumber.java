package org.wellbeingpassport.api.http.codes;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An NHS number: ten digits (spaces and dashes allowed) whose last is the modulus 11 check digit of the first nine.
 * Checked by {@link NhsNumberValidator}; a number that fails is a 422 at the door, whoever it belongs to (the check
 * says nothing about whether a passport exists).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Constraint(validatedBy = {})
public @interface NhsNumber {
    String message() default "must be an NHS number: 10 digits whose last is the check digit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

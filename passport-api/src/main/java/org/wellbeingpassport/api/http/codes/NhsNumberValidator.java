package org.wellbeingpassport.api.http.codes;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;

/** The check behind {@link NhsNumber}: the fhir-adapter's modulus 11 rule, after removing spaces and dashes. */
@Singleton
public final class NhsNumberValidator implements ConstraintValidator<NhsNumber, String> {
    @Override
    public boolean isValid(@Nullable String value, @NonNull AnnotationValue<NhsNumber> annotation,
            @NonNull ConstraintValidatorContext context) {
        if (value == null) {
            return true; // @NotNull says whether it is required
        }
        String digits = value.replace(" ", "").replace("-", "");
        return digits.matches("[0-9]{10}") && org.wellbeingpassport.fhir.example.NhsNumber.isValid(digits);
    }
}

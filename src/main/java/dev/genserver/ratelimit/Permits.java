package dev.genserver.ratelimit;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;

/**
 * A number of permits to take: 1 to the configured capacity. A constraint rather than a check in the handler, so
 * that Spring MVC refuses it with the request's other parameters, before the request's conditions are judged
 * (RFC 9110, 13.2.1: {@code permits=11} with {@code If-Match} is the 400 it is without it, not a 412).
 */
@Documented
@Constraint(validatedBy = Permits.WithinCapacity.class)
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface Permits {

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The refusal, of the capacity; Spring MVC's answer puts the parameter's name before it. */
    String OUT_OF_RANGE = "must be between 1 and %d";

    /** Made by Spring's constraint validator factory, which gives it the limiter. */
    final class WithinCapacity implements ConstraintValidator<Permits, Long> {

        private final RateLimiter limiter;

        WithinCapacity(RateLimiter limiter) {
            this.limiter = limiter;
        }

        @Override
        public boolean isValid(Long permits, ConstraintValidatorContext context) {
            int capacity = limiter.capacity();
            if (permits != null && permits >= 1 && permits <= capacity) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(String.format(Locale.ROOT, OUT_OF_RANGE, capacity))
                    .addConstraintViolation();
            return false;
        }
    }
}

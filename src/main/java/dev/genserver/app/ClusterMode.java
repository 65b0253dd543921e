package dev.genserver.app;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code genserver.cluster.enabled} turns cluster mode on, read as the property binds ({@code true},
 * {@code on}, {@code yes}, {@code 1} and their opposites): the single instance's beans ({@link Off}) and the
 * cluster's ({@link On}) are chosen by it. {@code @ConditionalOnProperty} compares text, so {@code yes} bound the
 * properties as on while matching neither side, and startup failed on a missing bean; a value that is no boolean
 * at all fails startup naming the property.
 */
public final class ClusterMode {

    static final String PROPERTY = "genserver.cluster.enabled";

    private ClusterMode() {
    }

    /** Whether cluster mode is on; off when the property is absent. */
    public static boolean isOn(Environment environment) {
        return Binder.get(environment).bind(PROPERTY, Boolean.class).orElse(false);
    }

    /** Matches in cluster mode. */
    public static final class On implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isOn(context.getEnvironment());
        }
    }

    /** Matches on a single instance, the default. */
    public static final class Off implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !isOn(context.getEnvironment());
        }
    }
}

package dev.genserver.session;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The seed's {@code schedule_cleanup/0}, moved out of the process: Spring's scheduler sends the store a cleanup
 * message every {@code genserver.sessions.cleanup-interval}, and the store does the work in {@code handleInfo}.
 * In a cluster every member schedules it and only the member hosting the store sends it
 * ({@link SessionStore#requestCleanup()}), so it runs once per interval in the cluster.
 *
 * <p>The delay is read from the bound {@link SessionProperties} (through {@link SessionStore#cleanupInterval()})
 * rather than from a second placeholder, so the "default = ttl" rule and the "bare number = seconds" rule are
 * applied in one place.
 */
@Component
class SessionCleanup {

    private final SessionStore sessions;

    SessionCleanup(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Scheduled(fixedDelayString = "#{@sessionStore.cleanupInterval().toMillis()}",
            initialDelayString = "#{@sessionStore.cleanupInterval().toMillis()}")
    void cleanup() {
        sessions.requestCleanup();
    }
}

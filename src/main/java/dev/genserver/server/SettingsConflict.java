package dev.genserver.server;

/**
 * Settings each valid alone that cannot hold together, found as the application starts: it does not start, and
 * {@link SettingsConflictAnalyzer} prints what is wrong and what to change in Boot's "APPLICATION FAILED TO START"
 * block, instead of a bean-creation stack trace with the reason forty lines down.
 */
final class SettingsConflict extends RuntimeException {

    private final String action;

    /** {@code description}: what conflicts, with the values in force; {@code action}: what to change. */
    SettingsConflict(String description, String action) {
        super(description);
        this.action = action;
    }

    String action() {
        return action;
    }
}

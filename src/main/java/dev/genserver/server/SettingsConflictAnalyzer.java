package dev.genserver.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A {@link SettingsConflict}, told as Boot tells a setting it cannot bind (registered in spring.factories). */
class SettingsConflictAnalyzer extends AbstractFailureAnalyzer<SettingsConflict> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SettingsConflict conflict) {
        return new FailureAnalysis(conflict.getMessage(), conflict.action(), conflict);
    }
}

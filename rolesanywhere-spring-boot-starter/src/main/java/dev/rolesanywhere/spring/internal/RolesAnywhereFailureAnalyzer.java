package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.core.RolesAnywhereException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start-up failure of the IAM Roles Anywhere provider into Boot's "Description / Action" report. */
public final class RolesAnywhereFailureAnalyzer extends AbstractFailureAnalyzer<RolesAnywhereException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RolesAnywhereException cause) {
        if (cause instanceof RolesAnywherePropertiesException properties) {
            return new FailureAnalysis(properties.getMessage(), properties.action(), cause);
        }
        return new FailureAnalysis("IAM Roles Anywhere could not be set up: " + cause.getMessage(),
                "Check the aws.rolesanywhere.* properties and the files, token or profile they name", cause);
    }
}

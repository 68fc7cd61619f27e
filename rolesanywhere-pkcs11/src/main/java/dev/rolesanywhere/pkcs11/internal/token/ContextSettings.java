package dev.rolesanywhere.pkcs11.internal.token;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How one {@link ModuleContext} uses its module and tokens, as the public builders configured it: one settings object,
 * translated into from each builder.
 */
public final class ContextSettings {
    private final Integer maxSessions;
    private final boolean exclusiveModuleUse;
    private final Duration idleSessionCheckThreshold;
    private final Path rejectedPinDirectory;

    private ContextSettings(Builder b) {
        this.maxSessions = b.maxSessions;
        this.exclusiveModuleUse = b.exclusiveModuleUse;
        this.idleSessionCheckThreshold = b.idleSessionCheckThreshold != null ? b.idleSessionCheckThreshold
                : SessionPool.DEFAULT_IDLE_CHECK_THRESHOLD;
        this.rejectedPinDirectory = b.rejectedPinDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound on each token's pooled sessions; null for the default. */
    Integer maxSessions() {
        return maxSessions;
    }

    /**
     * True when the caller owns every use of the module in this process: closing then logs out a login this library
     * made and finalises a module this library initialised, once no other user in this library needs them.
     */
    boolean exclusiveModuleUse() {
        return exclusiveModuleUse;
    }

    Duration idleSessionCheckThreshold() {
        return idleSessionCheckThreshold;
    }

    /** Where rejected PINs are remembered across processes; null when they are remembered in this JVM only. */
    Path rejectedPinDirectory() {
        return rejectedPinDirectory;
    }

    /**
     * Where rejected-PIN markers go unless configured: {@code $XDG_STATE_HOME/rolesanywhere/rejected-pins}, else
     * {@code ~/.local/state/rolesanywhere/rejected-pins}.
     */
    public static Path defaultRejectedPinMarkerDirectory() {
        return RejectedPinMarker.defaultDirectory();
    }

    /** Builds {@link ContextSettings}; every value is optional. */
    public static final class Builder {
        private Integer maxSessions;
        private boolean exclusiveModuleUse;
        private Duration idleSessionCheckThreshold;
        private Path rejectedPinDirectory;

        private Builder() {
        }

        public Builder maxSessions(Integer maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        public Builder exclusiveModuleUse(boolean exclusiveModuleUse) {
            this.exclusiveModuleUse = exclusiveModuleUse;
            return this;
        }

        public Builder idleSessionCheckThreshold(Duration idleSessionCheckThreshold) {
            this.idleSessionCheckThreshold = idleSessionCheckThreshold;
            return this;
        }

        public Builder rejectedPinDirectory(Path rejectedPinDirectory) {
            this.rejectedPinDirectory = rejectedPinDirectory;
            return this;
        }

        public ContextSettings build() {
            return new ContextSettings(this);
        }
    }
}

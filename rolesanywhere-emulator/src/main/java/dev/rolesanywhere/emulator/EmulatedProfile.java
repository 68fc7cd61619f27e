package dev.rolesanywhere.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A Roles Anywhere profile as the emulator knows it: which roles it lets a session assume, the longest session it
 * grants, and whether callers may name the session. Unset fields are filled in by the emulator (a random profile ARN
 * in its region and account, one default role, a 43200-second cap, session names refused as the service's default).
 */
public final class EmulatedProfile {
    /** The longest session Roles Anywhere grants. */
    public static final int MAX_DURATION_SECONDS = 43200;
    /** The shortest session Roles Anywhere grants. */
    public static final int MIN_DURATION_SECONDS = 900;

    private final String arn;
    private final List<String> roleArns;
    private final Integer durationSeconds;
    private final Boolean acceptRoleSessionName;

    private EmulatedProfile(BuilderImpl builder) {
        this.arn = builder.arn;
        this.roleArns = Collections.unmodifiableList(new ArrayList<>(builder.roleArns));
        this.durationSeconds = builder.durationSeconds;
        this.acceptRoleSessionName = builder.acceptRoleSessionName;
        if (durationSeconds != null
                && (durationSeconds < MIN_DURATION_SECONDS || durationSeconds > MAX_DURATION_SECONDS)) {
            throw new IllegalArgumentException("Profile durationSeconds must be " + MIN_DURATION_SECONDS + ".."
                    + MAX_DURATION_SECONDS + ", got " + durationSeconds);
        }
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    /** The profile ARN, or null to let the emulator generate one. */
    public String arn() {
        return arn;
    }

    /** Roles sessions may assume; empty to let the emulator add its default role. */
    public List<String> roleArns() {
        return roleArns;
    }

    /** The session duration cap in seconds, or null for 43200. */
    public Integer durationSeconds() {
        return durationSeconds;
    }

    /** Whether a request may carry {@code roleSessionName}; null means no, as for a new profile in the service. */
    public Boolean acceptRoleSessionName() {
        return acceptRoleSessionName;
    }

    @Override
    public String toString() {
        return "EmulatedProfile{arn=" + arn + ", roleArns=" + roleArns + ", durationSeconds=" + durationSeconds
                + ", acceptRoleSessionName=" + acceptRoleSessionName + '}';
    }

    /** Builds an {@link EmulatedProfile}. */
    public interface Builder {
        /** {@code arn:aws:rolesanywhere:{region}:{account}:profile/{uuid}}. */
        Builder arn(String arn);

        /** Replaces the allowed roles. */
        Builder roleArns(Collection<String> roleArns);

        /** Adds one allowed role. */
        Builder roleArn(String roleArn);

        /** Caps session duration (900..43200 seconds). */
        Builder durationSeconds(Integer durationSeconds);

        /** Lets requests name the session. */
        Builder acceptRoleSessionName(Boolean acceptRoleSessionName);

        EmulatedProfile build();
    }

    private static final class BuilderImpl implements Builder {
        private String arn;
        private final List<String> roleArns = new ArrayList<>();
        private Integer durationSeconds;
        private Boolean acceptRoleSessionName;

        BuilderImpl() {
        }

        BuilderImpl(EmulatedProfile profile) {
            this.arn = profile.arn;
            this.roleArns.addAll(profile.roleArns);
            this.durationSeconds = profile.durationSeconds;
            this.acceptRoleSessionName = profile.acceptRoleSessionName;
        }

        @Override
        public Builder arn(String arn) {
            this.arn = arn;
            return this;
        }

        @Override
        public Builder roleArns(Collection<String> roleArns) {
            this.roleArns.clear();
            for (String roleArn : roleArns) {
                roleArn(roleArn);
            }
            return this;
        }

        @Override
        public Builder roleArn(String roleArn) {
            this.roleArns.add(Objects.requireNonNull(roleArn, "roleArn"));
            return this;
        }

        @Override
        public Builder durationSeconds(Integer durationSeconds) {
            this.durationSeconds = durationSeconds;
            return this;
        }

        @Override
        public Builder acceptRoleSessionName(Boolean acceptRoleSessionName) {
            this.acceptRoleSessionName = acceptRoleSessionName;
            return this;
        }

        @Override
        public EmulatedProfile build() {
            return new EmulatedProfile(this);
        }
    }
}

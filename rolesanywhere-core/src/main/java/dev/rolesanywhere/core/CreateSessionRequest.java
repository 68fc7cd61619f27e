package dev.rolesanywhere.core;

import dev.rolesanywhere.core.internal.Arn;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to ask IAM Roles Anywhere for: which key signs, which trust anchor, profile and role, for how long.
 *
 * <p>Immutable and thread-safe; validated in {@link Builder#build()} so that mistakes surface as a
 * {@link ConfigurationException} naming the bad value before anything is sent.
 */
public final class CreateSessionRequest {
    /** The shortest session the service grants. */
    public static final Duration MIN_DURATION = Duration.ofMinutes(15);
    /** The longest session the service grants (a profile may cap it lower). */
    public static final Duration MAX_DURATION = Duration.ofHours(12);
    /** The session length used when none is set. */
    public static final Duration DEFAULT_DURATION = Duration.ofHours(1);

    // The IAM role session name alphabet and length.
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private final Signer signer;
    private final Arn trustAnchorArn;
    private final Arn profileArn;
    private final Arn roleArn;
    private final Duration duration;
    private final String roleSessionName;

    private CreateSessionRequest(BuilderImpl b, boolean signerRequired) {
        if (signerRequired && b.signer == null) {
            throw new ConfigurationException("signer is required: pass the Signer that holds the private key and "
                    + "certificate (for example a PrivateKeySigner, FileSigner or Pkcs11Signer)");
        }
        this.signer = b.signer;
        this.trustAnchorArn = Arn.trustAnchor(b.trustAnchorArn);
        this.profileArn = Arn.profile(b.profileArn);
        this.roleArn = Arn.role(b.roleArn);
        if (!trustAnchorArn.region().equals(profileArn.region())) {
            throw new ConfigurationException("The trust anchor is in region '" + trustAnchorArn.region()
                    + "' but the profile is in region '" + profileArn.region() + "': a session can only be created "
                    + "with a trust anchor and a profile from the same region. Use the profile ARN from the trust "
                    + "anchor's region.");
        }
        if (trustAnchorArn.partition() != profileArn.partition()
                || trustAnchorArn.partition() != roleArn.partition()) {
            throw new ConfigurationException("The trust anchor, profile and role ARNs name different partitions ("
                    + trustAnchorArn.partition().id() + ", " + profileArn.partition().id() + ", "
                    + roleArn.partition().id() + "): all three must be in the same partition.");
        }
        this.duration = b.duration == null ? DEFAULT_DURATION : b.duration;
        if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0
                || duration.toNanosPart() != 0) {
            throw new ConfigurationException("The session duration " + seconds(duration) + " is out of range: a "
                    + "session lasts whole seconds between 900 (15 minutes) and 43200 (12 hours); the profile's "
                    + "durationSeconds may cap it lower.");
        }
        if (b.roleSessionName != null && !SESSION_NAME.matcher(b.roleSessionName).matches()) {
            throw new ConfigurationException("roleSessionName '" + b.roleSessionName + "' is not valid: use 2 to 64 "
                    + "characters from letters, digits and + = , . @ _ -");
        }
        this.roleSessionName = b.roleSessionName;
    }

    /** Seconds, as the command line and the service count them; a fraction is shown so it is seen to be refused. */
    private static String seconds(Duration duration) {
        return duration.toNanosPart() == 0 ? duration.toSeconds() + " s"
                : duration.toMillis() / 1000.0 + " s";
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    public Signer signer() {
        return signer;
    }

    public String trustAnchorArn() {
        return trustAnchorArn.value();
    }

    public String profileArn() {
        return profileArn.value();
    }

    public String roleArn() {
        return roleArn.value();
    }

    /** The requested session length, {@link #DEFAULT_DURATION} unless set. */
    public Duration duration() {
        return duration;
    }

    public Optional<String> roleSessionName() {
        return Optional.ofNullable(roleSessionName);
    }

    /** The region named by the trust anchor ARN (and the profile ARN, which must agree). */
    public String region() {
        return trustAnchorArn.region();
    }

    Arn parsedTrustAnchorArn() {
        return trustAnchorArn;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CreateSessionRequest)) {
            return false;
        }
        CreateSessionRequest that = (CreateSessionRequest) o;
        return signer.equals(that.signer)
                && trustAnchorArn().equals(that.trustAnchorArn())
                && profileArn().equals(that.profileArn())
                && roleArn().equals(that.roleArn())
                && duration.equals(that.duration)
                && Objects.equals(roleSessionName, that.roleSessionName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trustAnchorArn(), profileArn(), roleArn(), duration, roleSessionName);
    }

    @Override
    public String toString() {
        return "CreateSessionRequest(trustAnchorArn=" + trustAnchorArn + ", profileArn=" + profileArn
                + ", roleArn=" + roleArn + ", duration=" + duration
                + (roleSessionName == null ? "" : ", roleSessionName=" + roleSessionName) + ")";
    }

    /** Builds a {@link CreateSessionRequest}. Signer and the three ARNs are required. */
    public interface Builder {
        /** The key and certificate that prove the caller's identity. Not closed by the client. */
        Builder signer(Signer signer);

        Builder trustAnchorArn(String trustAnchorArn);

        Builder profileArn(String profileArn);

        Builder roleArn(String roleArn);

        /** Session length, 900 s to 43200 s; default one hour. */
        Builder duration(Duration duration);

        /** Optional session name; the profile must have {@code acceptRoleSessionName} enabled. */
        Builder roleSessionName(String roleSessionName);

        /** @throws ConfigurationException naming the first invalid or missing value */
        CreateSessionRequest build();
    }

    static final class BuilderImpl implements Builder {
        private Signer signer;
        private String trustAnchorArn;
        private String profileArn;
        private String roleArn;
        private Duration duration;
        private String roleSessionName;

        BuilderImpl() {
        }

        BuilderImpl(CreateSessionRequest r) {
            signer = r.signer;
            trustAnchorArn = r.trustAnchorArn();
            profileArn = r.profileArn();
            roleArn = r.roleArn();
            duration = r.duration;
            roleSessionName = r.roleSessionName;
        }

        @Override
        public Builder signer(Signer v) {
            signer = v;
            return this;
        }

        @Override
        public Builder trustAnchorArn(String v) {
            trustAnchorArn = v;
            return this;
        }

        @Override
        public Builder profileArn(String v) {
            profileArn = v;
            return this;
        }

        @Override
        public Builder roleArn(String v) {
            roleArn = v;
            return this;
        }

        @Override
        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        @Override
        public Builder roleSessionName(String v) {
            roleSessionName = v;
            return this;
        }

        @Override
        public CreateSessionRequest build() {
            return new CreateSessionRequest(this, true);
        }

        /** Runs every check of {@link #build()} but the one for a signer, which may not be loaded yet. */
        void validateWithoutSigner() {
            new CreateSessionRequest(this, false);
        }
    }
}

package dev.rolesanywhere.core;

import dev.rolesanywhere.core.internal.SessionCredentialRules;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Temporary AWS credentials returned by CreateSession, with what the service said about the session.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only the access key id and the expiry: the secret access key
 * and the session token never appear in logs through this type.
 *
 * <p>Every value is checked when it is built, so whatever holds one of these can write it into a credentials file, an
 * HTTP header or a log line safely: the access key id is 16 to 128 upper-case letters and digits, the secret and the
 * session token are base64 text of a bounded length, the expiration lies between the years 1970 and 9999, the ARNs,
 * the assumed-role id and the account id have their documented shapes, and no field holds a control character.
 */
public final class SessionCredentials {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Instant expiration;
    private final String roleArn;
    private final String assumedRoleArn;
    private final String assumedRoleId;
    private final String accountId;
    private final String sourceIdentity;
    private final String subjectArn;

    private SessionCredentials(BuilderImpl b) {
        this.accessKeyId = SessionCredentialRules.accessKeyId(b.accessKeyId);
        this.secretAccessKey = SessionCredentialRules.secretAccessKey(b.secretAccessKey);
        this.sessionToken = SessionCredentialRules.sessionToken(b.sessionToken);
        this.expiration = SessionCredentialRules.expiration(b.expiration);
        this.roleArn = SessionCredentialRules.arn("roleArn", b.roleArn);
        this.assumedRoleArn = SessionCredentialRules.arn("assumedRoleUser.arn", b.assumedRoleArn);
        this.assumedRoleId = SessionCredentialRules.assumedRoleId(b.assumedRoleId);
        this.accountId = SessionCredentialRules.accountId(b.accountId);
        this.sourceIdentity = SessionCredentialRules.sourceIdentity(b.sourceIdentity);
        this.subjectArn = SessionCredentialRules.arn("subjectArn", b.subjectArn);
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** The secret access key. Never logged by this library. */
    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** The session token. Never logged by this library. */
    public String sessionToken() {
        return sessionToken;
    }

    /** When the credentials stop working. */
    public Instant expiration() {
        return expiration;
    }

    /** The role that was assumed, as named in the request. */
    public String roleArn() {
        return roleArn;
    }

    /** The STS assumed-role ARN of the session ({@code arn:aws:sts::123456789012:assumed-role/Role/session}). */
    public String assumedRoleArn() {
        return assumedRoleArn;
    }

    /** The assumed-role id ({@code AROA…:session}). */
    public String assumedRoleId() {
        return assumedRoleId;
    }

    /** The account the credentials belong to, taken from the role or assumed-role ARN. */
    public Optional<String> accountId() {
        return Optional.ofNullable(accountId);
    }

    /** The source identity set on the session (the certificate's subject CN by default), if the service sent one. */
    public Optional<String> sourceIdentity() {
        return Optional.ofNullable(sourceIdentity);
    }

    /** The Roles Anywhere subject ARN for the certificate, if the service sent one. */
    public Optional<String> subjectArn() {
        return Optional.ofNullable(subjectArn);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SessionCredentials)) {
            return false;
        }
        SessionCredentials that = (SessionCredentials) o;
        return accessKeyId.equals(that.accessKeyId)
                && secretAccessKey.equals(that.secretAccessKey)
                && sessionToken.equals(that.sessionToken)
                && expiration.equals(that.expiration)
                && Objects.equals(roleArn, that.roleArn)
                && Objects.equals(assumedRoleArn, that.assumedRoleArn)
                && Objects.equals(assumedRoleId, that.assumedRoleId)
                && Objects.equals(accountId, that.accountId)
                && Objects.equals(sourceIdentity, that.sourceIdentity)
                && Objects.equals(subjectArn, that.subjectArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKeyId, sessionToken, expiration);
    }

    @Override
    public String toString() {
        return "SessionCredentials(accessKeyId=" + accessKeyId + ", expiration=" + expiration + ")";
    }

    /** Builds {@link SessionCredentials}; the three credential parts and the expiration are required. */
    public interface Builder {
        Builder accessKeyId(String accessKeyId);

        Builder secretAccessKey(String secretAccessKey);

        Builder sessionToken(String sessionToken);

        Builder expiration(Instant expiration);

        Builder roleArn(String roleArn);

        Builder assumedRoleArn(String assumedRoleArn);

        Builder assumedRoleId(String assumedRoleId);

        Builder accountId(String accountId);

        Builder sourceIdentity(String sourceIdentity);

        Builder subjectArn(String subjectArn);

        /**
         * @throws MalformedCredentialsException when a required part is missing or a value breaks the rules of its
         *                                       field (see the class description); the message never holds a value
         */
        SessionCredentials build();
    }

    private static final class BuilderImpl implements Builder {
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private Instant expiration;
        private String roleArn;
        private String assumedRoleArn;
        private String assumedRoleId;
        private String accountId;
        private String sourceIdentity;
        private String subjectArn;

        BuilderImpl() {
        }

        BuilderImpl(SessionCredentials c) {
            accessKeyId = c.accessKeyId;
            secretAccessKey = c.secretAccessKey;
            sessionToken = c.sessionToken;
            expiration = c.expiration;
            roleArn = c.roleArn;
            assumedRoleArn = c.assumedRoleArn;
            assumedRoleId = c.assumedRoleId;
            accountId = c.accountId;
            sourceIdentity = c.sourceIdentity;
            subjectArn = c.subjectArn;
        }

        @Override
        public Builder accessKeyId(String v) {
            accessKeyId = v;
            return this;
        }

        @Override
        public Builder secretAccessKey(String v) {
            secretAccessKey = v;
            return this;
        }

        @Override
        public Builder sessionToken(String v) {
            sessionToken = v;
            return this;
        }

        @Override
        public Builder expiration(Instant v) {
            expiration = v;
            return this;
        }

        @Override
        public Builder roleArn(String v) {
            roleArn = v;
            return this;
        }

        @Override
        public Builder assumedRoleArn(String v) {
            assumedRoleArn = v;
            return this;
        }

        @Override
        public Builder assumedRoleId(String v) {
            assumedRoleId = v;
            return this;
        }

        @Override
        public Builder accountId(String v) {
            accountId = v;
            return this;
        }

        @Override
        public Builder sourceIdentity(String v) {
            sourceIdentity = v;
            return this;
        }

        @Override
        public Builder subjectArn(String v) {
            subjectArn = v;
            return this;
        }

        @Override
        public SessionCredentials build() {
            return new SessionCredentials(this);
        }
    }
}

package dev.rolesanywhere.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One CreateSession attempt as the emulator saw it. The signature is recorded (it is no secret: it can only be
 * replayed within the five-minute window against this emulator). Of the credentials issued in answer only the access
 * key id is recorded, never the secret key or the session token.
 */
public final class LoggedRequest {
    private final String requestId;
    private final Instant receivedAt;
    private final String amzDate;
    private final String algorithm;
    private final List<String> signedHeaders;
    private final String serialNumber;
    private final String signature;
    private final int statusCode;
    private final String errorType;
    private final String errorMessage;
    private final FaultType fault;
    private final String canonicalRequest;
    private final String stringToSign;
    private final String trustAnchorArn;
    private final String profileArn;
    private final String roleArn;
    private final Integer durationSeconds;
    private final String roleSessionName;
    private final String accessKeyId;
    private final String userAgent;

    private LoggedRequest(BuilderImpl b) {
        this.requestId = b.requestId;
        this.receivedAt = b.receivedAt;
        this.amzDate = b.amzDate;
        this.algorithm = b.algorithm;
        this.signedHeaders = Collections.unmodifiableList(new ArrayList<>(b.signedHeaders));
        this.serialNumber = b.serialNumber;
        this.signature = b.signature;
        this.statusCode = b.statusCode;
        this.errorType = b.errorType;
        this.errorMessage = b.errorMessage;
        this.fault = b.fault;
        this.canonicalRequest = b.canonicalRequest;
        this.stringToSign = b.stringToSign;
        this.trustAnchorArn = b.trustAnchorArn;
        this.profileArn = b.profileArn;
        this.roleArn = b.roleArn;
        this.durationSeconds = b.durationSeconds;
        this.roleSessionName = b.roleSessionName;
        this.accessKeyId = b.accessKeyId;
        this.userAgent = b.userAgent;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /** The {@code x-amzn-RequestId} the emulator answered with. */
    public String requestId() {
        return requestId;
    }

    /** When the request arrived, by the emulator's clock. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The {@code X-Amz-Date} header as sent. */
    public Optional<String> amzDate() {
        return Optional.ofNullable(amzDate);
    }

    /** The algorithm named in the {@code Authorization} header. */
    public Optional<String> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /** The {@code SignedHeaders} list as sent (empty when the header could not be read). */
    public List<String> signedHeaders() {
        return signedHeaders;
    }

    /** The serial number as written in the Credential (decimal when the client is correct). */
    public Optional<String> serialNumber() {
        return Optional.ofNullable(serialNumber);
    }

    /** The hex signature as sent. */
    public Optional<String> signature() {
        return Optional.ofNullable(signature);
    }

    /** The HTTP status answered; 0 when the connection was dropped without an answer. */
    public int statusCode() {
        return statusCode;
    }

    /** Whether the emulator issued credentials. */
    public boolean succeeded() {
        return statusCode == 201;
    }

    /** The error type answered ({@code AccessDeniedException}, ...). */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** The error message answered. */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }

    /** The injected fault that decided the answer, if any. */
    public Optional<FaultType> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * The canonical request the emulator rebuilt from what it received (present once the signature was checked).
     * Compare it with the client's when a request is refused with "Invalid signature".
     */
    public Optional<String> canonicalRequest() {
        return Optional.ofNullable(canonicalRequest);
    }

    /** The string to sign the emulator derived from {@link #canonicalRequest()}. */
    public Optional<String> stringToSign() {
        return Optional.ofNullable(stringToSign);
    }

    /** The trust anchor ARN the request named (query or body). */
    public Optional<String> trustAnchorArn() {
        return Optional.ofNullable(trustAnchorArn);
    }

    /** The profile ARN the request named. */
    public Optional<String> profileArn() {
        return Optional.ofNullable(profileArn);
    }

    /** The role ARN the request named. */
    public Optional<String> roleArn() {
        return Optional.ofNullable(roleArn);
    }

    /** The {@code durationSeconds} the request asked for, if any. */
    public Optional<Integer> durationSeconds() {
        return Optional.ofNullable(durationSeconds);
    }

    /** The {@code roleSessionName} the request asked for, if any. */
    public Optional<String> roleSessionName() {
        return Optional.ofNullable(roleSessionName);
    }

    /** The access key id issued in answer (the secret key and token are never recorded). */
    public Optional<String> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /** The {@code User-Agent} header the client sent, if any. */
    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent);
    }

    @Override
    public String toString() {
        return "LoggedRequest{requestId=" + requestId + ", receivedAt=" + receivedAt + ", amzDate=" + amzDate
                + ", algorithm=" + algorithm + ", signedHeaders=" + signedHeaders + ", serialNumber=" + serialNumber
                + ", statusCode=" + statusCode + ", errorType=" + errorType + ", errorMessage=" + errorMessage
                + ", fault=" + fault + ", trustAnchorArn=" + trustAnchorArn + ", profileArn=" + profileArn
                + ", roleArn=" + roleArn + ", durationSeconds=" + durationSeconds + ", roleSessionName="
                + roleSessionName + ", accessKeyId=" + accessKeyId + ", userAgent=" + userAgent + '}';
    }

    /** Builds a {@link LoggedRequest}. */
    public interface Builder {
        Builder requestId(String requestId);

        Builder receivedAt(Instant receivedAt);

        Builder amzDate(String amzDate);

        Builder algorithm(String algorithm);

        Builder signedHeaders(List<String> signedHeaders);

        Builder serialNumber(String serialNumber);

        Builder signature(String signature);

        Builder statusCode(int statusCode);

        Builder errorType(String errorType);

        Builder errorMessage(String errorMessage);

        Builder fault(FaultType fault);

        Builder canonicalRequest(String canonicalRequest);

        Builder stringToSign(String stringToSign);

        Builder trustAnchorArn(String trustAnchorArn);

        Builder profileArn(String profileArn);

        Builder roleArn(String roleArn);

        Builder durationSeconds(Integer durationSeconds);

        Builder roleSessionName(String roleSessionName);

        Builder accessKeyId(String accessKeyId);

        Builder userAgent(String userAgent);

        LoggedRequest build();
    }

    private static final class BuilderImpl implements Builder {
        private String requestId;
        private Instant receivedAt;
        private String amzDate;
        private String algorithm;
        private List<String> signedHeaders = Collections.emptyList();
        private String serialNumber;
        private String signature;
        private int statusCode;
        private String errorType;
        private String errorMessage;
        private FaultType fault;
        private String canonicalRequest;
        private String stringToSign;
        private String trustAnchorArn;
        private String profileArn;
        private String roleArn;
        private Integer durationSeconds;
        private String roleSessionName;
        private String accessKeyId;
        private String userAgent;

        @Override
        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        @Override
        public Builder trustAnchorArn(String trustAnchorArn) {
            this.trustAnchorArn = trustAnchorArn;
            return this;
        }

        @Override
        public Builder profileArn(String profileArn) {
            this.profileArn = profileArn;
            return this;
        }

        @Override
        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        @Override
        public Builder durationSeconds(Integer durationSeconds) {
            this.durationSeconds = durationSeconds;
            return this;
        }

        @Override
        public Builder roleSessionName(String roleSessionName) {
            this.roleSessionName = roleSessionName;
            return this;
        }

        @Override
        public Builder accessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
            return this;
        }

        @Override
        public Builder canonicalRequest(String canonicalRequest) {
            this.canonicalRequest = canonicalRequest;
            return this;
        }

        @Override
        public Builder stringToSign(String stringToSign) {
            this.stringToSign = stringToSign;
            return this;
        }

        @Override
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        @Override
        public Builder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        @Override
        public Builder amzDate(String amzDate) {
            this.amzDate = amzDate;
            return this;
        }

        @Override
        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        @Override
        public Builder signedHeaders(List<String> signedHeaders) {
            this.signedHeaders = signedHeaders == null ? Collections.<String>emptyList() : signedHeaders;
            return this;
        }

        @Override
        public Builder serialNumber(String serialNumber) {
            this.serialNumber = serialNumber;
            return this;
        }

        @Override
        public Builder signature(String signature) {
            this.signature = signature;
            return this;
        }

        @Override
        public Builder statusCode(int statusCode) {
            this.statusCode = statusCode;
            return this;
        }

        @Override
        public Builder errorType(String errorType) {
            this.errorType = errorType;
            return this;
        }

        @Override
        public Builder errorMessage(String errorMessage) {
            this.errorMessage = errorMessage;
            return this;
        }

        @Override
        public Builder fault(FaultType fault) {
            this.fault = fault;
            return this;
        }

        @Override
        public LoggedRequest build() {
            return new LoggedRequest(this);
        }
    }
}

package dev.rolesanywhere.emulator.internal;

import java.time.Instant;

/** Temporary credentials the emulator handed out, remembered so its STS endpoint can verify their use. */
final class IssuedSession {
    final String accessKeyId;
    final String secretAccessKey;
    final String sessionToken;
    final Instant expiration;
    final String roleArn;
    final String assumedRoleArn;
    final String assumedRoleId;
    final String accountId;

    IssuedSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
            String roleArn, String assumedRoleArn, String assumedRoleId, String accountId) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.expiration = expiration;
        this.roleArn = roleArn;
        this.assumedRoleArn = assumedRoleArn;
        this.assumedRoleId = assumedRoleId;
        this.accountId = accountId;
    }

    @Override
    public String toString() {
        return "IssuedSession{accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", roleArn=" + roleArn + '}';
    }
}

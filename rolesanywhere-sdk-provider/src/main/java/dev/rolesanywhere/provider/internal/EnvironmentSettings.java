package dev.rolesanywhere.provider.internal;

import dev.rolesanywhere.provider.RolesAnywhereSystemSetting;
import java.util.Optional;

/** Reads a provider configuration from the system properties and environment variables of {@link RolesAnywhereSystemSetting}. */
public final class EnvironmentSettings {
    private EnvironmentSettings() {
    }

    public static ProviderSettings read() {
        ProviderSettings s = new ProviderSettings();
        s.trustAnchorArn = value(RolesAnywhereSystemSetting.TRUST_ANCHOR_ARN).orElse(null);
        s.profileArn = value(RolesAnywhereSystemSetting.PROFILE_ARN).orElse(null);
        s.roleArn = value(RolesAnywhereSystemSetting.ROLE_ARN).orElse(null);
        s.certificate = value(RolesAnywhereSystemSetting.CERTIFICATE).orElse(null);
        s.privateKey = value(RolesAnywhereSystemSetting.PRIVATE_KEY).orElse(null);
        s.intermediates = value(RolesAnywhereSystemSetting.INTERMEDIATES)
                .map(v -> ProviderSettings.parsePath(v, where(RolesAnywhereSystemSetting.INTERMEDIATES))).orElse(null);
        s.pkcs11Library = value(RolesAnywhereSystemSetting.PKCS11_LIBRARY).orElse(null);
        s.reusePin = value(RolesAnywhereSystemSetting.REUSE_PIN)
                .map(v -> ProviderSettings.parseBoolean(v, where(RolesAnywhereSystemSetting.REUSE_PIN))).orElse(null);
        s.region = value(RolesAnywhereSystemSetting.REGION).orElse(null);
        s.endpoint = value(RolesAnywhereSystemSetting.ENDPOINT)
                .map(v -> ProviderSettings.parseEndpoint(v, where(RolesAnywhereSystemSetting.ENDPOINT))).orElse(null);
        s.caBundle = value(RolesAnywhereSystemSetting.CA_BUNDLE)
                .map(v -> ProviderSettings.parsePath(v, where(RolesAnywhereSystemSetting.CA_BUNDLE))).orElse(null);
        s.sessionDuration = value(RolesAnywhereSystemSetting.SESSION_DURATION)
                .map(v -> ProviderSettings.parseDuration(v, where(RolesAnywhereSystemSetting.SESSION_DURATION)))
                .orElse(null);
        s.roleSessionName = value(RolesAnywhereSystemSetting.ROLE_SESSION_NAME).orElse(null);
        return s;
    }

    private static Optional<String> value(RolesAnywhereSystemSetting setting) {
        return setting.getStringValue().map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String where(RolesAnywhereSystemSetting setting) {
        return "system property " + setting.property() + " / environment variable " + setting.environmentVariable();
    }
}

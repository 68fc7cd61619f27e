package dev.rolesanywhere.core;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings every AWS SDK and tool reads from the environment and from a profile of the shared config file, as far
 * as they concern the CreateSession call: FIPS and dual-stack endpoints, a configured endpoint URL, the CA bundle,
 * the number of attempts, and the proxy. The reference {@code aws_signing_helper} builds its client from the AWS SDK
 * for Go's default configuration, so its users rely on these; the command line and profiles served in-process honour
 * them the same way.
 *
 * <p>An environment variable wins over the profile key of the same setting; both lose to values given explicitly (on
 * the command line, to a builder): {@code explicit.withDefaultsFrom(SharedAwsSettings.read(...))}.
 *
 * <table>
 *   <caption>Settings read</caption>
 *   <tr><th>Environment variable</th><th>Profile key</th><th>Field</th></tr>
 *   <tr><td>AWS_USE_FIPS_ENDPOINT</td><td>use_fips_endpoint</td><td>fipsEnabled</td></tr>
 *   <tr><td>AWS_USE_DUALSTACK_ENDPOINT</td><td>use_dualstack_endpoint</td><td>dualstackEnabled</td></tr>
 *   <tr><td>AWS_ENDPOINT_URL_ROLESANYWHERE, then AWS_ENDPOINT_URL</td><td>{@code rolesanywhere.endpoint_url} of the
 *       profile's {@code services} section, then endpoint_url</td><td>endpoint (none of them when
 *       AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls is true)</td></tr>
 *   <tr><td>AWS_CA_BUNDLE</td><td>ca_bundle</td><td>caBundle</td></tr>
 *   <tr><td>AWS_MAX_ATTEMPTS</td><td>max_attempts</td><td>maxAttempts</td></tr>
 *   <tr><td>AWS_RETRY_MODE</td><td>retry_mode</td><td>checked (legacy, standard, adaptive); the backoff is always
 *       capped exponential with jitter</td></tr>
 *   <tr><td>HTTPS_PROXY (or https_proxy), NO_PROXY (or no_proxy)</td><td></td><td>proxy, nonProxyHosts</td></tr>
 * </table>
 */
public final class SharedAwsSettings {
    /** The service's key in a {@code services} section and the suffix of its endpoint variable. */
    public static final String SERVICE_ID = "rolesanywhere";
    /** The profile key naming the profile's {@code [services NAME]} section. */
    public static final String SERVICES_KEY = "services";

    private SharedAwsSettings() {
    }

    /**
     * The settings of {@code environment} and, where it has none, of the profile.
     *
     * @param environment     a variable's value, or null when unset ({@code System::getenv}); empty values count as
     *                        unset
     * @param profile         the keys of the profile in use ({@code AWS_PROFILE}, else {@code default}), or empty
     * @param servicesSection the keys of the {@code [services NAME]} section the profile names, or empty; the SDK's
     *                        profile parser flattens {@code rolesanywhere =} / {@code endpoint_url = …} into the key
     *                        {@code rolesanywhere.endpoint_url}
     * @param profileName     for messages
     * @throws ConfigurationException naming the variable or key of a malformed value
     */
    public static SessionSpec read(Function<String, String> environment, Map<String, String> profile,
            Map<String, String> servicesSection, String profileName) {
        Objects.requireNonNull(environment, "environment");
        Map<String, String> keys = profile == null ? Collections.emptyMap() : profile;
        Map<String, String> services = servicesSection == null ? Collections.emptyMap() : servicesSection;
        Source source = new Source(environment, keys, profileName);
        SessionSpec.Builder spec = SessionSpec.builder();
        source.apply(spec, SessionField.FIPS_ENABLED, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        source.apply(spec, SessionField.DUALSTACK_ENABLED, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
        source.apply(spec, SessionField.CA_BUNDLE, "AWS_CA_BUNDLE", "ca_bundle");
        source.apply(spec, SessionField.MAX_ATTEMPTS, "AWS_MAX_ATTEMPTS", "max_attempts");
        checkRetryMode(source);
        if (!source.isTrue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls")) {
            String serviceVariable = "AWS_ENDPOINT_URL_" + SERVICE_ID.toUpperCase(Locale.ROOT);
            String serviceKey = SERVICE_ID + ".endpoint_url";
            String servicesName = keys.get(SERVICES_KEY);
            if (source.variable(serviceVariable) != null) {
                source.applyVariable(spec, SessionField.ENDPOINT, serviceVariable);
            } else if (source.variable("AWS_ENDPOINT_URL") != null) {
                source.applyVariable(spec, SessionField.ENDPOINT, "AWS_ENDPOINT_URL");
            } else if (present(services.get(serviceKey))) {
                SessionField.ENDPOINT.apply(spec, services.get(serviceKey), "key " + serviceKey + " of the [services "
                        + servicesName + "] section of the AWS config file");
            } else {
                source.applyKey(spec, SessionField.ENDPOINT, "endpoint_url");
            }
        }
        String proxyVariable = source.variable("HTTPS_PROXY") != null ? "HTTPS_PROXY" : "https_proxy";
        if (source.variable(proxyVariable) != null) {
            source.applyVariable(spec, SessionField.PROXY, proxyVariable);
            String noProxyVariable = source.variable("NO_PROXY") != null ? "NO_PROXY" : "no_proxy";
            if (source.variable(noProxyVariable) != null) {
                source.applyVariable(spec, SessionField.NON_PROXY_HOSTS, noProxyVariable);
            }
        }
        return spec.build();
    }

    private static void checkRetryMode(Source source) {
        String where = source.variable("AWS_RETRY_MODE") != null ? "environment variable AWS_RETRY_MODE"
                : "key retry_mode of profile '" + source.profileName + "'";
        String mode = source.variable("AWS_RETRY_MODE") != null ? source.variable("AWS_RETRY_MODE")
                : source.key("retry_mode");
        if (mode != null && !mode.trim().toLowerCase(Locale.ROOT).matches("legacy|standard|adaptive")) {
            throw new ConfigurationException("Invalid retry mode '" + mode + "' in " + where + ": write standard, "
                    + "adaptive or legacy (every mode retries here with capped exponential backoff; the attempt count "
                    + "comes from AWS_MAX_ATTEMPTS / max_attempts)");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.trim().isEmpty();
    }

    /** Looks a setting up in the environment first, then in the profile, and names where it was found. */
    private static final class Source {
        final Function<String, String> environment;
        final Map<String, String> profile;
        final String profileName;

        Source(Function<String, String> environment, Map<String, String> profile, String profileName) {
            this.environment = environment;
            this.profile = profile;
            this.profileName = profileName;
        }

        String variable(String name) {
            String value = environment.apply(name);
            return present(value) ? value : null;
        }

        String key(String name) {
            String value = profile.get(name);
            return present(value) ? value : null;
        }

        void apply(SessionSpec.Builder spec, SessionField field, String variable, String key) {
            if (variable(variable) != null) {
                applyVariable(spec, field, variable);
            } else {
                applyKey(spec, field, key);
            }
        }

        void applyVariable(SessionSpec.Builder spec, SessionField field, String variable) {
            field.apply(spec, variable(variable), "environment variable " + variable);
        }

        void applyKey(SessionSpec.Builder spec, SessionField field, String key) {
            if (key(key) != null) {
                field.apply(spec, key(key), "key " + key + " of profile '" + profileName + "' in the AWS config "
                        + "file");
            }
        }

        boolean isTrue(String variable, String key) {
            String value = variable(variable) != null ? variable(variable) : key(key);
            return value != null && SessionField.parseBoolean(value, variable(variable) != null
                    ? "environment variable " + variable : "key " + key + " of profile '" + profileName + "'");
        }
    }
}

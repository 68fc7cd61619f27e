package dev.rolesanywhere.emulator.junit5;

import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link RolesAnywhereEmulator} trusting a fresh {@link TestCertificateAuthority}.
 *
 * <p>As a static field, one emulator serves the whole test class (nested classes included):
 * <pre>{@code
 * @RegisterExtension
 * static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder()
 *         .caKeyType(KeyType.RSA_2048)
 *         .emulator(b -> b.region("eu-west-1").acceptRoleSessionName(true))
 *         .build();
 * }</pre>
 * As an instance field, each test gets its own. With {@code @ExtendWith(RolesAnywhereEmulatorExtension.class)}, test
 * and lifecycle methods may declare {@link RolesAnywhereEmulator} and {@link TestCertificateAuthority} parameters.
 */
public final class RolesAnywhereEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final KeyType caKeyType;
    private final TestCertificateAuthority suppliedAuthority;
    private final Consumer<RolesAnywhereEmulator.Builder> configuration;

    private TestCertificateAuthority authority;
    private RolesAnywhereEmulator emulator;
    /** The unique id of the context that started the emulator: only that context's end stops it. */
    private String owner;

    /** The defaults: an EC P-256 CA and a default emulator. Used by {@code @ExtendWith}. */
    public RolesAnywhereEmulatorExtension() {
        this(new BuilderImpl());
    }

    private RolesAnywhereEmulatorExtension(BuilderImpl builder) {
        this.caKeyType = builder.caKeyType;
        this.suppliedAuthority = builder.certificateAuthority;
        this.configuration = builder.configuration;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * The running emulator.
     *
     * @throws IllegalStateException outside a test (before the extension started it)
     */
    public synchronized RolesAnywhereEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("The emulator is not running: use it from a test or lifecycle method");
        }
        return emulator;
    }

    /** The CA whose root is the emulator's trust anchor; issue client certificates from it. */
    public synchronized TestCertificateAuthority certificateAuthority() {
        if (authority == null) {
            throw new IllegalStateException("The CA is not ready: use it from a test or lifecycle method");
        }
        return authority;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == RolesAnywhereEmulator.class || type == TestCertificateAuthority.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        startIfNeeded(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == RolesAnywhereEmulator.class) {
            return emulator();
        }
        if (type == TestCertificateAuthority.class) {
            return certificateAuthority();
        }
        throw new ParameterResolutionException("Cannot resolve " + type.getName());
    }

    private synchronized void startIfNeeded(ExtensionContext context) {
        if (emulator != null) {
            return;
        }
        authority = suppliedAuthority != null ? suppliedAuthority
                : TestCertificateAuthority.builder().keyType(caKeyType).build();
        RolesAnywhereEmulator.Builder builder = RolesAnywhereEmulator.builder().trustAnchor(authority.certificate());
        configuration.accept(builder);
        emulator = builder.build().start();
        owner = context.getUniqueId();
    }

    private synchronized void stopIfOwner(ExtensionContext context) {
        if (emulator != null && context.getUniqueId().equals(owner)) {
            emulator.close();
            emulator = null;
            owner = null;
        }
    }

    @Override
    public String toString() {
        return "RolesAnywhereEmulatorExtension{caKeyType=" + caKeyType + ", emulator=" + emulator + '}';
    }

    /** Builds a {@link RolesAnywhereEmulatorExtension}. */
    public interface Builder {
        /** The key type of the generated CA; default {@link KeyType#EC_P256}. */
        Builder caKeyType(KeyType keyType);

        /** Use this CA instead of generating one. */
        Builder certificateAuthority(TestCertificateAuthority authority);

        /** Further emulator configuration, applied after the CA's trust anchor is added. */
        Builder emulator(Consumer<RolesAnywhereEmulator.Builder> configuration);

        RolesAnywhereEmulatorExtension build();
    }

    private static final class BuilderImpl implements Builder {
        private KeyType caKeyType = KeyType.EC_P256;
        private TestCertificateAuthority certificateAuthority;
        private Consumer<RolesAnywhereEmulator.Builder> configuration = b -> { };

        @Override
        public Builder caKeyType(KeyType keyType) {
            this.caKeyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        @Override
        public Builder certificateAuthority(TestCertificateAuthority authority) {
            this.certificateAuthority = authority;
            return this;
        }

        @Override
        public Builder emulator(Consumer<RolesAnywhereEmulator.Builder> configuration) {
            this.configuration = Objects.requireNonNull(configuration, "configuration");
            return this;
        }

        @Override
        public RolesAnywhereEmulatorExtension build() {
            return new RolesAnywhereEmulatorExtension(this);
        }
    }
}

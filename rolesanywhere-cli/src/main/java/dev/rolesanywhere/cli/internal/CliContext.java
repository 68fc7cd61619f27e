package dev.rolesanywhere.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a command reads from and writes to the outside world. The real process passes its own streams, environment and
 * terminal; tests run commands in-process with their own, so nothing global has to be touched.
 */
public final class CliContext {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Supplier<SecretPrompt> terminal;
    private final Clock clock;
    private final Path userHome;

    /** @param terminal finds the terminal to ask a person on, or answers null when there is none */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> environment,
            Supplier<SecretPrompt> terminal, Clock clock, Path userHome) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.environment = Map.copyOf(environment);
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.userHome = Objects.requireNonNull(userHome, "userHome");
    }

    /**
     * The context of this process: System.out/err, the real environment, the controlling terminal, the system clock.
     * The home directory is $HOME when set, as the AWS SDKs and CLI resolve {@code ~/.aws}, else the JVM's user.home.
     */
    public static CliContext system() {
        String home = System.getenv("HOME");
        return new CliContext(System.out, System.err, System.getenv(), ControllingTerminal::find, Clock.systemUTC(),
                Paths.get(home != null && !home.isEmpty() ? home : System.getProperty("user.home")));
    }

    /** Where the result goes, and nothing else. */
    public PrintStream out() {
        return out;
    }

    /** Errors, warnings and progress. */
    public PrintStream err() {
        return err;
    }

    public String env(String name) {
        String value = environment.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The controlling terminal, or null when there is none (a service, a pipeline started without one). Under
     * {@code credential_process} it is the terminal the AWS CLI or SDK program was started from.
     */
    public SecretPrompt terminal() {
        return terminal.get();
    }

    public Clock clock() {
        return clock;
    }

    public Path userHome() {
        return userHome;
    }
}

package dev.rolesanywhere.core.internal.pin;

import dev.rolesanywhere.core.PinCallback;
import java.nio.file.Path;
import java.util.Objects;

/** Factories behind {@link PinCallback}'s static methods . */
public final class PinSources {

    private PinSources() {
    }

    public static PinCallback fixed(char[] pin) {
        return new FixedPin(Objects.requireNonNull(pin, "pin"));
    }

    public static PinCallback file(Path file) {
        return new FilePin(Objects.requireNonNull(file, "file"));
    }

    public static PinCallback environmentVariable(String name) {
        return new EnvironmentPin(Objects.requireNonNull(name, "name"), System::getenv);
    }
}

package dev.rolesanywhere.core.internal.pin;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.PinCallback;
import java.util.function.UnaryOperator;

/** A PIN read from an environment variable on every call, so a restart is not needed after it changes. */
final class EnvironmentPin implements PinCallback {
    private final String name;
    private final UnaryOperator<String> environment;

    EnvironmentPin(String name, UnaryOperator<String> environment) {
        this.name = name;
        this.environment = environment;
    }

    @Override
    public char[] pin() {
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException("PIN environment variable " + name + " is "
                    + (value == null ? "not set" : "empty") + ": export " + name + " with the token's user PIN");
        }
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return "PinCallback[environment variable " + name + "]";
    }
}

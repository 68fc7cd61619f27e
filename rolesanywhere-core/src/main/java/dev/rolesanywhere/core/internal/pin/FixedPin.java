package dev.rolesanywhere.core.internal.pin;

import dev.rolesanywhere.core.PinCallback;

/** A PIN held in memory, handed out as a copy each time so the caller can wipe its copy. */
final class FixedPin implements PinCallback {
    private final char[] pin;

    FixedPin(char[] pin) {
        this.pin = pin.clone();
    }

    @Override
    public char[] pin() {
        return pin.clone();
    }

    @Override
    public String toString() {
        return "PinCallback[fixed value]";
    }
}

package dev.rolesanywhere.cli.internal;

/** Asks a person for a secret (a token PIN, a key password) without showing what they type. */
@FunctionalInterface
public interface SecretPrompt {

    /**
     * @return the answer, without its line ending, in a new array the caller wipes; null when input ended first
     * @throws dev.rolesanywhere.core.KeySourceException when the terminal cannot be used safely
     */
    char[] ask(String prompt);
}

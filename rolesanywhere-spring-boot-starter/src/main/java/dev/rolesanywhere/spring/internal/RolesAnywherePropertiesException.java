package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.core.ConfigurationException;

/**
 * The {@code aws.rolesanywhere.*} properties are missing something or contradict each other. The message names the
 * properties; {@link #action()} says what to change, and the starter's failure analyzer prints both at start-up.
 */
public class RolesAnywherePropertiesException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String action;

    public RolesAnywherePropertiesException(String description, String action) {
        super(description);
        this.action = action;
    }

    public RolesAnywherePropertiesException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /** What to change, in terms of properties and beans. */
    public String action() {
        return action;
    }
}

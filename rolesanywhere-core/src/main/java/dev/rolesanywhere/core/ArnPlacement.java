package dev.rolesanywhere.core;

/**
 * Where a CreateSession request carries the trust anchor, profile and role ARNs. The service accepts both; the
 * default, {@link #QUERY}, matches the AWS reference credential helper, which helps when comparing traffic.
 */
public enum ArnPlacement {
    /** As query parameters {@code profileArn}, {@code roleArn}, {@code trustAnchorArn} (signed in the query string). */
    QUERY,
    /** As members of the JSON body, as the API reference shows. */
    BODY
}

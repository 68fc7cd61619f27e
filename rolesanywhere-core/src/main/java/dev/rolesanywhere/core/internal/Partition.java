package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;

/**
 * The AWS partitions Roles Anywhere runs in, with their DNS suffixes. Hard-coded because the SDK's region metadata
 * lives in a module this library does not depend on, and the table changes only when AWS opens a partition.
 */
public enum Partition {
    AWS("aws", "amazonaws.com", "api.aws"),
    AWS_CN("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
    AWS_US_GOV("aws-us-gov", "amazonaws.com", "api.aws"),
    AWS_ISO("aws-iso", "c2s.ic.gov", null),
    AWS_ISO_B("aws-iso-b", "sc2s.sgov.gov", null),
    AWS_ISO_E("aws-iso-e", "cloud.adc-e.uk", null),
    AWS_ISO_F("aws-iso-f", "csp.hci.ic.gov", null);

    private final String id;
    private final String dnsSuffix;
    private final String dualstackDnsSuffix;

    Partition(String id, String dnsSuffix, String dualstackDnsSuffix) {
        this.id = id;
        this.dnsSuffix = dnsSuffix;
        this.dualstackDnsSuffix = dualstackDnsSuffix;
    }

    /** The partition name as it appears in ARNs. */
    public String id() {
        return id;
    }

    public String dnsSuffix() {
        return dnsSuffix;
    }

    /** The dual-stack (IPv4 + IPv6) suffix, or {@code null} where the partition has none. */
    public String dualstackDnsSuffix() {
        return dualstackDnsSuffix;
    }

    /** The partition named {@code id} in an ARN, or {@code null} if unknown. */
    public static Partition fromId(String id) {
        for (Partition p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The partition a region belongs to, judged by its name, for a region given without an ARN to say so.
     *
     * @throws ConfigurationException for a name that is not shaped like a region
     */
    public static Partition forRegion(String region) {
        if (region.startsWith("cn-")) {
            return AWS_CN;
        }
        if (region.startsWith("us-gov-")) {
            return AWS_US_GOV;
        }
        if (region.startsWith("us-isob-")) {
            return AWS_ISO_B;
        }
        if (region.startsWith("us-isof-")) {
            return AWS_ISO_F;
        }
        if (region.startsWith("eu-isoe-")) {
            return AWS_ISO_E;
        }
        if (region.startsWith("us-iso-")) {
            return AWS_ISO;
        }
        return AWS;
    }
}

package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed and validated ARN of one of the three kinds CreateSession takes: trust anchor, profile and IAM role.
 * Validation happens here, before anything is signed, so that a typo surfaces as a message naming the bad part rather
 * than as an opaque 403 from the service.
 */
public final class Arn {
    private static final Pattern ARN = Pattern.compile("arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern ROLES_ANYWHERE_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    // IAM allows any printable ASCII in a role path, but only [\w+=,.@-] in the role name.
    private static final Pattern ROLE_RESOURCE = Pattern.compile("role/(?:[!-.0-~]+/)*[\\w+=,.@-]{1,64}");

    private final String value;
    private final Partition partition;
    private final String service;
    private final String region;
    private final String accountId;
    private final String resource;

    private Arn(String value, Partition partition, String service, String region, String accountId, String resource) {
        this.value = value;
        this.partition = partition;
        this.service = service;
        this.region = region;
        this.accountId = accountId;
        this.resource = resource;
    }

    /** Parses {@code arn:PARTITION:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID}. */
    public static Arn trustAnchor(String arn) {
        return rolesAnywhere(arn, "trustAnchorArn", "trust-anchor");
    }

    /** Parses {@code arn:PARTITION:rolesanywhere:REGION:ACCOUNT:profile/ID}. */
    public static Arn profile(String arn) {
        return rolesAnywhere(arn, "profileArn", "profile");
    }

    /** Parses {@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}. */
    public static Arn role(String arn) {
        Arn parsed = parse(arn, "roleArn", "arn:aws:iam::123456789012:role/MyRole");
        if (!"iam".equals(parsed.service)) {
            throw bad("roleArn", arn, "the service must be 'iam', not '" + parsed.service + "'",
                    "arn:aws:iam::123456789012:role/MyRole");
        }
        if (!parsed.region.isEmpty()) {
            throw bad("roleArn", arn, "IAM role ARNs have no region", "arn:aws:iam::123456789012:role/MyRole");
        }
        if (!ROLE_RESOURCE.matcher(parsed.resource).matches()) {
            throw bad("roleArn", arn, "the resource must be 'role/NAME' or 'role/PATH/NAME'",
                    "arn:aws:iam::123456789012:role/MyRole");
        }
        return parsed;
    }

    private static Arn rolesAnywhere(String arn, String what, String resourceType) {
        String example = "arn:aws:rolesanywhere:us-east-1:123456789012:" + resourceType
                + "/0f0e0d0c-0b0a-0908-0706-050403020100";
        Arn parsed = parse(arn, what, example);
        if (!"rolesanywhere".equals(parsed.service)) {
            throw bad(what, arn, "the service must be 'rolesanywhere', not '" + parsed.service + "'", example);
        }
        if (!REGION.matcher(parsed.region).matches()) {
            throw bad(what, arn, "the region '" + parsed.region + "' is not a region name", example);
        }
        String prefix = resourceType + "/";
        if (!parsed.resource.startsWith(prefix)) {
            throw bad(what, arn, "the resource must start with '" + prefix + "'", example);
        }
        if (!ROLES_ANYWHERE_ID.matcher(parsed.resource.substring(prefix.length())).matches()) {
            throw bad(what, arn, "the " + resourceType + " id must be letters, digits and '-'", example);
        }
        return parsed;
    }

    private static Arn parse(String arn, String what, String example) {
        if (arn == null || arn.isEmpty()) {
            throw new ConfigurationException(what + " is required, for example " + example);
        }
        if (!arn.equals(arn.trim())) {
            throw bad(what, arn, "it has leading or trailing whitespace", example);
        }
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw bad(what, arn, "it does not have the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", example);
        }
        Partition partition = Partition.fromId(m.group(1));
        if (partition == null) {
            throw bad(what, arn, "the partition '" + m.group(1) + "' is unknown (expected one of aws, aws-cn, "
                    + "aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f)", example);
        }
        if (!ACCOUNT.matcher(m.group(4)).matches()) {
            throw bad(what, arn, "the account id '" + m.group(4) + "' must be exactly 12 digits", example);
        }
        return new Arn(arn, partition, m.group(2), m.group(3), m.group(4), m.group(5));
    }

    private static ConfigurationException bad(String what, String arn, String problem, String example) {
        return new ConfigurationException("Invalid " + what + " '" + arn + "': " + problem
                + ". Copy the ARN from the IAM Roles Anywhere console or CLI; it looks like " + example);
    }

    public String value() {
        return value;
    }

    public Partition partition() {
        return partition;
    }

    public String service() {
        return service;
    }

    /** The region, empty for IAM ARNs. */
    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public String resource() {
        return resource;
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionTest {

    @ParameterizedTest
    @CsvSource({
            "us-east-1, aws", "eu-central-2, aws", "ap-southeast-5, aws", "il-central-1, aws",
            "cn-north-1, aws-cn", "us-gov-west-1, aws-us-gov", "us-iso-east-1, aws-iso", "us-isob-east-1, aws-iso-b",
            "eu-isoe-west-1, aws-iso-e", "us-isof-south-1, aws-iso-f",
    })
    void forRegion_findsThePartitionFromTheRegionName(String region, String partition) {
        assertThat(Partition.forRegion(region).id()).isEqualTo(partition);
        assertThat(Partition.fromId(partition)).isSameAs(Partition.forRegion(region));
    }
}

package dev.telemetry.beacon.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeoInfoTest {

    @Test
    void noneHasOnlyNulls() {
        assertThat(GeoInfo.NONE.asn()).isNull();
        assertThat(GeoInfo.NONE.asOrganization()).isNull();
        assertThat(GeoInfo.NONE.country()).isNull();
        assertThat(GeoInfo.NONE.cloudProvider()).isNull();
        assertThat(GeoInfo.NONE.cloudRegion()).isNull();
        assertThat(GeoInfo.NONE).isEqualTo(new GeoInfo(null, null, null, null, null));
    }

    @Test
    void valueSemantics() {
        GeoInfo a = new GeoInfo(1221L, "Telstra Pty Ltd", "AU", null, null);
        GeoInfo b = new GeoInfo(1221L, "Telstra Pty Ltd", "AU", null, null);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(GeoInfo.NONE);
        assertThat(a.toString()).contains("1221", "Telstra Pty Ltd", "AU");
    }

    @Test
    void withCloudCopies() {
        GeoInfo a = new GeoInfo(3L, "MIT", null, null, null);
        GeoInfo b = a.withCloud(GeoInfo.AWS, "eu-central-1");
        assertThat(b).isEqualTo(new GeoInfo(3L, "MIT", null, "aws", "eu-central-1"));
        assertThat(a.cloudProvider()).isNull();
        assertThat(b.withCloud("aws", "eu-central-1")).isSameAs(b);
    }
}

package dev.telemetry.beacon.geo;

import java.util.Objects;

/**
  * Facts derived from a client address: its autonomous system, its country and, when it belongs to
  * a public cloud, the provider and region. Immutable.
  *
  * <p>Deliberately holds no address: the address is used only to derive these facts and is then
  * discarded.
  *
  * @param asn autonomous system number, or {@code null} if unknown
  * @param asOrganization autonomous system organisation, or {@code null} if unknown
  * @param country ISO 3166-1 alpha-2 country code, or {@code null} if unknown
  * @param cloudProvider {@value #AWS} or {@value #GCP}, or {@code null} if not a known cloud address
  * @param cloudRegion the cloud region (for example {@code eu-central-1}), or {@code null}
  */
public record GeoInfo(
        Long asn, String asOrganization, String country, String cloudProvider, String cloudRegion) {

    /** Provider name for Amazon Web Services. */
    public static final String AWS = "aws";

    /** Provider name for Google Cloud. */
    public static final String GCP = "gcp";

    /** Nothing known. */
    public static final GeoInfo NONE = new GeoInfo(null, null, null, null, null);

    /** Returns a copy with the given cloud provider and region. */
    public GeoInfo withCloud(String provider, String region) {
        if (Objects.equals(provider, cloudProvider) && Objects.equals(region, cloudRegion)) {
            return this;
        }
        return new GeoInfo(asn, asOrganization, country, provider, region);
    }
}

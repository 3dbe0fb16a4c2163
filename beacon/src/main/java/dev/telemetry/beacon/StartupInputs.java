package dev.telemetry.beacon;

import com.maxmind.db.Reader;
import dev.telemetry.beacon.geo.CloudRanges;
import dev.telemetry.beacon.geo.GeoResolver;
import dev.telemetry.beacon.geo.MaxMindLookup;
import dev.telemetry.beacon.releases.Releases;
import dev.telemetry.beacon.releases.ReleasesFile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files and names the options point at, read and checked before the beacon creates anything:
 * a wrong one is a {@link BeaconOptions.Invalid} naming the option, the value and what is accepted.
 */
record StartupInputs(GeoResolver geo, ReleasesFile releases) {

    static StartupInputs read(BeaconOptions o) {
        try {
            InetAddress.getByName(o.host());
        } catch (UnknownHostException e) {
            throw new BeaconOptions.Invalid("--listen", o.host() + ":" + o.port(),
                    "HOST:PORT with an address or a name this machine resolves, such as 127.0.0.1:8080");
        }
        Path releasesPath = o.releases() != null ? o.releases() : o.dataDir().resolve("releases.json");
        checkReleases(o.releases() != null ? "--releases" : "--data-dir", releasesPath, o.releases() != null);
        checkMmdb("--geo-asn", o.geoAsn(), "a MaxMind ASN database (.mmdb), such as GeoLite2-ASN.mmdb", "ASN");
        checkMmdb("--geo-country", o.geoCountry(), "a MaxMind Country or City database (.mmdb), such as GeoLite2-Country.mmdb",
                "Country", "City");
        CloudRanges cloud = cloudRanges(o.awsRanges(), o.gcpRanges());
        MaxMindLookup maxMind;
        try {
            maxMind = o.geoAsn() == null && o.geoCountry() == null ? null : MaxMindLookup.open(o.geoAsn(), o.geoCountry());
        } catch (IOException e) {
            throw new BeaconOptions.Invalid("--geo-asn/--geo-country", null, "MaxMind databases: " + Beacon.rootMessage(e));
        }
        return new StartupInputs(new GeoResolver(maxMind, cloud), new ReleasesFile(releasesPath));
    }

    /** Given explicitly, the file must be there; the default one (in the data directory) may be absent. */
    private static void checkReleases(String option, Path file, boolean required) {
        String accepted = "a releases file in JSON ({\"applications\": {NAME: {\"latest_version\": ...}}}, docs/beacon.md)";
        if (!Files.exists(file)) {
            if (required) {
                throw new BeaconOptions.Invalid(option, file.toString(), accepted + ": there is no such file");
            }
            return;
        }
        try {
            Releases.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BeaconOptions.Invalid(option, file.toString(), accepted + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static void checkMmdb(String option, Path file, String accepted, String... types) {
        if (file == null) {
            return;
        }
        String type;
        try (Reader r = new Reader(file.toFile())) {
            type = r.getMetadata().getDatabaseType();
        } catch (IOException | RuntimeException e) {
            throw new BeaconOptions.Invalid(option, file.toString(), accepted + ": " + Beacon.rootMessage(e));
        }
        for (String t : types) {
            if (type != null && type.contains(t)) {
                return;
            }
        }
        throw new BeaconOptions.Invalid(option, file.toString(), accepted + ": this one is a " + type + " database");
    }

    private static CloudRanges cloudRanges(Path aws, Path gcp) {
        try {
            return CloudRanges.load(aws, gcp);
        } catch (IOException | RuntimeException e) {
            // which file: read them one at a time (only on this failure path)
            String accepted;
            String option;
            Path file;
            if (aws != null && !loads(aws, null)) {
                option = "--aws-ranges";
                file = aws;
                accepted = "Amazon's ip-ranges.json (a JSON object with a \"prefixes\" array)";
            } else {
                option = "--gcp-ranges";
                file = gcp;
                accepted = "Google Cloud's cloud.json (a JSON object with a \"prefixes\" array)";
            }
            throw new BeaconOptions.Invalid(option, String.valueOf(file), accepted + ": " + Beacon.rootMessage(e));
        }
    }

    private static boolean loads(Path aws, Path gcp) {
        try {
            CloudRanges.load(aws, gcp);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

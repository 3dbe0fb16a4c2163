package dev.telemetry.beacon.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

/**
  * Looks up autonomous system and country in MaxMind DB files: a database in the GeoLite2-ASN format
  * ({@code autonomous_system_number}, {@code autonomous_system_organization}) and one in the
  * GeoLite2-Country format ({@code country.iso_code}, falling back to
  * {@code registered_country.iso_code}). Either may be absent.
  *
  * <p>Thread-safe (the underlying {@link Reader} is); close it when done. Lookups after
  * {@link #close()} answer nothing rather than throwing.
  */
public final class MaxMindLookup implements Closeable {

    /** Autonomous system facts. Either field may be null. */
    public record AsnRecord(Long number, String organization) {
        static final AsnRecord NONE = new AsnRecord(null, null);
    }

    private final Reader asnReader;
    private final Reader countryReader;

    private MaxMindLookup(Reader asnReader, Reader countryReader) {
        this.asnReader = asnReader;
        this.countryReader = countryReader;
    }

    /**
      * Opens the databases (memory-mapped).
      *
      * @param asnDatabase a GeoLite2-ASN-format {@code .mmdb}, or null if not configured
      * @param countryDatabase a GeoLite2-Country-format {@code .mmdb} (GeoLite2-City works too), or
      *     null if not configured
      * @throws IOException if a configured database cannot be opened or is not a MaxMind DB
      */
    public static MaxMindLookup open(Path asnDatabase, Path countryDatabase) throws IOException {
        Reader asn = asnDatabase == null ? null : new Reader(asnDatabase.toFile(), new CHMCache());
        try {
            Reader country =
                    countryDatabase == null ? null : new Reader(countryDatabase.toFile(), new CHMCache());
            return new MaxMindLookup(asn, country);
        } catch (IOException | RuntimeException e) {
            if (asn != null) {
                try {
                    asn.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    public boolean hasAsnDatabase() {
        return asnReader != null;
    }

    public boolean hasCountryDatabase() {
        return countryReader != null;
    }

    /**
      * The autonomous system of the address; {@link AsnRecord} with null fields if not found or no ASN
      * database is configured.
      *
      * @throws IOException if the database is corrupt or closed
      */
    public AsnRecord asn(InetAddress address) throws IOException {
        if (asnReader == null || address == null) {
            return AsnRecord.NONE;
        }
        Map<?, ?> record = asnReader.get(address, Map.class);
        if (record == null) {
            return AsnRecord.NONE;
        }
        Object number = record.get("autonomous_system_number");
        Long asn = number instanceof Number n ? Long.valueOf(n.longValue()) : null;
        return new AsnRecord(asn, nonBlank(record.get("autonomous_system_organization")));
    }

    /**
      * The ISO 3166-1 alpha-2 country code of the address, or null if not found or no country
      * database is configured.
      *
      * @throws IOException if the database is corrupt or closed
      */
    public String country(InetAddress address) throws IOException {
        if (countryReader == null || address == null) {
            return null;
        }
        return countryOf(countryReader.get(address, Map.class));
    }

    /**
      * Both lookups; never throws. A failing database contributes nothing, the other still answers.
      * The cloud fields of the result are null.
      */
    public GeoInfo lookup(InetAddress address) {
        AsnRecord asn = AsnRecord.NONE;
        String country = null;
        try {
            asn = asn(address);
        } catch (IOException | RuntimeException e) {
            // Unusable ASN database entry: contribute nothing (the address is not logged, by design).
        }
        try {
            country = country(address);
        } catch (IOException | RuntimeException e) {
            // Same for the country database.
        }
        if (asn.number() == null && asn.organization() == null && country == null) {
            return GeoInfo.NONE;
        }
        return new GeoInfo(asn.number(), asn.organization(), country, null, null);
    }

    /** {@code country.iso_code}, else {@code registered_country.iso_code}, else null. */
    static String countryOf(Map<?, ?> record) {
        if (record == null) {
            return null;
        }
        String code = isoCode(record.get("country"));
        return code != null ? code : isoCode(record.get("registered_country"));
    }

    private static String isoCode(Object section) {
        return section instanceof Map<?, ?> map ? nonBlank(map.get("iso_code")) : null;
    }

    private static String nonBlank(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Reader reader : new Reader[] {asnReader, countryReader}) {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

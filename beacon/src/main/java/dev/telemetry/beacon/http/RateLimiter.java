package dev.telemetry.beacon.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most N reports per client address per minute. Addresses are kept only as a keyed hash with a
 * secret that lives in this process, for the current minute: even memory holds no address.
 */
public final class RateLimiter {
    private static final int MAX_KEYS = 200_000;

    private final int perMinute;
    private final byte[] secret = new byte[32];
    private volatile long window;
    private volatile ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute) {
        this.perMinute = perMinute;
        new SecureRandom().nextBytes(secret);
    }

    /** True when this address may send one more report now. */
    public boolean allow(InetAddress address) {
        if (perMinute <= 0) {
            return true;
        }
        long now = System.currentTimeMillis() / 60_000;
        if (now != window) {
            synchronized (this) {
                if (now != window) {
                    counts = new ConcurrentHashMap<>();
                    window = now;
                }
            }
        }
        ConcurrentHashMap<String, AtomicInteger> c = counts;
        if (c.size() >= MAX_KEYS) {
            return false; // a flood of addresses: shed load until the next minute
        }
        return c.computeIfAbsent(key(address), k -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }

    private String key(InetAddress address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(address.getAddress()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

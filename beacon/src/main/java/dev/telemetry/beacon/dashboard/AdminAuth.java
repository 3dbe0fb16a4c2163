package dev.telemetry.beacon.dashboard;

import io.javalin.http.Context;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The admin token: {@code Authorization: Bearer <token>} for scripts, or, for a browser, a cookie
 * set by the login form. The cookie holds an HMAC of a fixed text keyed by the token, not the token,
 * and stops working when the token changes. Comparisons take the same time whatever matches.
 */
final class AdminAuth {
    static final String COOKIE = "beacon_admin";
    private final byte[] token;
    private final byte[] session;

    AdminAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(this.token, "HmacSHA256"));
            this.session = HexFormat.of().formatHex(mac.doFinal("beacon dashboard session".getBytes(StandardCharsets.US_ASCII)))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    boolean allowed(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            return matches(header.substring(7).trim());
        }
        String cookie = ctx.cookie(COOKIE);
        return cookie != null && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), session);
    }

    boolean matches(String candidate) {
        // digests of both, so the comparison takes as long whatever the candidate's length
        return candidate != null && MessageDigest.isEqual(sha256(candidate.getBytes(StandardCharsets.UTF_8)), sha256(token));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The Set-Cookie value after a good login: the browser sends it back to this beacon only, never to scripts. */
    String sessionCookie() {
        return COOKIE + "=" + new String(session, StandardCharsets.US_ASCII) + "; Path=/; HttpOnly; SameSite=Strict";
    }
}

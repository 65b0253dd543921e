package dev.genserver.app;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Ids for stacks, stores, sessions and jobs: 128 random bits from {@link SecureRandom}, base64url without
 * padding (22 characters). Opaque, safe in a URL path (the seed's plain Base64 would put {@code /} and {@code +}
 * there), and unguessable, so an id works as the capability to use what it names. Thread-safe.
 */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private RandomIds() {
    }

    public static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }
}

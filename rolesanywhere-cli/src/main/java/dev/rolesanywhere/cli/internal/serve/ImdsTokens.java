package dev.rolesanywhere.cli.internal.serve;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** IMDSv2 session tokens: random, each with its own lifetime, bounded in number so a client loop cannot exhaust memory. */
final class ImdsTokens {

    static final int MAX_TTL_SECONDS = 21600;
    static final int MAX_TOKENS = 10_000;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    ImdsTokens(Clock clock) {
        this.clock = clock;
    }

    /** A new token valid for {@code ttlSeconds}, or null when too many live tokens exist. */
    String issue(int ttlSeconds) {
        Instant now = clock.instant();
        if (expiries.size() >= MAX_TOKENS) {
            expiries.values().removeIf(expiry -> !expiry.isAfter(now));
            if (expiries.size() >= MAX_TOKENS) {
                return null;
            }
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, now.plus(Duration.ofSeconds(ttlSeconds)));
        return token;
    }

    boolean isValid(String token) {
        if (token == null) {
            return false;
        }
        Instant expiry = expiries.get(token);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            expiries.remove(token);
            return false;
        }
        return true;
    }

    int size() {
        for (Iterator<Instant> it = expiries.values().iterator(); it.hasNext();) {
            if (!it.next().isAfter(clock.instant())) {
                it.remove();
            }
        }
        return expiries.size();
    }
}

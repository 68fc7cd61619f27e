package dev.rolesanywhere.core.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which hosts are reached without the proxy, by the rules curl and Go's HTTP client give {@code NO_PROXY}: {@code *}
 * matches every host; {@code example.com} matches that host and every host below it; {@code .example.com} (or
 * {@code *.example.com}) only the hosts below it; an IP address only itself, a CIDR block ({@code 10.0.0.0/8}) every
 * address in it; a {@code :port} suffix limits an entry to that port. No name is resolved to decide. The loopback
 * interface ({@code localhost}, 127.0.0.0/8, {@code ::1}) is never proxied, whatever the list says, so that a local
 * endpoint's traffic never leaves the machine.
 */
public final class NonProxyHosts {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final List<Rule> rules;

    private NonProxyHosts(List<Rule> rules) {
        this.rules = rules;
    }

    /** @param entries as {@link ProxyUri#nonProxyHosts(String)} returns them */
    public static NonProxyHosts of(Set<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            rules.add(Rule.parse(entry));
        }
        return new NonProxyHosts(Collections.unmodifiableList(rules));
    }

    /**
     * Whether a request to {@code host} (a name, or an address, IPv6 in brackets or not) on {@code port} bypasses the
     * proxy.
     */
    public boolean bypass(String host, int port) {
        String h = bare(host.toLowerCase(Locale.ROOT));
        if (isLoopback(h)) {
            return true;
        }
        for (Rule rule : rules) {
            if (rule.matches(h, port)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(String host) {
        String h = bare(host.toLowerCase(Locale.ROOT));
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        byte[] address = literal(h);
        if (address == null) {
            return false;
        }
        if (address.length == 4) {
            return address[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[15] == 1;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The bytes of an IP literal, or null for a name: never a DNS lookup. */
    private static byte[] literal(String host) {
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static final class Rule {
        final String host;
        final boolean subdomainsOnly;
        final byte[] network;
        final int prefixBits;
        final int port;

        private Rule(String host, boolean subdomainsOnly, byte[] network, int prefixBits, int port) {
            this.host = host;
            this.subdomainsOnly = subdomainsOnly;
            this.network = network;
            this.prefixBits = prefixBits;
            this.port = port;
        }

        static Rule parse(String entry) {
            String text = entry;
            int port = -1;
            int colon = text.lastIndexOf(':');
            boolean bracketed = text.startsWith("[");
            if (colon > 0 && (bracketed ? text.lastIndexOf(']') < colon : text.indexOf(':') == colon)) {
                try {
                    port = Integer.parseInt(text.substring(colon + 1));
                    text = text.substring(0, colon);
                } catch (NumberFormatException e) {
                    // Not a port: the entry is left whole and simply matches nothing real.
                }
            }
            text = bare(text);
            int slash = text.indexOf('/');
            if (slash > 0) {
                byte[] network = literal(text.substring(0, slash));
                try {
                    int bits = Integer.parseInt(text.substring(slash + 1));
                    if (network != null && bits >= 0 && bits <= network.length * 8) {
                        return new Rule(null, false, network, bits, port);
                    }
                } catch (NumberFormatException e) {
                    // Falls through to a rule that matches nothing.
                }
                return new Rule("\0", false, null, 0, port);
            }
            byte[] address = literal(text);
            if (address != null) {
                return new Rule(null, false, address, address.length * 8, port);
            }
            if (text.startsWith("*.")) {
                return new Rule(text.substring(1), true, null, 0, port);
            }
            if (text.startsWith(".")) {
                return new Rule(text, true, null, 0, port);
            }
            return new Rule(text, false, null, 0, port);
        }

        boolean matches(String host, int requestPort) {
            if (port >= 0 && port != requestPort) {
                return false;
            }
            if (network != null) {
                byte[] address = literal(host);
                return address != null && address.length == network.length && samePrefix(address);
            }
            if (this.host.equals("*")) {
                return true;
            }
            if (subdomainsOnly) {
                return host.endsWith(this.host);
            }
            return host.equals(this.host) || host.endsWith("." + this.host);
        }

        private boolean samePrefix(byte[] address) {
            int bits = network.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefixBits).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}

package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code sticky.cookie} ({@code pkg/server/service/loadbalancer/sticky.go} and
 * {@code pkg/server/cookie}): the cookie's name (as written, sanitized, or derived from the service's
 * qualified name), the value that names a child (the first 16 hex digits of the SHA-256 of the
 * child's name: a server's URL as written, or a weighted child's service name as written), the
 * older values Traefik still accepts (the raw name, its FNV-64 hash, the FNV-64 hash of that),
 * which make the balancer rewrite the cookie, and the {@code Set-Cookie} line as Go's
 * {@code http.Cookie.String()} writes it. Immutable.
 *
 * @param maxAge  seconds; negative expires the cookie at once ({@code Max-Age=0}); 0 writes none
 * @param sameSite {@code none}, {@code lax}, {@code strict} (any case), or empty for the browser's default
 */
public record StickyCookie(String name, boolean secure, boolean httpOnly, String sameSite, int maxAge, String path, String domain) {

    private static final Set<String> KEYS = Set.of("name", "secure", "httpOnly", "sameSite", "maxAge", "path", "domain");

    /**
     * {@code sticky} of a load balancer or weighted service; null when it has no cookie. The name is
     * as written (sanitized), or empty until {@link #forService} derives it.
     */
    public static StickyCookie parse(ConfigNode sticky, Consumer<String> warnings) throws ConfigException {
        if (sticky.isMissing()) {
            return null;
        }
        sticky.warnUnknownKeys(Set.of("cookie"), warnings);
        ConfigNode c = sticky.get("cookie");
        if (c.isMissing()) {
            return null; // as Traefik: sticky without cookie is not sticky
        }
        c.warnUnknownKeys(KEYS, warnings);
        String sameSite = c.get("sameSite").string("");
        if (!sameSite.isEmpty() && !Set.of("none", "lax", "strict").contains(sameSite.toLowerCase(Locale.ROOT))) {
            // Traefik sends no SameSite attribute for an unknown value; its CRD refuses it.
            warnings.accept(c.source() + ": " + c.get("sameSite").path() + ": '" + sameSite
                    + "' is not none, lax or strict: no SameSite attribute is sent (as Traefik)");
        }
        String written = c.get("name").string("");
        return new StickyCookie(written.isEmpty() ? "" : cookieName(written, ""), c.get("secure").bool(false),
                c.get("httpOnly").bool(false), sameSite, (int) c.get("maxAge").integer(0), c.get("path").string("/"),
                c.get("domain").string(""));
    }

    /** This cookie with its name derived from the service's qualified name when none was written. */
    public StickyCookie forService(String qualifiedService) {
        return name.isEmpty() ? new StickyCookie(cookieName("", qualifiedService), secure, httpOnly, sameSite, maxAge, path, domain) : this;
    }

    /** Traefik's {@code cookie.GetName}: the name written, sanitized per RFC 2616 token, or {@code _} and 5 hex digits of SHA-1 of the service. */
    public static String cookieName(String written, String qualifiedService) {
        if (!written.isEmpty()) {
            StringBuilder out = new StringBuilder(written.length());
            written.codePoints().forEach(cp -> out.append(isTokenChar(cp) ? Character.toString(cp) : "_"));
            return out.toString();
        }
        byte[] sha1 = digest("SHA-1", "_TRAEFIK_BACKEND_" + qualifiedService);
        return ("_" + HexFormat.of().formatHex(sha1)).substring(0, 6);
    }

    private static boolean isTokenChar(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || "!#$%&'*+-.^`|~".indexOf(cp) >= 0;
    }

    /** The value that names {@code child} in a cookie Traefik writes. */
    public static String value(String child) {
        return HexFormat.of().formatHex(digest("SHA-256", child)).substring(0, 16);
    }

    /** The older values Traefik accepts for {@code child} (the balancer rewrites them): raw, FNV-64, FNV-64 of the FNV-64. */
    public static List<String> compatibilityValues(String child) {
        String fnv = fnv64(child);
        return List.of(child, fnv, fnv64(fnv));
    }

    /** Go's {@code fnv.New64} (FNV-1, not 1a) as lower-case hex without leading zeros. */
    static String fnv64(String input) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : input.getBytes(StandardCharsets.UTF_8)) {
            hash *= 0x100000001b3L;
            hash ^= b & 0xff;
        }
        return Long.toUnsignedString(hash, 16);
    }

    /** This cookie's value in the request's {@code Cookie} headers (the first one with the name, as Go's {@code req.Cookie}), or null. */
    public String find(List<String> cookieHeaders) {
        for (String header : cookieHeaders) {
            for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (c.name().equals(name)) {
                    return c.value();
                }
            }
        }
        return null;
    }

    /**
     * The {@code Set-Cookie} value for {@code child}, as Go's {@code http.SetCookie}: name=value, Path,
     * Domain (without a leading dot; dropped when it is not a domain name or an IP address), Max-Age,
     * HttpOnly, Secure, SameSite. (Traefik's {@code expires} exists only for its ingress-nginx
     * provider; no file or CRD key sets it.)
     */
    public String setCookie(String child) {
        StringBuilder b = new StringBuilder(name).append('=').append(value(child));
        String p = sanitizePath(path);
        if (!p.isEmpty()) {
            b.append("; Path=").append(p);
        }
        String d = domain.startsWith(".") ? domain.substring(1) : domain;
        if (!d.isEmpty() && isCookieDomain(d)) {
            b.append("; Domain=").append(d);
        }
        if (maxAge > 0) {
            b.append("; Max-Age=").append(maxAge);
        } else if (maxAge < 0) {
            b.append("; Max-Age=0");
        }
        if (httpOnly) {
            b.append("; HttpOnly");
        }
        if (secure) {
            b.append("; Secure");
        }
        switch (sameSite.toLowerCase(Locale.ROOT)) {
            case "none" -> b.append("; SameSite=None");
            case "lax" -> b.append("; SameSite=Lax");
            case "strict" -> b.append("; SameSite=Strict");
            default -> { }
        }
        return b.toString();
    }

    /** Go's {@code sanitizeCookiePath}: bytes outside 0x20..0x7e and {@code ;} are dropped. */
    private static String sanitizePath(String p) {
        StringBuilder out = new StringBuilder(p.length());
        for (char ch : p.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7f && ch != ';') {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Go's {@code isCookieDomainName} (labels of letters, digits, hyphens and underscores), or an IP address. */
    private static boolean isCookieDomain(String d) {
        if (d.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':') && (d.contains(":") || d.matches("[0-9.]+"))) {
            return true; // Go accepts an IP address (net.ParseIP) without the domain rules
        }
        if (d.length() > 255) {
            return false;
        }
        boolean letterSeen = false;
        char last = '.';
        int partLen = 0;
        for (char ch : d.toCharArray()) {
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_') {
                letterSeen = true;
                partLen++;
            } else if (ch >= '0' && ch <= '9') {
                partLen++;
            } else if (ch == '-') {
                if (last == '.') {
                    return false;
                }
                partLen++;
            } else if (ch == '.') {
                if (last == '.' || last == '-' || partLen > 63 || partLen == 0) {
                    return false;
                }
                partLen = 0;
            } else {
                return false;
            }
            last = ch;
        }
        return last != '-' && partLen <= 63 && letterSeen;
    }

    private static byte[] digest(String algorithm, String input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}

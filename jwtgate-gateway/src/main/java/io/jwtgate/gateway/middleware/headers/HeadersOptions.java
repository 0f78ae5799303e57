package io.jwtgate.gateway.middleware.headers;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.FieldSyntax;
import io.jwtgate.jwt.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every option of Traefik's {@code headers} middleware, with Traefik's defaults. Grouped as
 * Traefik groups them: custom headers, CORS, and the security headers Traefik takes from
 * {@code unrolled/secure}.
 *
 * @param customRequestHeaders  set on the upstream request; an empty value removes the header; {@code Host} sets the host sent upstream
 * @param customResponseHeaders set on the response; an empty value removes the header
 * @param cors                  the {@code accessControl*} and {@code addVaryHeader} options
 * @param secure                the security options ({@code stsSeconds}, {@code frameDeny}, {@code allowedHosts}, ...)
 */
public record HeadersOptions(Map<String, String> customRequestHeaders, Map<String, String> customResponseHeaders, Cors cors,
                             Secure secure) {

    public HeadersOptions {
        customRequestHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customRequestHeaders));
        customResponseHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customResponseHeaders));
    }

    /**
     * @param maxAge seconds, or null when {@code accessControlMaxAge} is not set (no header)
     */
    public record Cors(boolean allowCredentials, List<String> allowHeaders, List<String> allowMethods, List<String> allowOriginList,
                       List<Pattern> allowOriginListRegex, List<String> exposeHeaders, Long maxAge, boolean addVaryHeader) {
        public Cors {
            allowHeaders = List.copyOf(allowHeaders);
            allowMethods = List.copyOf(allowMethods);
            allowOriginList = List.copyOf(allowOriginList);
            allowOriginListRegex = List.copyOf(allowOriginListRegex);
            exposeHeaders = List.copyOf(exposeHeaders);
        }

        /** Traefik's {@code HasCorsHeadersDefined}: any CORS option set turns preflight handling on. */
        public boolean defined() {
            return allowCredentials || !allowHeaders.isEmpty() || !allowMethods.isEmpty() || !allowOriginList.isEmpty()
                    || !allowOriginListRegex.isEmpty() || !exposeHeaders.isEmpty() || maxAge != null || addVaryHeader;
        }
    }

    /**
     * @param stsSeconds null when {@code stsSeconds} is not set; 0 means no header
     */
    public record Secure(List<String> allowedHosts, List<String> hostsProxyHeaders, Map<String, String> sslProxyHeaders, Long stsSeconds,
                         boolean stsIncludeSubdomains, boolean stsPreload, boolean forceSTSHeader, boolean frameDeny,
                         String customFrameOptionsValue, boolean contentTypeNosniff, boolean browserXssFilter, String customBrowserXSSValue,
                         String contentSecurityPolicy, String contentSecurityPolicyReportOnly, String publicKey, String referrerPolicy,
                         String permissionsPolicy, boolean isDevelopment) {
        public Secure {
            allowedHosts = List.copyOf(allowedHosts);
            hostsProxyHeaders = List.copyOf(hostsProxyHeaders);
            sslProxyHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sslProxyHeaders));
        }

        /** Traefik's {@code HasSecureHeadersDefined} (without the deprecated options, which Traefik v3 no longer applies). */
        public boolean defined() {
            return !allowedHosts.isEmpty() || !hostsProxyHeaders.isEmpty() || !sslProxyHeaders.isEmpty() || stsSeconds != null
                    || stsIncludeSubdomains || stsPreload || forceSTSHeader || frameDeny || !customFrameOptionsValue.isEmpty()
                    || contentTypeNosniff || browserXssFilter || !customBrowserXSSValue.isEmpty() || !contentSecurityPolicy.isEmpty()
                    || !contentSecurityPolicyReportOnly.isEmpty() || !publicKey.isEmpty() || !referrerPolicy.isEmpty()
                    || !permissionsPolicy.isEmpty() || isDevelopment;
        }
    }

    private static final Set<String> CORS_KEYS = Set.of("accessControlAllowCredentials", "accessControlAllowHeaders",
            "accessControlAllowMethods", "accessControlAllowOriginList", "accessControlAllowOriginListRegex", "accessControlExposeHeaders",
            "accessControlMaxAge", "addVaryHeader");
    private static final Set<String> SECURE_KEYS = Set.of("allowedHosts", "hostsProxyHeaders", "sslProxyHeaders", "stsSeconds",
            "stsIncludeSubdomains", "stsPreload", "forceSTSHeader", "frameDeny", "customFrameOptionsValue", "contentTypeNosniff",
            "browserXssFilter", "customBrowserXSSValue", "contentSecurityPolicy", "contentSecurityPolicyReportOnly", "publicKey",
            "referrerPolicy", "permissionsPolicy", "isDevelopment");
    /** Deprecated in Traefik v2 and no longer applied by Traefik v3: accepted, warned about, with what to use instead. */
    private static final Map<String, String> DEPRECATED = Map.of(
            "sslRedirect", "use the entry point's redirections or a redirectScheme middleware",
            "sslTemporaryRedirect", "use the entry point's redirections or a redirectScheme middleware",
            "sslHost", "use a redirectRegex middleware",
            "sslForceHost", "use a redirectRegex middleware",
            "featurePolicy", "use permissionsPolicy");

    static HeadersOptions parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
        Set<String> known = new java.util.HashSet<>(Set.of("customRequestHeaders", "customResponseHeaders"));
        known.addAll(CORS_KEYS);
        known.addAll(SECURE_KEYS);
        known.addAll(DEPRECATED.keySet());
        o.warnUnknownKeys(known, warnings);
        for (Map.Entry<String, String> d : DEPRECATED.entrySet()) {
            if (o.has(d.getKey())) {
                warnings.accept(o.source() + ": " + o.get(d.getKey()).path() + ": deprecated and ignored by Traefik v3, and so by jwtgate; "
                        + d.getValue());
            }
        }
        Cors cors = new Cors(o.get("accessControlAllowCredentials").bool(false), o.get("accessControlAllowHeaders").stringList(),
                o.get("accessControlAllowMethods").stringList(), o.get("accessControlAllowOriginList").stringList(),
                patterns(o.get("accessControlAllowOriginListRegex")), o.get("accessControlExposeHeaders").stringList(),
                o.has("accessControlMaxAge") ? o.get("accessControlMaxAge").integer(0) : null, o.get("addVaryHeader").bool(false));
        Long sts = null;
        if (o.has("stsSeconds")) {
            sts = o.get("stsSeconds").integer(0);
            if (sts < 0) {
                throw o.get("stsSeconds").error("must not be negative", "write a number of seconds such as 31536000, or 0 for no header");
            }
        }
        Secure secure = new Secure(o.get("allowedHosts").stringList(), o.get("hostsProxyHeaders").stringList(),
                headerMap(o.get("sslProxyHeaders")), sts, o.get("stsIncludeSubdomains").bool(false), o.get("stsPreload").bool(false),
                o.get("forceSTSHeader").bool(false), o.get("frameDeny").bool(false), value(o, "customFrameOptionsValue"),
                o.get("contentTypeNosniff").bool(false), o.get("browserXssFilter").bool(false), value(o, "customBrowserXSSValue"),
                value(o, "contentSecurityPolicy"), value(o, "contentSecurityPolicyReportOnly"), value(o, "publicKey"),
                value(o, "referrerPolicy"), value(o, "permissionsPolicy"), o.get("isDevelopment").bool(false));
        HeadersOptions options = new HeadersOptions(headerMap(o.get("customRequestHeaders")), headerMap(o.get("customResponseHeaders")),
                cors, secure);
        if (options.customRequestHeaders().isEmpty() && options.customResponseHeaders().isEmpty() && !cors.defined() && !secure.defined()) {
            // Traefik refuses it too ("headers configuration not valid").
            throw o.error("sets no header option", "set customRequestHeaders, customResponseHeaders, a CORS option or a security option");
        }
        return options;
    }

    /** A header value written in the configuration: one line, no control characters. */
    private static String value(ConfigNode o, String key) throws ConfigException {
        String v = o.get(key).string("");
        if (!FieldSyntax.isValidValue(v)) {
            throw o.get(key).error("the value contains a control character (CR, LF, NUL...)", "write the value on one line");
        }
        return v;
    }

    private static List<Pattern> patterns(ConfigNode n) throws ConfigException {
        List<Pattern> out = new java.util.ArrayList<>();
        List<ConfigNode> elements = n.elements();
        for (ConfigNode e : elements) {
            String regex = e.requiredString();
            try {
                out.add(Pattern.compile(regex));
            } catch (PatternSyntaxException ex) {
                throw e.error("'" + regex + "' is not a valid regular expression: " + ex.getDescription(),
                        "write an expression such as ^https://([a-z]+\\.)?example\\.com$");
            }
        }
        return out;
    }

    /** Names and values checked here, so a bad value is a configuration error, not a failed request. */
    private static Map<String, String> headerMap(ConfigNode n) throws ConfigException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.fields().entrySet()) {
            String value = e.getValue().string("");
            if (!FieldSyntax.isToken(e.getKey())) {
                throw e.getValue().error("'" + e.getKey() + "' is not a valid header name",
                        "use letters, digits and '-' only, e.g. X-Request-Source");
            }
            if (!FieldSyntax.isValidValue(value)) {
                throw e.getValue().error("the value contains a control character (CR, LF, NUL...)",
                        "write the value on one line without control characters");
            }
            headers.put(e.getKey(), value);
        }
        return headers;
    }
}

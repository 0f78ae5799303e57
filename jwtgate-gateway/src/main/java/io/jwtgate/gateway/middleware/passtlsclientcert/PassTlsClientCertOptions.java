package io.jwtgate.gateway.middleware.passtlsclientcert;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of Traefik's {@code passTLSClientCert} (dynamic.PassTLSClientCert), the same in the
 * file and the Middleware CRD form. A section that is absent is null; a section written with no
 * option ({@code info: {}}) is present and selects nothing, as Traefik's struct pointers have it.
 *
 * @param pem  {@code pem}: the certificates in X-Forwarded-Tls-Client-Cert
 * @param info {@code info}: what X-Forwarded-Tls-Client-Cert-Info carries; null for no such header
 */
public record PassTlsClientCertOptions(boolean pem, Info info) {

    /** dynamic.TLSClientCertificateInfo; {@code subject} and {@code issuer} null when absent. */
    public record Info(boolean notAfter, boolean notBefore, boolean sans, boolean serialNumber, NameFields subject, NameFields issuer) {}

    /**
     * dynamic.TLSClientCertificateSubjectDNInfo and ...IssuerDNInfo: the parts of a distinguished
     * name to write. Traefik's issuer has no {@code organizationalUnit}: always false there.
     */
    public record NameFields(boolean country, boolean province, boolean locality, boolean organization, boolean organizationalUnit,
                             boolean commonName, boolean serialNumber, boolean domainComponent) {}

    private static final Set<String> KEYS = Set.of("pem", "info");
    private static final Set<String> INFO_KEYS = Set.of("notAfter", "notBefore", "sans", "serialNumber", "subject", "issuer");
    private static final Set<String> ISSUER_KEYS = Set.of("country", "province", "locality", "organization", "commonName", "serialNumber",
            "domainComponent");
    private static final Set<String> SUBJECT_KEYS = Set.of("country", "province", "locality", "organization", "organizationalUnit",
            "commonName", "serialNumber", "domainComponent");

    static PassTlsClientCertOptions parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
        map(o);
        o.warnUnknownKeys(KEYS, warnings);
        boolean pem = o.get("pem").bool(false);
        Info info = info(o.get("info"), warnings);
        if (!pem && info == null) {
            warnings.accept(o.source() + ": " + o.path() + ": neither pem nor info is set: this passTLSClientCert middleware adds no header"
                    + " (it still passes the request on)");
        }
        return new PassTlsClientCertOptions(pem, info);
    }

    private static Info info(ConfigNode n, Consumer<String> warnings) throws ConfigException {
        if (n.isMissing()) {
            return null;
        }
        map(n);
        n.warnUnknownKeys(INFO_KEYS, warnings);
        Info info = new Info(n.get("notAfter").bool(false), n.get("notBefore").bool(false), n.get("sans").bool(false),
                n.get("serialNumber").bool(false), names(n.get("subject"), true, warnings), names(n.get("issuer"), false, warnings));
        if (!info.notAfter() && !info.notBefore() && !info.sans() && !info.serialNumber() && selectsNothing(info.subject())
                && selectsNothing(info.issuer())) {
            warnings.accept(n.source() + ": " + n.path() + ": selects no field: X-Forwarded-Tls-Client-Cert-Info is sent empty (so does"
                    + " Traefik's Kubernetes provider; its file provider refuses an empty section); choose fields such as"
                    + " `subject: {commonName: true}`, or remove info");
        }
        return info;
    }

    private static NameFields names(ConfigNode n, boolean subject, Consumer<String> warnings) throws ConfigException {
        if (n.isMissing()) {
            return null;
        }
        map(n);
        if (!subject && n.has("organizationalUnit")) {
            warnings.accept(Unsupported.message(n.source(), n.get("organizationalUnit").path(),
                    "ignored: Traefik's issuer options have no organizationalUnit (subject's have)"));
            n.warnUnknownKeys(SUBJECT_KEYS, warnings);
        } else {
            n.warnUnknownKeys(subject ? SUBJECT_KEYS : ISSUER_KEYS, warnings);
        }
        return new NameFields(n.get("country").bool(false), n.get("province").bool(false), n.get("locality").bool(false),
                n.get("organization").bool(false), subject && n.get("organizationalUnit").bool(false), n.get("commonName").bool(false),
                n.get("serialNumber").bool(false), n.get("domainComponent").bool(false));
    }

    private static boolean selectsNothing(NameFields f) {
        return f == null || !(f.country() || f.province() || f.locality() || f.organization() || f.organizationalUnit() || f.commonName()
                || f.serialNumber() || f.domainComponent());
    }

    /** A section must be a map (a scalar or a list is an error, not "no options"). */
    private static void map(ConfigNode n) throws ConfigException {
        if (!n.isMissing()) {
            n.fields();
        }
    }
}

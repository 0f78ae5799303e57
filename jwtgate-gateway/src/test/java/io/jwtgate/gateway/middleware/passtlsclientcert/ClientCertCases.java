package io.jwtgate.gateway.middleware.passtlsclientcert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.support.ClientCertPki;
import io.netty.util.NetUtil;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The cases of {@code middleware/passtlsclientcert-cases.yaml}: Traefik's fixtures ({@code cases})
 * and certificates built for a case ({@code generated}), with the options as written and the
 * headers expected.
 */
final class ClientCertCases {

    /**
     * @param chain      DER of the certificates the client presented; empty for no TLS
     * @param options    the options node as written
     * @param cert       expected X-Forwarded-Tls-Client-Cert, null when absent
     * @param info       expected X-Forwarded-Tls-Client-Cert-Info unescaped, null when absent
     * @param infoHeader expected X-Forwarded-Tls-Client-Cert-Info as sent, null when not given
     */
    record Case(String desc, String source, List<byte[]> chain, JsonNode options, String cert, String info, String infoHeader) {
        @Override
        public String toString() {
            return source + ": " + desc;
        }
    }

    private ClientCertCases() {}

    static List<Case> load() throws Exception {
        JsonNode root;
        try (InputStream in = ClientCertCases.class.getResourceAsStream("/middleware/passtlsclientcert-cases.yaml")) {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<Case> out = new ArrayList<>();
        for (JsonNode n : root.get("cases")) {
            List<byte[]> chain = new ArrayList<>();
            for (JsonNode name : n.path("chain")) {
                chain.add(der(root.get("certificates").get(name.asText()).asText()));
            }
            out.add(of(n, chain));
        }
        for (JsonNode n : root.get("generated")) {
            out.add(of(n, List.of(generate(n))));
        }
        return List.copyOf(out);
    }

    private static Case of(JsonNode n, List<byte[]> chain) {
        JsonNode e = n.get("expect");
        return new Case(n.get("desc").asText(), n.get("source").asText(), List.copyOf(chain), n.get("options"), text(e, "cert"),
                text(e, "info"), text(e, "infoHeader"));
    }

    private static String text(JsonNode n, String key) {
        return n.has(key) ? n.get(key).asText() : null;
    }

    /** The DER the JDK reads from a PEM, as a TLS session hands it over. */
    private static byte[] der(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .getEncoded();
    }

    private static byte[] generate(JsonNode n) throws Exception {
        X500Name subject = n.has("subject") ? name(n.get("subject")) : new X500Name("CN=case");
        X500Name issuer = n.has("issuer") ? name(n.get("issuer")) : subject;
        KeyPair keys = ClientCertPki.keyPair();
        return ClientCertPki.sign(issuer, keys.getPrivate(), subject, keys.getPublic(), new BigInteger(n.path("serial").asText("1")),
                Instant.parse(n.path("notBefore").asText("2020-01-01T00:00:00Z")), Instant.parse(n.path("notAfter").asText("2030-01-01T00:00:00Z")),
                false, sans(n.path("sans"))).getEncoded();
    }

    /** RDNs written {@code TYPE[:encoding]=value}, joined by {@code +} within one RDN. */
    private static X500Name name(JsonNode rdns) {
        List<RDN> out = new ArrayList<>();
        for (JsonNode rdn : rdns) {
            List<AttributeTypeAndValue> atvs = new ArrayList<>();
            for (String attribute : rdn.asText().split("\\+")) {
                int eq = attribute.indexOf('=');
                String[] type = attribute.substring(0, eq).split(":");
                String value = attribute.substring(eq + 1);
                ASN1ObjectIdentifier oid = BCStyle.INSTANCE.attrNameToOID(type[0]);
                atvs.add(new AttributeTypeAndValue(oid, value(oid, type.length > 1 ? type[1] : "", value)));
            }
            out.add(new RDN(atvs.toArray(AttributeTypeAndValue[]::new)));
        }
        return new X500Name(out.toArray(RDN[]::new));
    }

    private static ASN1Encodable value(ASN1ObjectIdentifier oid, String encoding, String value) {
        return switch (encoding) {
            case "" -> BCStyle.INSTANCE.stringToValue(oid, value);
            case "utf8" -> new DERUTF8String(value);
            case "printable" -> new DERPrintableString(value);
            case "ia5" -> new DERIA5String(value);
            case "t61" -> new DERT61String(value.getBytes(StandardCharsets.ISO_8859_1));
            case "bmp" -> new DERBMPString(value);
            case "bmpnul" -> new DERBMPString(value + "\u0000");
            case "universal" -> new DERUniversalString(value.getBytes(java.nio.charset.Charset.forName("UTF-32BE")));
            default -> throw new IllegalArgumentException("encoding " + encoding);
        };
    }

    private static GeneralNames sans(JsonNode sans) {
        if (sans.isMissingNode() || sans.isEmpty()) {
            return null;
        }
        List<GeneralName> out = new ArrayList<>();
        for (JsonNode s : sans) {
            String text = s.asText();
            int colon = text.indexOf(':');
            String kind = text.substring(0, colon);
            String value = text.substring(colon + 1);
            out.add(switch (kind) {
                case "dns" -> new GeneralName(GeneralName.dNSName, value);
                case "email" -> new GeneralName(GeneralName.rfc822Name, value);
                case "uri" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                case "ip" -> new GeneralName(GeneralName.iPAddress, new DEROctetString(NetUtil.createByteArrayFromIpAddressString(value)));
                case "ipbytes" -> new GeneralName(GeneralName.iPAddress, new DEROctetString(HexFormat.of().parseHex(value)));
                default -> throw new IllegalArgumentException("SAN kind " + kind);
            });
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }
}

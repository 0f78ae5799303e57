package io.jwtgate.gateway.middleware.passtlsclientcert;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1NumericString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A distinguished name as Go's {@code pkix.Name.FillFromRDNSequence} reads it from the DER: the
 * list attributes in the order written, a single-valued attribute (common name, serial number)
 * taken from its last occurrence, and the domain components (OID 0.9.2342.19200300.100.1.25,
 * which pkix.Name keeps only among its raw {@code Names}) in order.
 *
 * <p>Values are decoded as Go's x509 parser does: T61String as Latin-1, BMPString as UCS-2 without
 * a trailing NUL, the other string types as they are. Go refuses a certificate whose name holds
 * any other value type (so Traefik never gets to this middleware); here such an attribute is left out.
 */
record CertificateName(List<String> domainComponents, List<String> country, List<String> province, List<String> locality,
                       List<String> organization, List<String> organizationalUnit, String serialNumber, String commonName) {

    static CertificateName of(X500Name name) {
        List<String> dc = new ArrayList<>();
        List<String> c = new ArrayList<>();
        List<String> st = new ArrayList<>();
        List<String> l = new ArrayList<>();
        List<String> o = new ArrayList<>();
        List<String> ou = new ArrayList<>();
        String sn = "";
        String cn = "";
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                String value = value(atv.getValue().toASN1Primitive());
                if (value == null) {
                    continue;
                }
                ASN1ObjectIdentifier type = atv.getType();
                if (type.equals(BCStyle.DC)) {
                    dc.add(value);
                } else if (type.equals(BCStyle.C)) {
                    c.add(value);
                } else if (type.equals(BCStyle.ST)) {
                    st.add(value);
                } else if (type.equals(BCStyle.L)) {
                    l.add(value);
                } else if (type.equals(BCStyle.O)) {
                    o.add(value);
                } else if (type.equals(BCStyle.OU)) {
                    ou.add(value);
                } else if (type.equals(BCStyle.SERIALNUMBER)) {
                    sn = value;
                } else if (type.equals(BCStyle.CN)) {
                    cn = value;
                }
            }
        }
        return new CertificateName(List.copyOf(dc), List.copyOf(c), List.copyOf(st), List.copyOf(l), List.copyOf(o), List.copyOf(ou),
                sn, cn);
    }

    /** Go's {@code parseASN1String} for the string types it accepts; null for any other value. */
    private static String value(ASN1Primitive v) {
        if (v instanceof ASN1BMPString bmp) {
            String s = bmp.getString();
            return s.endsWith("\u0000") ? s.substring(0, s.length() - 1) : s;
        }
        if (v instanceof ASN1T61String || v instanceof ASN1PrintableString || v instanceof ASN1UTF8String || v instanceof ASN1IA5String
                || v instanceof ASN1NumericString) {
            return ((ASN1String) v).getString(); // BouncyCastle reads T61String one byte per char: Latin-1, as Go
        }
        return null;
    }
}

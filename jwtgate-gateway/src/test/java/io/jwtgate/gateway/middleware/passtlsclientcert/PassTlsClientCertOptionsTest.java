package io.jwtgate.gateway.middleware.passtlsclientcert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.passtlsclientcert.PassTlsClientCertOptions.Info;
import io.jwtgate.gateway.middleware.passtlsclientcert.PassTlsClientCertOptions.NameFields;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options as Traefik's dynamic.PassTLSClientCert reads them; what jwtgate refuses, and what it warns about. */
class PassTlsClientCertOptionsTest {

    static final String PATH = "http.middlewares.m.passTLSClientCert";

    static PassTlsClientCertOptions parse(String yaml, List<String> warnings) throws Exception {
        return PassTlsClientCertOptions.parse(new ConfigNode(new ObjectMapper(new YAMLFactory()).readTree(yaml), "dynamic.yml", PATH),
                warnings::add);
    }

    @Test
    void readsEveryOption() throws Exception {
        List<String> warnings = new ArrayList<>();
        PassTlsClientCertOptions o = parse("""
                pem: true
                info:
                  notAfter: true
                  notBefore: true
                  sans: true
                  serialNumber: true
                  subject: {country: true, province: true, locality: true, organization: true, organizationalUnit: true,
                            commonName: true, serialNumber: true, domainComponent: true}
                  issuer: {country: true, province: true, locality: true, organization: true, commonName: true,
                           serialNumber: true, domainComponent: true}
                """, warnings);
        assertThat(o).isEqualTo(new PassTlsClientCertOptions(true, new Info(true, true, true, true,
                new NameFields(true, true, true, true, true, true, true, true), new NameFields(true, true, true, true, false, true, true, true))));
        assertThat(warnings).isEmpty();
    }

    @Test
    void keysAreCaseInsensitiveAsInTraefik() throws Exception {
        PassTlsClientCertOptions o = parse("{PEM: true, Info: {NotAfter: true, Subject: {CommonName: true}}}", new ArrayList<>());
        assertThat(o.pem()).isTrue();
        assertThat(o.info().notAfter()).isTrue();
        assertThat(o.info().subject().commonName()).isTrue();
        assertThat(o.info().issuer()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'{pem: maybe}'                          | pem              | expected true or false",
        "'{info: true}'                          | info             | expected a map",
        "'{info: [notAfter]}'                    | info             | expected a map",
        "'{info: {sans: 2}}'                     | info.sans        | expected true or false",
        "'{info: {subject: commonName}}'         | info.subject     | expected a map",
        "'{info: {issuer: {commonName: yes!}}}'  | info.issuer.commonName | expected true or false",
        "'[pem]'                                 | passTLSClientCert | expected a map",
    })
    void badValuesFailClosed(String yaml, String key, String problem) {
        assertThatThrownBy(() -> parse(yaml, new ArrayList<>())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(key).hasMessageContaining(problem);
    }

    @Test
    void unknownKeysAreWarnedWithTheClosestName() throws Exception {
        List<String> warnings = new ArrayList<>();
        parse("{pem: true, pemm: true, info: {notafter2: true, subject: {commonname: true, cn: true}}}", warnings);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains(PATH + ".pemm", "not supported by jwtgate", "'pem'");
        assertThat(warnings.get(1)).contains(PATH + ".info.notafter2", "'notAfter'");
        assertThat(warnings.get(2)).contains(PATH + ".info.subject.cn");
    }

    @Test
    void theIssuerHasNoOrganizationalUnit() throws Exception {
        List<String> warnings = new ArrayList<>();
        PassTlsClientCertOptions o = parse("{info: {issuer: {organizationalUnit: true, organization: true}}}", warnings);
        assertThat(o.info().issuer()).isEqualTo(new NameFields(false, false, false, true, false, false, false, false));
        assertThat(warnings).singleElement().asString().contains(PATH + ".info.issuer.organizationalUnit", "not supported by jwtgate",
                "subject's have");
    }

    @Test
    void optionsThatAddNothingAreWarned() throws Exception {
        List<String> none = new ArrayList<>();
        assertThat(parse("{}", none)).isEqualTo(new PassTlsClientCertOptions(false, null));
        assertThat(none).singleElement().asString().contains("neither pem nor info is set");

        List<String> empty = new ArrayList<>();
        PassTlsClientCertOptions o = parse("{info: {subject: {}, issuer: {}}}", empty);
        assertThat(o.info()).as("present, selecting nothing").isEqualTo(new Info(false, false, false, false,
                new NameFields(false, false, false, false, false, false, false, false), new NameFields(false, false, false, false, false, false,
                        false, false)));
        assertThat(empty).singleElement().asString().contains(PATH + ".info", "selects no field", "sent empty");
    }

    @Test
    void aNullSectionIsAbsentAsInTraefiksFileProvider() throws Exception {
        List<String> warnings = new ArrayList<>();
        PassTlsClientCertOptions o = parse("{pem: true, info: null}", warnings);
        assertThat(o).isEqualTo(new PassTlsClientCertOptions(true, null));
        assertThat(warnings).isEmpty();
    }
}

package io.jwtgate.gateway.middleware.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hash vectors from Traefik's basic_auth_test.go and from OpenSSL ({@code openssl passwd -1 / -apr1}),
 * an implementation independent of the libraries under test.
 */
class HtpasswdHashTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "test       | $apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/                         | true",
            "test2      | $apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0                         | true",
            "overridden | $apr1$mK.GtItK$ncnLYvNLek0weXdxo68690                         | true",
            "test3      | $apr1$3rJbDP0q$RfzJiorTk78jQ1EcKqWso0                         | true",
            "test       | $apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0                         | false",
            "test       | $2a$04$.8sTYfcxbSplCtoxt5TdJOgpBYkarKtZYsYfYxQ1edbYRuO1DNi0e | true",
            "test       | $2y$04$.8sTYfcxbSplCtoxt5TdJOgpBYkarKtZYsYfYxQ1edbYRuO1DNi0e | true",
            "test       | $2b$04$.8sTYfcxbSplCtoxt5TdJOgpBYkarKtZYsYfYxQ1edbYRuO1DNi0e | true",
            "test       | $2x$04$.8sTYfcxbSplCtoxt5TdJOgpBYkarKtZYsYfYxQ1edbYRuO1DNi0e | true",
            "tesT       | $2a$04$.8sTYfcxbSplCtoxt5TdJOgpBYkarKtZYsYfYxQ1edbYRuO1DNi0e | false",
            "test       | {SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=                             | true",
            "Test       | {SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=                             | false",
            "test       | $1$abcdefgh$irWbblnpmw.5z7wgBnprh0                            | true",
            "test       | $1$abcdefgh$irWbblnpmw.5z7wgBnprh1                            | false",
            "test       | test                                                          | false",
            "test       | $5$rounds=5000$salt$hash                                      | false",
            "test       | $2a$04$short                                                  | false",
            "test       | $apr1$                                                        | false",
    })
    void checksLikeGoHttpAuth(String password, String hash, boolean expected) {
        assertThat(HtpasswdHash.matches(password, hash)).isEqualTo(expected);
    }
}

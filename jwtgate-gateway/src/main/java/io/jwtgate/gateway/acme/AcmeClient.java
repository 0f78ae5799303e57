package io.jwtgate.gateway.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.gateway.config.statics.AcmeConfig;
import io.jwtgate.gateway.runtime.AcmeChallenges;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resolver's conversation with its CA, through acme4j: the account (the stored one when it
 * belongs to this CA, else a new registration) and orders (authorizations through the challenges
 * configured, then the certificate). Blocking: runs on the resolver's worker only.
 */
final class AcmeClient {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a challenge may take to be validated (Traefik's challenge providers: 60 s). */
    private static final Duration CHALLENGE_TIMEOUT = Duration.ofSeconds(60);

    /** The CA refused or failed; {@code problem} is its problem document (RFC 7807), or null. */
    static final class Failure extends Exception {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final AcmeConfig.Resolver config;
    private final PendingChallenges challenges;
    private Login login;

    AcmeClient(AcmeConfig.Resolver config, PendingChallenges challenges) {
        this.config = config;
        this.challenges = challenges;
    }

    boolean loggedIn() {
        return login != null;
    }

    /** Logs in; returns the account to store when it is new (registered now), else null. */
    AcmeJson.Account login(AcmeJson.Account stored) throws Failure {
        try {
            Session session = CaConnection.session(config);
            if (stored != null && !stored.registrationUri().isEmpty() && sameCa(stored.registrationUri())) {
                login = session.login(URI.create(stored.registrationUri()).toURL(), AcmeKeys.fromPkcs1(stored.privateKeyPkcs1()));
                return null;
            }
            if (stored != null && !stored.registrationUri().isEmpty()) {
                LOG.info("certificate resolver {}: the stored account belongs to another CA than {}; registering a new account",
                        config.name(), config.caServer());
            }
            KeyPair key = AcmeKeys.newAccountKey();
            AccountBuilder b = new AccountBuilder().agreeToTermsOfService().useKeyPair(key);
            if (!config.email().isEmpty()) {
                b.addEmail(config.email());
            }
            if (config.eabKid() != null) {
                b.withKeyIdentifier(config.eabKid(), config.eabHmacEncoded());
            }
            login = b.createLogin(session);
            Account account = login.getAccount();
            ObjectNode body = JSON.createObjectNode().put("status", account.getStatus().name().toLowerCase(Locale.ROOT));
            var contacts = body.putArray("contact");
            account.getContacts().forEach(c -> contacts.add(c.toString()));
            LOG.info("certificate resolver {}: registered ACME account {}", config.name(), login.getAccountLocation());
            return new AcmeJson.Account(config.email(), login.getAccountLocation().toString(), body, AcmeKeys.pkcs1(key));
        } catch (AcmeException | IOException | GeneralSecurityException | RuntimeException e) {
            login = null;
            throw new Failure("cannot log in to the CA " + config.caServer() + ": " + describe(e), e);
        }
    }

    /** As Traefik's {@code isAccountMatchingCaServer}: the account URL and the CA's directory have the same host. */
    private boolean sameCa(String accountUri) {
        try {
            return URI.create(accountUri).getHost().equalsIgnoreCase(URI.create(config.caServer()).getHost());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Orders and downloads a certificate for these names (the first is the main one), signed for {@code key}. */
    List<X509Certificate> obtain(List<String> names, KeyPair key) throws Failure {
        try {
            OrderBuilder ob = login.newOrder().domains(names);
            if (!config.profile().isEmpty()) {
                ob.profile(config.profile());
            }
            Order order = ob.create();
            for (Authorization auth : order.getAuthorizations()) {
                if (auth.getStatus() != Status.VALID) {
                    authorize(auth);
                }
            }
            order.waitUntilReady(CHALLENGE_TIMEOUT);
            order.execute(key);
            Status status = order.waitForCompletion(config.certificateTimeout().isZero() ? Duration.ofSeconds(30) : config.certificateTimeout());
            if (status != Status.VALID) {
                throw new Failure("the order for " + names + " ended " + status + problem(order.getError().orElse(null)), null);
            }
            Certificate cert = order.getCertificate();
            if (!config.preferredChain().isEmpty()) {
                cert = cert.findCertificate(config.preferredChain()).orElse(cert);
            }
            return cert.getCertificateChain();
        } catch (AcmeException | RuntimeException e) {
            throw new Failure("cannot obtain a certificate for " + names + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while obtaining a certificate for " + names, e);
        }
    }

    private void authorize(Authorization auth) throws AcmeException, InterruptedException, Failure {
        String domain = auth.getIdentifier().getDomain();
        // As lego: the first challenge the CA offers that this resolver is configured for.
        Challenge chosen = null;
        for (Challenge c : auth.getChallenges()) {
            if ((c instanceof Http01Challenge && config.httpChallengeEntryPoint() != null) || (c instanceof TlsAlpn01Challenge && config.tlsChallenge())) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            throw new Failure("the CA offers no challenge this resolver answers for " + domain + " (offered: "
                    + auth.getChallenges().stream().map(Challenge::getType).toList() + ")", null);
        }
        Duration delay;
        if (chosen instanceof Http01Challenge http) {
            challenges.presentHttp(domain, http.getToken(), http.getAuthorization());
            delay = config.httpChallengeDelay();
        } else {
            TlsAlpn01Challenge tls = (TlsAlpn01Challenge) chosen;
            try {
                // RSA: acme4j signs the validation certificate with SHA256withRSA whatever the key type.
                KeyPair validationKey = AcmeKeys.generate("RSA2048");
                challenges.presentTls(domain, new AcmeChallenges.ChallengeCertificate(tls.createCertificate(validationKey, auth.getIdentifier()),
                        validationKey.getPrivate()));
            } catch (GeneralSecurityException e) {
                throw new Failure("cannot create the tls-alpn-01 certificate for " + domain + ": " + e.getMessage(), e);
            }
            delay = config.tlsChallengeDelay();
        }
        try {
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            chosen.trigger();
            Status status = chosen.waitForCompletion(CHALLENGE_TIMEOUT);
            if (status != Status.VALID) {
                throw new Failure(chosen.getType() + " for " + domain + " is " + status + problem(chosen.getError().orElse(null)), null);
            }
        } finally {
            if (chosen instanceof Http01Challenge http) {
                challenges.cleanUpHttp(domain, http.getToken());
            } else {
                challenges.cleanUpTls(domain);
            }
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof AcmeServerException s) {
            return s.getMessage() + problem(s.getProblem());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The CA's problem document, as it sent it. */
    private static String problem(Problem p) {
        if (p == null) {
            return "";
        }
        try {
            JsonNode doc = JSON.readTree(p.asJSON().toString());
            return "; the CA's problem document: " + JSON.writeValueAsString(doc);
        } catch (IOException e) {
            return "; the CA's problem document: " + p.asJSON();
        }
    }
}

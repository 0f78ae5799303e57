package io.jwtgate.jwt.config;

/** Key families: a key verifies only the algorithms of its own family (decision 8); crypto providers are chosen per family. */
public enum AlgorithmFamily { HMAC, RSA, RSA_PSS, ECDSA, EDDSA }

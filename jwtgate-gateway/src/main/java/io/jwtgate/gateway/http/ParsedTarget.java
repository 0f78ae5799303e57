package io.jwtgate.gateway.http;

/** The outcome of {@link RequestTarget#parse}: the target, or why it is refused. */
public sealed interface ParsedTarget permits RequestTarget, Refusal {}

package io.jwtgate.gateway.config.statics;

import java.nio.file.Path;
import java.time.Duration;

/** {@code providers.file}: one file or a directory of files, optionally watched for changes. */
public record FileProviderConfig(Path filename, Path directory, boolean watch, Duration throttle) {}

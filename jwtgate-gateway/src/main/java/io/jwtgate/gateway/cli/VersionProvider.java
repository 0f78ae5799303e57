package io.jwtgate.gateway.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"jwtgate " + (v == null ? "(development build)" : v) + " on Java " + System.getProperty("java.version")};
    }
}

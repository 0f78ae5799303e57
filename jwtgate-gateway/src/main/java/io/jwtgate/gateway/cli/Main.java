package io.jwtgate.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jwtgate} command. */
@Command(name = "jwtgate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "An API gateway with a Traefik-compatible JWT authentication middleware.",
        subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("run")) {
            System.exit(code);
        }
    }
}

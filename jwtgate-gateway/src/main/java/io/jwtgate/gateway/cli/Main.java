package io.jwtgate.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jwtgate} command. */
@Command(name = "jwtgate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "An API gateway with a Traefik-compatible JWT authentication middleware.",
        subcommands = {RunCommand.class, CheckCommand.class, TokenCommand.class, VerifyCommand.class, JwksCommand.class, TrainCommand.class,
                picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            // The providers load (a native library, ~0.3 s) on the second core while picocli and the configuration are read.
            io.jwtgate.jwt.JwtEngine.preload();
        }
        if (args.length == 0 || !args[0].equals("run")) {
            // Tools print their own results on standard output: keep library logs out of it.
            io.jwtgate.gateway.observability.LoggingSetup.apply(new io.jwtgate.gateway.config.statics.LogConfig("ERROR", "common", null));
        }
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("run")) {
            System.exit(code);
        }
    }
}

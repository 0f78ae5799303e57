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
        io.jwtgate.gateway.server.HttpCodecDefaults.apply();
        boolean run = args.length > 0 && args[0].equals("run");
        if (run) {
            // The providers load (a native library, ~0.3 s) and the default certificate is generated on the second core while
            // picocli and the configuration are read.
            io.jwtgate.jwt.JwtEngine.preload();
            io.jwtgate.gateway.server.SelfSignedCertificate.defaultCertificate();
        }
        if (!run) {
            // Tools print their own results on standard output: keep library logs out of it.
            io.jwtgate.gateway.observability.LoggingSetup.apply(new io.jwtgate.gateway.config.statics.LogConfig("ERROR", "common", null));
        }
        String[] commandArgs = run ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        RunCommand plainRun = run ? RunCommand.fromPlainArguments(commandArgs) : null;
        int code = plainRun != null ? callDirectly(plainRun)
                : command(run).setCaseInsensitiveEnumValuesAllowed(true).execute(commandArgs);
        if (code != 0 || !run) {
            System.exit(code);
        }
    }

    /** As picocli's {@code execute}: an exception is printed with its stack trace and the exit code is 1. */
    private static int callDirectly(RunCommand command) {
        try {
            return command.call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    /**
     * {@code run} (with arguments {@link RunCommand#fromPlainArguments} leaves to picocli) builds the model
     * of its own command only: picocli introspects every subcommand of the command it is given.
     */
    private static CommandLine command(boolean run) {
        return run ? new CommandLine(new RunCommand()).setCommandName("jwtgate run") : new CommandLine(new Main());
    }
}

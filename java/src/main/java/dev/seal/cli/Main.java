package dev.seal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The seal command line: thin commands over the library. */
@Command(name = "seal", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Score preference datasets with GGUF reward models and analyze the results (SEAL).",
        subcommands = {ScoreCommand.class, AnalyzeCommand.class, PerturbCommand.class, InspectCommand.class, DemoCommand.class, ConvertCommand.class,
                WorkerCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (rows that could not be scored are in the errors file)", "2:invalid command line",
                        "3:bad input (dataset unreadable, output not writable)", "4:model problem (unreadable, no head, no template)",
                        "5:native failure (decode failed, out of memory)", "1:unexpected error"})
public final class Main {
    public static final int EXIT_BAD_INPUT = 3;
    public static final int EXIT_MODEL = 4;
    public static final int EXIT_NATIVE = 5;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Failures());
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String nativeInfo;
            try {
                nativeInfo = dev.seal.bindings.seal_h.seal_build_info().getString(0);
            } catch (UnsatisfiedLinkError e) {
                nativeInfo = e.getMessage();
            }
            return new String[] {"seal 0.1.0", nativeInfo};
        }
    }
}

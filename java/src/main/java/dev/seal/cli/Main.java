package dev.seal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The seal command line: thin commands over the library. */
@Command(name = "seal", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Score preference datasets with GGUF reward models and analyze the results (SEAL).",
        subcommands = {ScoreCommand.class, RunCommand.class, BenchCommand.class, AnalyzeCommand.class, PerturbCommand.class, SimilarityCommand.class, LabelCommand.class, InspectCommand.class, DemoCommand.class, ConvertCommand.class,
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
        cl.setParameterExceptionHandler(Main::badCommandLine);
        try {
            return cl.execute(args);
        } catch (UnsatisfiedLinkError e) {
            // libseal missing, or built from another seal.h: an Error, which picocli's handler never sees
            String m = String.valueOf(e.getMessage());
            cl.getErr().println(m.startsWith("seal: ") ? m : "seal: " + m);
            cl.getErr().flush();
            return EXIT_NATIVE;
        }
    }

    /** A bad command line: one line saying what is wrong and where the help is, exit 2 (no page of usage). */
    private static int badCommandLine(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("seal: " + e.getMessage() + " (see " + cl.getCommandSpec().qualifiedName() + " --help)");
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** This build's version (Maven fills it in), or a line saying it is unknown when run outside a Maven build. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.startsWith("${") ? "(version unknown: not built by Maven)" : v;
        } catch (IOException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }

    /**
     * The native engine's build (seal_build_info: seal version, llama.cpp commit, backends, patches).
     *
     * @throws UnsatisfiedLinkError when libseal cannot be loaded
     */
    static String engineBuild() {
        return dev.seal.engine.Backend.withoutDevices().buildInfo();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String nativeInfo;
            try {
                nativeInfo = engineBuild();
            } catch (UnsatisfiedLinkError e) {
                nativeInfo = e.getMessage();
            }
            return new String[] {"seal " + version(), "engine: " + nativeInfo};
        }
    }
}

package dev.seal.cli;

import dev.seal.pipeline.Pipeline;
import dev.seal.pipeline.PipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the SEAL pipeline from a JSON config: perturb the pairs, drop copies whose meaning drifted"
                + " (with an embedding model), score pairs and kept copies with RM* (and the pairs with RM0), label the"
                + " pairs (with a labeler model), then analyze into a report with resistance, imprint and robustness.",
                "Each step is skipped when its inputs and options are unchanged since it completed; an interrupted"
                        + " score step resumes, other steps start over. One line per step says which; the last line is"
                        + " the report's path. The config's keys are in the README (seal run)."})
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PIPELINE.json", description = "the pipeline config")
    Path config;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return run(PipelineConfig.read(config), spec.commandLine());
    }

    /** Runs a config, step lines on the command's stdout and notes on its stderr; 0 on success. */
    static int run(PipelineConfig c, CommandLine cl) throws IOException {
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        Pipeline.run(c, line -> {
            out.println(line);
            out.flush();
        }, line -> {
            err.println("seal: " + line);
            err.flush();
        });
        return 0;
    }
}

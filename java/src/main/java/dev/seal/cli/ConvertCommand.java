package dev.seal.cli;

import dev.seal.convert.Converter;
import dev.seal.convert.HeadAttacher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convert a Hugging Face reward model (config.json, *.safetensors, tokenizer files) into a GGUF"
                + " seal scores with: llama.cpp's layout, the tokenizer and chat template, the score head as seal.reward.*.",
                "Supports LlamaForSequenceClassification, MistralForSequenceClassification,"
                + " Qwen2ForSequenceClassification, Qwen3ForSequenceClassification and Gemma2ForSequenceClassification.",
                "With --head-from/--into instead: copy a GGUF made elsewhere and attach a score head to it.",
                "The output is written to a temporary file and renamed: it is complete or absent, never partial."},
        footer = {"", "Examples:",
                "  seal convert ./Skywork-Reward-V2-Llama-3.1-8B --out sk.gguf --type q8_0",
                "  seal convert --head-from ./my-rm --into base-f16.gguf --out my-rm.gguf"})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "HF_FOLDER", description = "the Hugging Face model folder")
    Path folder;

    @Option(names = "--out", required = true, paramLabel = "GGUF", description = "the GGUF to write")
    Path out;

    @Option(names = "--type", defaultValue = "f16", paramLabel = "TYPE",
            description = "f32, f16 (default), bf16, or a llama.cpp quantization: q8_0, q6_k, q5_k_m, q4_k_m, …")
    String type;

    @Option(names = "--threads", paramLabel = "N", converter = OptionValues.Positive.class, description = "quantizer threads (default: all cores)")
    Integer threads;

    @Option(names = "--name", paramLabel = "NAME", description = "general.name (default: the folder's name)")
    String name;

    @Option(names = "--head-from", paramLabel = "PATH", description = "take the score head from this folder or .safetensors file")
    Path headFrom;

    @Option(names = "--into", paramLabel = "GGUF", description = "with --head-from: the GGUF to attach the head to")
    Path into;

    @Option(names = "--head-tensor", paramLabel = "NAME", description = "with --head-from: the head's weight tensor (default score.weight)")
    String headTensor;

    @Option(names = {"-q", "--quiet"}, description = "print only the result line")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (headFrom != null || into != null) {
            if (headFrom == null || into == null) {
                throw new ParameterException(spec.commandLine(), "--head-from and --into go together");
            }
            if (folder != null) {
                throw new ParameterException(spec.commandLine(), "give either HF_FOLDER or --head-from/--into, not both");
            }
            HeadAttacher.Report r = HeadAttacher.attach(headFrom, into, out, headTensor);
            o.printf("%s head %d x %d%s%s into %s (%s): wrote %s%n", r.replaced() ? "replaced the" : "attached a",
                    r.nLabels(), r.hidden(), r.bias() ? " + bias" : "",
                    r.labels() != null ? " " + r.labels() : "", into, r.architecture(), r.out());
            o.flush();
            return 0;
        }
        if (folder == null) {
            throw new ParameterException(spec.commandLine(), "missing HF_FOLDER (or --head-from/--into)");
        }
        Converter.Report r = Converter.convert(folder, out, new Converter.Options(type, threads == null ? 0 : threads, name,
                quiet ? null : line -> {
                    o.println(line);
                    o.flush();
                }));
        for (String n : r.notes()) {
            o.println("note: " + n);
        }
        o.printf("converted %s (%s) to %s: %s, %d reward output(s)%s%n", folder, r.hfArchitecture(), r.out(), r.type(),
                r.nLabels(), r.labels() != null ? " " + r.labels() : "");
        o.flush();
        return 0;
    }
}

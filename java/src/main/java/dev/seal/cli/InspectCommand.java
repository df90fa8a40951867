package dev.seal.cli;

import dev.seal.engine.Backend;
import dev.seal.engine.Model;
import dev.seal.engine.ModelInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a GGUF model's architecture, size, quantization, reward head, chat template and tokenizer.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .gguf file")
    Path model;

    @picocli.CommandLine.Option(names = "--sha256", paramLabel = "HEX", converter = OptionValues.Sha256.class, description = "refuse the model unless its SHA-256 is this")
    String sha256;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (sha256 != null) {
            Model.checkSha256(model, sha256);
        }
        try (Model m = Model.load(model, new Model.Options(0, true, false))) {
            ModelInfo i = m.info();
            out.printf("file           %s%n", model);
            out.printf("architecture   %s (%s)%n", i.architecture(), i.description());
            out.printf("size           %,d parameters, %.1f MiB of tensors%n", i.nParams(), i.sizeBytes() / 1048576.0);
            out.printf("quantization   %s%n", fileType(m.meta("general.file_type")));
            out.printf("dimensions     n_embd %d, %d layers, trained context %d%n", i.nEmbd(), i.nLayer(), i.nCtxTrain());
            out.printf("attention      %s%n", i.causal() ? "causal (pairs share their prompt's tokens)" : "bidirectional");
            out.printf("reward head    %s%n", switch (i.headKind()) {
                case LAST_TOKEN -> "seal.reward.head on the last token's final-norm state, " + i.nLabels() + " output(s)";
                case CLASSIFIER -> "classifier (cls.output, RANK pooling), " + i.nLabels() + " output(s)";
                case NONE -> "none: cannot score (add seal.reward.head.weight, see `seal convert --head-from`)";
            });
            if (i.nLabels() > 0) {
                out.printf("labels         %s%n", String.join(", ", i.labels().stream().map(l -> l.isEmpty() ? "(unnamed)" : l).toList()));
            }
            String tmpl = m.meta("tokenizer.chat_template");
            out.printf("chat template  %s%n", tmpl == null ? "none (score with --raw)" : tmpl.length() + " characters");
            String tok = m.meta("tokenizer.ggml.model");
            out.printf("tokenizer      %s, %,d tokens, BOS %d%s, EOS %d%s%n", tok == null ? "?" : tok, i.nVocab(), i.tokenBos(),
                    i.addBos() ? " (added)" : "", i.tokenEos(), i.addEos() ? " (added)" : "");
            // where `seal score` with its default --gpu-layers (-1, all) would run this model
            Backend backend = Backend.ofThisBuild();
            out.printf("backend        %s (%s)%n", backend.name(-1), backend.buildInfo());
            out.printf("device         %s%n", backend.device(-1));
            // every device the engine sees, by the index seal score --devices takes
            for (Backend.Device d : backend.devices()) {
                out.printf("%-15s%d %s%n", d.index() == 0 ? "devices" : "", d.index(), d.describe());
            }
        }
        return 0;
    }

    /** llama_ftype names for general.file_type. */
    static String fileType(String v) {
        if (v == null) {
            return "unknown (no general.file_type)";
        }
        String[] names = {"F32", "F16", "Q4_0", "Q4_1", "Q4_1_SOME_F16", "Q4_2", "Q4_3", "Q8_0", "Q5_0", "Q5_1", "Q2_K",
                "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS", "IQ2_XS",
                "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M", "IQ4_XS",
                "IQ1_M", "BF16"};
        try {
            int k = Integer.parseInt(v.trim());
            return k >= 0 && k < names.length ? names[k] : "file_type " + k;
        } catch (NumberFormatException e) {
            return v;
        }
    }
}

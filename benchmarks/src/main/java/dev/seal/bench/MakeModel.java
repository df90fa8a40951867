package dev.seal.bench;

import dev.seal.engine.Model;
import dev.seal.gguf.DemoModel;
import dev.seal.gguf.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a random-weight llama reward model of a real model's shape, for benchmarks:
 * <pre>
 * MakeModel OUT.gguf VOCAB.gguf [--shape llama-3.2-1b|small|tiny] [--type f16|f32|q8_0|q4_k_m…]
 * MakeModel OUT.gguf --quantize-from IN.gguf --type q8_0
 * </pre>
 * Quantized types are written as F16 first, then quantized by llama.cpp's quantizer.
 */
public final class MakeModel {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        if (args[1].equals("--quantize-from")) {
            long t0 = System.nanoTime();
            Model.quantize(Path.of(args[2]), out, args[4], 0);
            System.out.printf("quantized %s to %s (%s) in %.1fs%n", args[2], out, args[4], (System.nanoTime() - t0) / 1e9);
            return;
        }
        Path vocab = Path.of(args[1]);
        String shape = "llama-3.2-1b";
        String type = "f16";
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--shape" -> shape = args[++i];
                case "--type" -> type = args[++i].toLowerCase();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        DemoModel.Spec spec = DemoModel.Spec.defaults(vocab).withNCtx(131072);
        spec = switch (shape) {
            // Llama-3.2-1B: hidden 2048, 16 layers, 32 heads (8 KV), intermediate 8192.
            case "llama-3.2-1b" -> spec.withShape(2048, 16, 32, 8, 8192);
            case "small" -> spec.withShape(512, 8, 8, 4, 1536);  // ~ a 40M-parameter model: matmul-bound on a CPU
            case "tiny" -> spec;
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
        boolean direct = type.equals("f16") || type.equals("f32");
        spec = spec.withTensorType(type.equals("f32") ? GgmlType.F32 : GgmlType.F16);
        Path f16 = direct ? out : out.resolveSibling(out.getFileName() + ".f16.tmp");
        long t0 = System.nanoTime();
        DemoModel.write(f16, spec);
        if (!direct) {
            Model.quantize(f16, out, type, 0);
            Files.delete(f16);
        }
        System.out.printf("wrote %s (%s, %s) in %.1fs%n", out, shape, type, (System.nanoTime() - t0) / 1e9);
    }
}

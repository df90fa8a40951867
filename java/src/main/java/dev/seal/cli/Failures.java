package dev.seal.cli;

import dev.seal.engine.SealException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/** Maps failures to one clear line on stderr and a distinct exit code; no stack traces for user errors. */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        int code;
        String message;
        switch (t) {
            case SealException s -> {
                code = switch (s.kind()) {
                    case MODEL -> Main.EXIT_MODEL;
                    case ARGUMENT, INPUT -> Main.EXIT_BAD_INPUT;
                    case NATIVE -> Main.EXIT_NATIVE;
                };
                message = s.getMessage();
            }
            case NoSuchFileException n -> {
                code = Main.EXIT_BAD_INPUT;
                message = "no such file: " + n.getFile();
            }
            case IOException io -> {
                code = Main.EXIT_BAD_INPUT;
                message = io.getMessage();
            }
            case IllegalArgumentException ia -> {
                code = Main.EXIT_BAD_INPUT;
                message = ia.getMessage();
            }
            case UnsatisfiedLinkError ule -> {
                code = Main.EXIT_NATIVE;
                message = ule.getMessage();
            }
            default -> {
                code = 1;
                message = t.toString();
                t.printStackTrace(cl.getErr());
            }
        }
        cl.getErr().println("seal: " + message);
        return code;
    }
}

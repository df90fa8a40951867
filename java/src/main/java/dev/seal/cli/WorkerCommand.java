package dev.seal.cli;

import dev.seal.job.WorkerServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code seal worker}: the process that holds the native engine for {@code seal score}, which starts it and speaks
 * to it over stdin/stdout (see dev.seal.job.WorkerProtocol). Not for direct use.
 */
@Command(name = "worker", hidden = true,
        description = "Internal: the native scoring process that `seal score` supervises (length-prefixed frames on stdin/stdout).")
final class WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        // stdout carries protocol frames only: anything else printed goes to stderr
        FileOutputStream frames = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        return WorkerServer.serve(new FileInputStream(FileDescriptor.in), frames);
    }
}

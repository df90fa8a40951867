package dev.seal.cli;

/** Test access to the demo's chat template. */
public final class DemoCommandAccess {
    public static final String TEMPLATE = DemoCommand.TEMPLATE;

    private DemoCommandAccess() {}
}

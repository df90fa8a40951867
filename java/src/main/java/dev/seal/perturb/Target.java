package dev.seal.perturb;

/** What a copy perturbs. */
public enum Target {
    /** The last (scored) assistant response of each side. */
    RESPONSE,
    /** The last user turn of the prompt, the request the responses answer; both sides get the same edit. */
    PROMPT,
    /** Both of the above. */
    BOTH;

    boolean response() {
        return this != PROMPT;
    }

    boolean prompt() {
        return this != RESPONSE;
    }
}

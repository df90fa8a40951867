package dev.seal.data;

import java.util.Objects;

/** One chat turn. {@code role} is "system", "user" or "assistant" (hh-rlhf's Human/Assistant map to user/assistant). */
public record Turn(String role, String content) {
    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}

package dev.seal.gguf;

/**
 * The metadata keys of seal's reward head, the one extension seal adds to llama.cpp's GGUF layout: the engine
 * (native/src/model.cpp) applies the head to the last token's final-norm state, {@link GgufValidator} checks it before
 * a load, and the converter and {@link DemoModel} write it.
 */
public final class RewardHeadKeys {
    /** FLOAT32 array of n_labels x n_embd, row-major by label (label 0's n_embd weights first). */
    public static final String WEIGHT = "seal.reward.head.weight";
    /** FLOAT32 array of n_labels; optional. */
    public static final String BIAS = "seal.reward.head.bias";
    /** STRING array of n_labels, the names of the rewards; optional. */
    public static final String LABELS = "seal.reward.labels";
    /**
     * UINT32, optional: the model's pad_token_id. The head then pools the last token that is not this one (trailing
     * padding is skipped), as transformers' *ForSequenceClassification pools; absent: the last token.
     */
    public static final String PAD_TOKEN_ID = "seal.reward.pad_token_id";

    private RewardHeadKeys() {}
}

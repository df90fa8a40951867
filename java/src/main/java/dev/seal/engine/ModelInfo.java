package dev.seal.engine;

import java.util.List;

/**
 * What a loaded model is, as seal sees it.
 *
 * @param headKind     how rewards are computed: LAST_TOKEN (decoder RM + seal.reward head), CLASSIFIER
 *                     (encoder with llama.cpp's RANK pooling) or NONE (cannot score)
 * @param causal       decoder attention; only then can a pair's shared prefix be computed once
 */
public record ModelInfo(String architecture, String description, HeadKind headKind, int nLabels, List<String> labels,
                        int nEmbd, int nLayer, int nCtxTrain, int nVocab, int vocabType, int tokenBos, int tokenEos,
                        int tokenSep, boolean addBos, boolean addEos, boolean addSep, boolean causal,
                        boolean hasChatTemplate, long nParams, long sizeBytes) {
    public ModelInfo {
        labels = List.copyOf(labels);
    }

    public enum HeadKind { NONE, LAST_TOKEN, CLASSIFIER }
}

/*
 * seal.h: the whole boundary between seal's native engine and its callers (Java via java.lang.foreign).
 *
 * Rules of this header, so that bindings stay mechanical:
 *   - opaque handles only (seal_model, seal_scorer, seal_prober, seal_generator, seal_embedder); every *_init / *_load has a matching *_free;
 *   - plain C types, fixed-width integers, no C++ types, no ownership crosses the boundary:
 *     every buffer is allocated and freed by the caller;
 *   - every fallible function returns an int32_t status (SEAL_OK or a negative SEAL_E_* code) and
 *     leaves a human-readable message in seal_last_error() for the calling thread;
 *   - when a caller's buffer is too small the call fails with SEAL_E_BUFFER_TOO_SMALL and stores the
 *     required size, so the caller can retry with a large enough buffer;
 *   - structs with defaults come from seal_*_default_params(); fields are only ever appended.
 */
#ifndef SEAL_H
#define SEAL_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#    define SEAL_API __declspec(dllexport)
#else
#    define SEAL_API __attribute__((visibility("default")))
#endif

#define SEAL_API_VERSION 3

/* ---- status codes ------------------------------------------------------------------------------ */

#define SEAL_OK                     0
#define SEAL_E_INVALID_ARGUMENT    -1  /* a null pointer, a negative count, an out-of-range index */
#define SEAL_E_IO                  -2  /* the file cannot be opened or read */
#define SEAL_E_MODEL               -3  /* llama.cpp refused the model file */
#define SEAL_E_NO_HEAD             -4  /* the model has no reward head seal knows how to apply */
#define SEAL_E_TOO_LONG            -5  /* a sequence is longer than the scorer's max_seq_tokens */
#define SEAL_E_DECODE              -6  /* llama_decode failed */
#define SEAL_E_OUT_OF_MEMORY       -7  /* host or device allocation failed (retry with a smaller batch) */
#define SEAL_E_TEMPLATE            -8  /* no chat template, or the template failed to parse or render */
#define SEAL_E_BUFFER_TOO_SMALL    -9  /* see the function's n_required out-parameter */
#define SEAL_E_EMPTY              -10  /* an empty sequence */
#define SEAL_E_INTERNAL           -11  /* a bug in seal: please report it with seal_last_error() */
#define SEAL_E_NOT_GENERATIVE     -12  /* the model cannot predict next tokens (an encoder or classifier) */

/* How a model turns hidden states into rewards. */
#define SEAL_HEAD_NONE        0  /* neither a seal.reward.* head nor a classifier: cannot score */
#define SEAL_HEAD_LAST_TOKEN  1  /* decoder RM: seal.reward.head.* applied to the final-norm state of the last token */
#define SEAL_HEAD_CLASSIFIER  2  /* encoder classifier (BERT family): llama.cpp's RANK pooling and cls.output head */

/* ---- library ----------------------------------------------------------------------------------- */

/* The message of the last failed call on this thread ("" if none). Valid until the next seal call on this thread. */
SEAL_API const char * seal_last_error(void);

/* SEAL_API_VERSION of the library (callers compare it with the header they were built from). */
SEAL_API int32_t seal_api_version(void);

/* A one-line description of the build: llama.cpp commit, backends (CPU, CUDA), patches. */
SEAL_API const char * seal_build_info(void);

/* llama.cpp's own log: 0 = errors only (default), 1 = warnings, 2 = everything. Goes to stderr. */
SEAL_API void seal_set_log_level(int32_t level);

/* Layout introspection for the binding check: size or field offset of a public struct, -1 if unknown. */
SEAL_API int64_t seal_abi_sizeof(const char * struct_name);
SEAL_API int64_t seal_abi_offsetof(const char * struct_name, const char * field_name);

/* ---- devices ----------------------------------------------------------------------------------- */

/* What kind of device (ggml's ggml_backend_dev_type values). */
#define SEAL_DEVICE_CPU    0  /* the CPU, with system memory */
#define SEAL_DEVICE_GPU    1  /* a GPU with its own memory (CUDA) */
#define SEAL_DEVICE_IGPU   2  /* an integrated GPU using system memory */
#define SEAL_DEVICE_ACCEL  3  /* an accelerator that works beside the CPU backend (BLAS, AMX) */

typedef struct seal_device_info {
    char     name[64];          /* ggml's name for it: "CPU", "CUDA0", "CUDA1", ... */
    char     description[128];  /* e.g. "NVIDIA H100 80GB HBM3", or the CPU's model name */
    int32_t  type;              /* SEAL_DEVICE_* */
    uint64_t memory_free;       /* bytes free now (for the CPU: the system's); 0 when not asked for */
    uint64_t memory_total;      /* bytes in all; 0 when not asked for */
} seal_device_info;

/* The devices llama.cpp's backends see in this process (GPUs first, then the CPU): always at least the CPU. */
SEAL_API int32_t seal_backend_device_count(void);

/* Device `index` (0 .. seal_backend_device_count() - 1) into the caller's *out; SEAL_E_INVALID_ARGUMENT for an
   index that does not exist. with_memory asks the device for its free and total memory; for a GPU that opens a CUDA
   context on it, which holds hundreds of MiB of that GPU until the process exits. A process that only names or checks
   devices (a supervisor of per-GPU workers, a model put on one GPU) passes false, and the memory fields stay 0. */
SEAL_API int32_t seal_backend_device_info(int32_t index, bool with_memory, seal_device_info * out);

/* ---- model ------------------------------------------------------------------------------------- */

typedef struct seal_model seal_model;

typedef struct seal_model_params {
    int32_t n_gpu_layers;  /* layers to offload to the GPU; -1 = all, 0 = CPU only (default -1) */
    bool    use_mmap;      /* map the file instead of reading it (default true) */
    bool    vocab_only;    /* load metadata and tokenizer only: enough to describe, tokenize, render (default false) */
    int32_t device;        /* the one device the model runs on, by its index in seal_backend_device_info's list, so
                              that a process can hold models on several GPUs (default -1: llama.cpp's choice, every
                              GPU, the layers split by free memory). A GPU's index puts the model on that GPU alone
                              (n_gpu_layers still counts the layers it gets); the CPU's index runs it on the CPU with
                              no GPU backend at all, where n_gpu_layers 0 still leaves llama.cpp the GPUs' backends.
                              Any other index fails the load with SEAL_E_INVALID_ARGUMENT */
} seal_model_params;

typedef struct seal_model_info {
    char     architecture[32];  /* general.architecture, e.g. "llama", "qwen2", "bert" */
    char     description[128];  /* llama.cpp's one-line description, e.g. "llama 1B Q8_0" */
    int32_t  head_kind;         /* SEAL_HEAD_* */
    int32_t  n_labels;          /* rewards per sequence (1 for most RMs) */
    int32_t  n_embd;
    int32_t  n_layer;
    int32_t  n_ctx_train;       /* the context length the model was trained with */
    int32_t  n_vocab;
    int32_t  vocab_type;        /* llama_vocab_type: 1 SPM, 2 BPE, 3 WPM, 4 UGM, 5 RWKV, 6 PLAMO2 */
    int32_t  token_bos;         /* -1 when the vocabulary has none */
    int32_t  token_eos;
    int32_t  token_sep;
    bool     add_bos;           /* the tokenizer adds BOS (CLS for BERT) to a text */
    bool     add_eos;
    bool     add_sep;
    bool     causal;            /* decoder-style attention: prefixes can be shared between sequences */
    bool     has_chat_template;
    uint64_t n_params;
    uint64_t size_bytes;        /* bytes of tensor data */
} seal_model_info;

SEAL_API seal_model_params seal_model_default_params(void);

/*
 * Loads a GGUF model. On success *out owns the model until seal_model_free.
 * seal_model_free ends the caller's use of the handle (pass it to no function afterwards), in any order with
 * the objects made from the model (scorers, probers, generators, embedders): while any of them is open, the
 * memory it uses (weights, vocabulary, head) stays alive and is freed with the last of them (its *_free).
 */
SEAL_API int32_t seal_model_load(const char * path, seal_model_params params, seal_model ** out);
SEAL_API void    seal_model_free(seal_model * model);

SEAL_API int32_t seal_model_describe(const seal_model * model, seal_model_info * out);

/* Name of reward output i (seal.reward.labels or the classifier's labels); "" when unnamed. */
SEAL_API int32_t seal_model_label(const seal_model * model, int32_t i, char * buf, int32_t buf_size, int32_t * n_required);

/* A metadata value as text (arrays are summarized by llama.cpp). SEAL_E_INVALID_ARGUMENT if the key is absent. */
SEAL_API int32_t seal_model_meta(const seal_model * model, const char * key, char * buf, int32_t buf_size, int32_t * n_required);

/*
 * Tokenizes text_len bytes of UTF-8 text. add_special: add BOS/EOS as the model's tokenizer does;
 * parse_special: treat special-token text (e.g. "<|eot_id|>") as the special token.
 * Writes at most n_tokens_max tokens; *n_tokens receives the count (or the required count).
 */
SEAL_API int32_t seal_model_tokenize(const seal_model * model, const char * text, int32_t text_len,
                                     bool add_special, bool parse_special,
                                     int32_t * tokens, int32_t n_tokens_max, int32_t * n_tokens);

/*
 * Turns tokens back into UTF-8 text (llama.cpp's detokenizer). remove_special: drop BOS/EOS as the tokenizer
 * added them; unparse_special: write special tokens as their text. Writes at most buf_size bytes (no
 * terminator); *n_bytes receives the length (or the required length, with SEAL_E_BUFFER_TOO_SMALL).
 */
SEAL_API int32_t seal_model_detokenize(const seal_model * model, const int32_t * tokens, int32_t n_tokens,
                                       bool remove_special, bool unparse_special,
                                       char * buf, int32_t buf_size, int32_t * n_bytes);

/*
 * Renders a conversation with the model's own chat template (tokenizer.chat_template), exactly as
 * Hugging Face's apply_chat_template would: Jinja with messages, bos_token, eos_token and
 * add_generation_prompt. roles[i]/contents[i] are NUL-terminated UTF-8. Writes at most buf_size bytes
 * (no terminator is added); *n_bytes receives the rendered length (or the required length).
 * template_override: a Jinja template to use instead of the model's (NULL = the model's).
 */
SEAL_API int32_t seal_model_render_chat(const seal_model * model, const char * template_override,
                                        const char * const * roles, const char * const * contents, int32_t n_messages,
                                        bool add_generation_prompt,
                                        char * buf, int32_t buf_size, int32_t * n_bytes);

/*
 * Quantizes a GGUF with llama.cpp's quantizer (llama_model_quantize), copying every metadata key, the
 * seal.reward.* head included. type: f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q2_k, q3_k_s, q3_k_m,
 * q3_k_l, q4_k_s, q4_k_m, q5_k_s, q5_k_m, q6_k (case-insensitive). n_threads 0 = all cores.
 */
SEAL_API int32_t seal_model_quantize(const char * path_in, const char * path_out, const char * type, int32_t n_threads);

/* ---- scorer ------------------------------------------------------------------------------------ */

typedef struct seal_scorer seal_scorer;

typedef struct seal_scorer_params {
    int32_t max_seq_tokens;/* longest sequence accepted, in tokens; 0 = the model's n_ctx_train capped at 4096 */
    int32_t n_batch;       /* token budget a decode is packed to (default 512 on CPU, 8192 with a GPU); a
                              longer sequence or pair is still decoded, alone */
    int32_t n_seq_max;     /* sequences in one decode (default 256, at most 256) */
    int32_t n_threads;     /* CPU threads; 0 = all cores */
    int32_t flash_attn;    /* -1 auto (default: on wherever llama.cpp supports it, the CPU included, but off with
                              kv_f32, since flash attention reads K and V in f16), 0 off, 1 on */
    bool    share_prefix;  /* compute a group's common token prefix once (default true; ignored for non-causal models) */
    bool    sort_by_length;/* pack similar lengths together (default true) */
    bool    kv_f32;        /* keep the KV cache in f32 instead of f16: slower, but rewards then move only
                              at f32 rounding level with the batch composition (default false) */
} seal_scorer_params;

/* What one seal_scorer_score (or seal_prober_probe, seal_generator_generate) call did. */
typedef struct seal_score_stats {
    int64_t n_tokens_input;    /* tokens of all sequences as given */
    int64_t n_tokens_decoded;  /* tokens actually run through the model (input minus shared prefixes) */
    int32_t n_decodes;         /* llama_decode calls */
    int32_t n_failed;          /* sequences with a non-OK status */
    double  seconds_decode;    /* wall time inside llama_decode, including the wait for results */
    double  seconds_total;     /* wall time of the call */
} seal_score_stats;

SEAL_API seal_scorer_params seal_scorer_default_params(void);

/*
 * A scorer keeps what it uses of the model alive: the model and its scorers may be freed in any order
 * (see seal_model_free).
 */
SEAL_API int32_t seal_scorer_init(seal_model * model, seal_scorer_params params, seal_scorer ** out);
SEAL_API void    seal_scorer_free(seal_scorer * scorer);

/* The longest sequence and the token budget the scorer settled on (after defaults and caps; the budget falls
   when a decode runs out of memory, see seal_scorer_score). */
SEAL_API int32_t seal_scorer_max_seq_tokens(const seal_scorer * scorer);
SEAL_API int32_t seal_scorer_n_batch(const seal_scorer * scorer);

/*
 * Scores n_seqs token sequences in one call: sorts, packs them into decodes up to the token budget,
 * shares prefixes, and writes the rewards back in input order.
 *
 *   tokens        all sequences concatenated
 *   offsets       n_seqs + 1 offsets into tokens; sequence i is tokens[offsets[i] .. offsets[i+1])
 *   groups        optional (NULL = none): sequences with the same non-negative group id are scored
 *                 with their common token prefix computed once (e.g. a pair's chosen and rejected,
 *                 which share the conversation up to the last turn); -1 = no sharing. The prefix is
 *                 found on the tokens themselves, so scores cannot depend on where a text was cut;
 *                 every sequence keeps at least its last token of its own.
 *   rewards       out: n_seqs * n_labels floats, row-major; NaN for a failed sequence
 *   seq_status    out (optional): n_seqs statuses; one bad sequence fails alone: SEAL_E_TOO_LONG (longer
 *                 than max_seq_tokens), SEAL_E_EMPTY, SEAL_E_INVALID_ARGUMENT (a token id outside the vocabulary),
 *                 SEAL_E_OUT_OF_MEMORY (its decode did not fit even at the smallest budget, see below)
 *   shared        out (optional): n_seqs counts of prefix tokens each sequence shared with its group
 *   stats         out (optional)
 *
 * Out of memory at a decode: the scorer halves its token budget, makes its context again for it (llama.cpp
 * reserves the compute buffers for a context's whole budget when it makes it, so only a new context needs less),
 * and plans what is left of the call again; down to 64 tokens, where a decode that still fails is retried unit by
 * unit and a unit that fails alone gets SEAL_E_OUT_OF_MEMORY. The smaller budget stays for later calls
 * (seal_scorer_n_batch). A causal model's decode is then computed in pieces of at most the budget, so a sequence
 * longer than the budget still fits; scores move only as they do with any other packing.
 *
 * Returns SEAL_OK when the call ran, even if some sequences failed (see seq_status); an error when
 * nothing could be scored (bad arguments, a decode failure, out of memory with no context left at all).
 */
SEAL_API int32_t seal_scorer_score(seal_scorer * scorer, int32_t n_seqs,
                                   const int32_t * tokens, const int64_t * offsets, const int32_t * groups,
                                   float * rewards, int32_t * seq_status, int32_t * shared,
                                   seal_score_stats * stats);

/* ---- prober ------------------------------------------------------------------------------------ */

/*
 * Next-token probabilities of chosen answer tokens after a text and a question, e.g. P("Yes") and P("No")
 * after "<text> Is this text polite? Answer:". Each text is computed once and its K questions are
 * branches that share it in the KV cache; the LM head runs only on each branch's last token.
 * Needs a causal model with an LM head (SEAL_E_NOT_GENERATIVE otherwise).
 */
typedef struct seal_prober seal_prober;

typedef struct seal_prober_params {
    int32_t max_seq_tokens;/* longest text + question accepted, in tokens; 0 = the model's n_ctx_train capped at 4096 */
    int32_t n_batch;       /* token budget a decode is packed to (default 512 on CPU, 8192 with a GPU); a text
                              with its K questions is still decoded whole when it fits max_seq_tokens, alone */
    int32_t n_seq_max;     /* branches in one decode (default 256, at most 256) */
    int32_t n_threads;     /* CPU threads; 0 = all cores */
    int32_t flash_attn;    /* -1 auto (default with a GPU), 0 off (default on CPU), 1 on */
    bool    kv_f32;        /* f32 KV cache (see seal_scorer_params.kv_f32; default false) */
    bool    reference;     /* the slow, simple path, for differential tests: each text + question decoded alone
                              as one plain sequence, no packing, no sharing (default false) */
} seal_prober_params;

SEAL_API seal_prober_params seal_prober_default_params(void);

/* A prober keeps what it uses of the model alive, like a scorer (see seal_model_free). */
SEAL_API int32_t seal_prober_init(seal_model * model, seal_prober_params params, seal_prober ** out);
SEAL_API void    seal_prober_free(seal_prober * prober);

/*
 * Probes n_texts texts with the same n_questions questions in one call.
 *
 *   text_tokens, text_offsets           the texts, concatenated; text i is text_tokens[text_offsets[i] ..
 *                                       text_offsets[i+1]) (n_texts + 1 offsets, the first 0)
 *   question_tokens, question_offsets   the questions the same way (n_questions + 1 offsets); each question is
 *                                       appended to each text as is (tokenize it without BOS) and must not be empty
 *   candidates                          n_candidates token ids whose next-token probability is read
 *   probs        out: n_texts * n_questions * n_candidates floats, row-major: probs[(i * n_questions + k) *
 *                n_candidates + c] = P(candidates[c] | text i + question k), softmax over the whole vocabulary;
 *                NaN for a failed text
 *   text_status  out (optional): n_texts statuses; one bad text fails alone: SEAL_E_EMPTY (an empty text),
 *                SEAL_E_TOO_LONG (text + a question longer than max_seq_tokens), SEAL_E_INVALID_ARGUMENT
 *                (a token id outside the vocabulary)
 *   stats        out (optional): n_tokens_input counts every text + question as if decoded alone
 *
 * Returns SEAL_OK when the call ran, even if some texts failed (see text_status); an error when nothing
 * could be probed (bad arguments: an empty question, a candidate outside the vocabulary; a decode failure).
 */
SEAL_API int32_t seal_prober_probe(seal_prober * prober,
                                   int32_t n_texts, const int32_t * text_tokens, const int64_t * text_offsets,
                                   int32_t n_questions, const int32_t * question_tokens, const int64_t * question_offsets,
                                   int32_t n_candidates, const int32_t * candidates,
                                   float * probs, int32_t * text_status, seal_score_stats * stats);

/* ---- generator --------------------------------------------------------------------------------- */

/*
 * Text generation for many requests at once with continuous batching: up to n_seq_max sequences are
 * decoded together, one token each per decode (prompts in chunks), and a finished sequence's place goes
 * to the next request at once. Each request has its own sampling (seal_sampling_params), stop strings and
 * GBNF grammar. The prompts' common token prefix is computed once. The LM head runs only on the rows that
 * are sampled. Needs a causal model with an LM head.
 */
typedef struct seal_generator seal_generator;

typedef struct seal_generator_params {
    int32_t n_ctx;         /* KV cells shared by all sequences in flight (default 4096); a request needs its
                              prompt + max_tokens cells, reserved when it is admitted */
    int32_t n_batch;       /* tokens in one decode (default 512) */
    int32_t n_seq_max;     /* sequences in flight (default 32, at most 255) */
    int32_t n_threads;     /* CPU threads; 0 = all cores */
    int32_t flash_attn;    /* -1 auto (default with a GPU), 0 off (default on CPU), 1 on */
    bool    share_prefix;  /* the token prefix common to all of a call's prompts (an instruction) is decoded once
                              and shared by every request's sequence (default true) */
    bool    kv_f32;        /* f32 KV cache (see seal_scorer_params.kv_f32; default false) */
} seal_generator_params;

typedef struct seal_sampling_params {
    float    temperature;  /* 0 = greedy: always the most probable token (default 0.8) */
    int32_t  top_k;        /* keep the k most probable tokens; 0 = off (default 40) */
    float    top_p;        /* keep the smallest set holding p of the probability; 1 = off (default 0.95) */
    float    min_p;        /* drop tokens below min_p times the top probability; 0 = off (default 0.05) */
    uint32_t seed;         /* the request's own random stream: the same seed, prompt and params give the same text */
    int32_t  max_tokens;   /* tokens generated at most (default 256) */
} seal_sampling_params;

/* Why a request stopped. */
#define SEAL_FINISH_NONE    0  /* it failed (see its status) */
#define SEAL_FINISH_EOG     1  /* the model ended its turn: an end-of-generation token (not in the output) */
#define SEAL_FINISH_LENGTH  2  /* max_tokens reached (with a grammar: the output may be incomplete) */
#define SEAL_FINISH_STOP    3  /* a stop string appeared; the output tokens include it: cut the text at it */

/*
 * Converts a JSON Schema to a GBNF grammar (llama.cpp's converter, as its server uses), for
 * seal_generator_generate's grammars: output that follows it parses as JSON valid against the schema.
 * Writes at most buf_size bytes (no terminator); *n_bytes receives the grammar's length (or the required
 * length, with SEAL_E_BUFFER_TOO_SMALL). SEAL_E_INVALID_ARGUMENT with the reason for a schema that does not
 * parse or that the converter does not support.
 */
SEAL_API int32_t seal_json_schema_to_grammar(const char * schema, char * buf, int32_t buf_size, int32_t * n_bytes);

SEAL_API seal_generator_params seal_generator_default_params(void);
SEAL_API seal_sampling_params  seal_sampling_default_params(void);

/* A generator keeps what it uses of the model alive, like a scorer (see seal_model_free). */
SEAL_API int32_t seal_generator_init(seal_model * model, seal_generator_params params, seal_generator ** out);
SEAL_API void    seal_generator_free(seal_generator * generator);

/*
 * Generates for n_requests prompts in one call.
 *
 *   prompt_tokens, prompt_offsets  the prompts, concatenated (n_requests + 1 offsets, the first 0); render
 *                                  a conversation with seal_model_render_chat and tokenize it first
 *   sampling      n_requests sampling params
 *   grammars      optional (NULL = none): n_requests GBNF grammars with a rule named root, NULL entries for
 *                 free text; the output then always follows the grammar (until max_tokens)
 *   stops, stop_offsets  optional (NULL = none): request i stops when its text contains any of
 *                 stops[stop_offsets[i] .. stop_offsets[i+1]) (n_requests + 1 offsets into stops)
 *   out_tokens    out: the generated tokens; request i's start at the sum of max_tokens of requests 0..i-1,
 *                 so the buffer holds the sum of all max_tokens
 *   n_out         out: n_requests counts of generated tokens
 *   finish        out: n_requests SEAL_FINISH_* reasons
 *   status        out (optional): n_requests statuses; one bad request fails alone: SEAL_E_EMPTY,
 *                 SEAL_E_TOO_LONG (prompt + max_tokens over n_ctx), SEAL_E_INVALID_ARGUMENT (a token id
 *                 outside the vocabulary, a grammar that does not parse, max_tokens < 1)
 *   stats         out (optional): n_tokens_input = prompt tokens, n_tokens_decoded = all tokens decoded (the
 *                 shared prefix once)
 *
 * Returns SEAL_OK when the call ran, even if some requests failed; an error when nothing could run.
 */
SEAL_API int32_t seal_generator_generate(seal_generator * generator, int32_t n_requests,
                                         const int32_t * prompt_tokens, const int64_t * prompt_offsets,
                                         const seal_sampling_params * sampling, const char * const * grammars,
                                         const char * const * stops, const int32_t * stop_offsets,
                                         int32_t * out_tokens, int32_t * n_out, int32_t * finish, int32_t * status,
                                         seal_score_stats * stats);

/* ---- embedder ---------------------------------------------------------------------------------- */

/*
 * One pooled vector per text from an embedding model (BERT/XLM-R family through llama.cpp's pooling, or a
 * decoder with mean or last pooling): many texts are packed into each decode. Every vector is L2-normalized, so
 * the cosine similarity of two texts is the dot product of their vectors.
 */
typedef struct seal_embedder seal_embedder;

/* Pooling (llama.cpp's llama_pooling_type values). */
#define SEAL_POOLING_MEAN  1  /* the mean of the sequence's rows */
#define SEAL_POOLING_CLS   2  /* the first row (CLS for BERT) */
#define SEAL_POOLING_LAST  3  /* the last row */

typedef struct seal_embedder_params {
    int32_t pooling;       /* -1 = the model's own (its GGUF pooling_type; mean for a model that declares none,
                              e.g. a decoder), or SEAL_POOLING_* (default -1) */
    int32_t max_seq_tokens;/* longest sequence accepted, in tokens; 0 = the model's n_ctx_train capped at 4096 */
    int32_t n_batch;       /* token budget a decode is packed to (default 512 on CPU, 8192 with a GPU); a
                              longer sequence is still decoded, alone */
    int32_t n_seq_max;     /* sequences in one decode (default 256, at most 256) */
    int32_t n_threads;     /* CPU threads; 0 = all cores */
    int32_t flash_attn;    /* -1 auto (default with a GPU), 0 off (default on CPU), 1 on */
    bool    kv_f32;        /* f32 KV cache (see seal_scorer_params.kv_f32; default false) */
} seal_embedder_params;

SEAL_API seal_embedder_params seal_embedder_default_params(void);

/*
 * An embedder keeps what it uses of the model alive, like a scorer (see seal_model_free). Fails with
 * SEAL_E_INVALID_ARGUMENT for a model that pools by rank (a reranker or classifier) or an unknown pooling.
 */
SEAL_API int32_t seal_embedder_init(seal_model * model, seal_embedder_params params, seal_embedder ** out);
SEAL_API void    seal_embedder_free(seal_embedder * embedder);

/* Floats in one embedding. */
SEAL_API int32_t seal_embedder_n_embd(const seal_embedder * embedder);

/* The pooling the embedder settled on (SEAL_POOLING_*). */
SEAL_API int32_t seal_embedder_pooling(const seal_embedder * embedder);

/*
 * Embeds n_seqs token sequences in one call.
 *
 *   tokens, offsets  the sequences, concatenated (n_seqs + 1 offsets, the first 0)
 *   embeddings  out: n_seqs * n_embd floats, row-major, each row L2-normalized (a zero vector stays zero);
 *               NaN for a failed sequence
 *   seq_status  out (optional): n_seqs statuses; one bad sequence fails alone: SEAL_E_EMPTY, SEAL_E_TOO_LONG,
 *               SEAL_E_INVALID_ARGUMENT (a token id outside the vocabulary)
 *   stats       out (optional)
 *
 * Returns SEAL_OK when the call ran, even if some sequences failed; an error when nothing could run.
 */
SEAL_API int32_t seal_embedder_embed(seal_embedder * embedder, int32_t n_seqs,
                                     const int32_t * tokens, const int64_t * offsets,
                                     float * embeddings, int32_t * seq_status, seal_score_stats * stats);

#ifdef __cplusplus
}
#endif

#endif /* SEAL_H */

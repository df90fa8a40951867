// Packing plan: which sequences go into which decode, and which tokens are shared. Pure functions on
// token arrays, kept apart from llama.cpp so the arithmetic can be tested on its own.
#pragma once

#include <cstdint>
#include <vector>

namespace seal {

// A group of sequences decoded together: `prefix` tokens (taken from the first member) are computed
// once and belong to every member; each member then has its own suffix of at least one token.
struct unit {
    std::vector<int32_t> members;  // sequence indices, in input order
    int32_t prefix = 0;            // shared tokens
    int64_t cost = 0;              // tokens this unit puts into a decode: prefix + sum of suffixes
};

struct plan_input {
    int32_t n_seqs = 0;
    const int32_t * tokens = nullptr;
    const int64_t * offsets = nullptr;
    const int32_t * groups = nullptr;  // may be null
    const int32_t * status = nullptr;  // per sequence; only SEAL_OK sequences are planned
    bool share_prefix = true;
    bool sort_by_length = true;
    int64_t n_batch = 0;               // token budget of one decode (a larger unit is decoded alone)
    int64_t n_unit_max = 0;            // the most tokens one decode can hold (the context size)
    int32_t n_seq_max = 0;             // sequences in one decode
};

// Longest common token prefix of the members, capped so each member keeps one token of its own.
int32_t common_prefix(const plan_input & in, const std::vector<int32_t> & members);

// Units for every valid sequence: groups share their prefix when the group fits one decode, else
// they fall apart into single sequences.
std::vector<unit> make_units(const plan_input & in);

// Decodes: lists of unit indices, each within n_batch tokens and n_seq_max sequences. Largest units
// first, and each decode topped up with the smallest units that still fit, so decodes stay full.
std::vector<std::vector<int32_t>> pack_units(const std::vector<unit> & units, const plan_input & in);

} // namespace seal

// Unit tests of the packing plan: shared prefixes are computed on tokens, capped so each member keeps
// a token, groups that do not fit fall apart, and every valid sequence lands in exactly one decode.
#include "plan.h"
#include "seal.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

static int failures = 0;
#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                        \
        }                                                                      \
    } while (0)

struct seqs {
    std::vector<int32_t> tokens;
    std::vector<int64_t> offsets{0};
    std::vector<int32_t> groups;
    std::vector<int32_t> status;
    void add(std::vector<int32_t> t, int32_t g) {
        tokens.insert(tokens.end(), t.begin(), t.end());
        offsets.push_back((int64_t) tokens.size());
        groups.push_back(g);
        status.push_back(t.empty() ? SEAL_E_EMPTY : SEAL_OK);
    }
    seal::plan_input input(int64_t n_batch, int32_t n_seq_max) const {
        seal::plan_input in;
        in.n_seqs = (int32_t) groups.size();
        in.tokens = tokens.data();
        in.offsets = offsets.data();
        in.groups = groups.data();
        in.status = status.data();
        in.n_batch = n_batch;
        in.n_unit_max = n_batch;
        in.n_seq_max = n_seq_max;
        return in;
    }
};

int main() {
    {   // a pair sharing 3 tokens
        seqs s;
        s.add({1, 2, 3, 4, 5}, 0);
        s.add({1, 2, 3, 9}, 0);
        auto in = s.input(100, 8);
        CHECK(seal::common_prefix(in, {0, 1}) == 3);
        auto units = seal::make_units(in);
        CHECK(units.size() == 1);
        CHECK(units[0].prefix == 3);
        CHECK(units[0].cost == 3 + 2 + 1);
    }
    {   // identical texts: each keeps its last token
        seqs s;
        s.add({7, 8, 9}, 4);
        s.add({7, 8, 9}, 4);
        auto in = s.input(100, 8);
        CHECK(seal::common_prefix(in, {0, 1}) == 2);
    }
    {   // one is a prefix of the other
        seqs s;
        s.add({7, 8}, 1);
        s.add({7, 8, 9, 10}, 1);
        auto in = s.input(100, 8);
        CHECK(seal::common_prefix(in, {0, 1}) == 1);
    }
    {   // no sharing when disabled or ungrouped
        seqs s;
        s.add({1, 2, 3}, -1);
        s.add({1, 2, 4}, -1);
        auto in = s.input(100, 8);
        CHECK(seal::make_units(in).size() == 2);
        s.groups = {3, 3};
        in = s.input(100, 8);
        in.share_prefix = false;
        CHECK(seal::make_units(in).size() == 2);
    }
    {   // a group over budget falls apart; every valid sequence is packed exactly once
        seqs s;
        s.add({1, 2, 3, 4, 5, 6}, 0);
        s.add({1, 2, 3, 4, 5, 7}, 0);  // group cost 5 + 1 + 1 = 7 > budget 6
        s.add({}, 1);                  // empty: not planned
        for (int i = 0; i < 20; i++) {
            s.add(std::vector<int32_t>(1 + i % 5, 3), 10 + i);
        }
        auto in = s.input(6, 3);
        auto units = seal::make_units(in);
        auto decodes = seal::pack_units(units, in);
        std::multiset<int32_t> seen;
        for (auto & d : decodes) {
            int64_t tokens = 0;
            int32_t n = 0;
            for (int32_t ui : d) {
                tokens += units[ui].cost;
                n += (int32_t) units[ui].members.size();
                for (int32_t m : units[ui].members) seen.insert(m);
            }
            CHECK(tokens <= 6);
            CHECK(n <= 3);
        }
        CHECK(seen.size() == 22);
        CHECK(seen.count(2) == 0);
        for (int32_t i = 0; i < 23; i++) {
            if (i != 2) CHECK(seen.count(i) == 1);
        }
    }
    {   // a group over the budget but within the context is decoded alone, still sharing
        seqs s;
        s.add({1, 2, 3, 4, 5, 6}, 0);
        s.add({1, 2, 3, 4, 5, 7}, 0);  // cost 7
        s.add({9, 9}, 1);
        auto in = s.input(4, 8);
        in.n_unit_max = 16;
        auto units = seal::make_units(in);
        CHECK(units.size() == 2);
        CHECK(units[0].prefix == 5);
        auto decodes = seal::pack_units(units, in);
        CHECK(decodes.size() == 2);
        CHECK(decodes[0].size() == 1);
    }
    if (failures == 0) {
        printf("test_plan: all checks passed\n");
    }
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

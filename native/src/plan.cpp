#include "plan.h"

#include "seal.h"

#include <algorithm>
#include <unordered_map>

namespace seal {

int32_t common_prefix(const plan_input & in, const std::vector<int32_t> & members) {
    if (members.size() < 2) {
        return 0;
    }
    const int32_t first = members[0];
    int64_t p = in.offsets[first + 1] - in.offsets[first] - 1;  // every member keeps its last token
    for (size_t k = 1; k < members.size() && p > 0; k++) {
        const int32_t s = members[k];
        const int64_t len = in.offsets[s + 1] - in.offsets[s];
        p = std::min<int64_t>(p, len - 1);
        const int32_t * a = in.tokens + in.offsets[first];
        const int32_t * b = in.tokens + in.offsets[s];
        int64_t i = 0;
        while (i < p && a[i] == b[i]) {
            i++;
        }
        p = i;
    }
    return (int32_t) std::max<int64_t>(p, 0);
}

std::vector<unit> make_units(const plan_input & in) {
    std::vector<unit> units;
    std::unordered_map<int32_t, size_t> group_unit;  // group id -> index in units
    auto length = [&](int32_t s) { return in.offsets[s + 1] - in.offsets[s]; };

    for (int32_t s = 0; s < in.n_seqs; s++) {
        if (in.status[s] != SEAL_OK) {
            continue;
        }
        const int32_t g = (in.share_prefix && in.groups) ? in.groups[s] : -1;
        if (g >= 0) {
            auto it = group_unit.find(g);
            if (it != group_unit.end()) {
                units[it->second].members.push_back(s);
                continue;
            }
            group_unit.emplace(g, units.size());
        }
        unit u;
        u.members.push_back(s);
        units.push_back(std::move(u));
    }

    std::vector<unit> out;
    out.reserve(units.size());
    for (auto & u : units) {
        u.prefix = common_prefix(in, u.members);
        u.cost = u.prefix;
        for (int32_t s : u.members) {
            u.cost += length(s) - u.prefix;
        }
        if (u.members.size() > 1 && (u.cost > in.n_unit_max || (int32_t) u.members.size() > in.n_seq_max)) {
            // Too big to decode at once: score the members separately rather than fail them.
            for (int32_t s : u.members) {
                unit single;
                single.members.push_back(s);
                single.cost = length(s);
                out.push_back(std::move(single));
            }
            continue;
        }
        out.push_back(std::move(u));
    }
    return out;
}

std::vector<std::vector<int32_t>> pack_units(const std::vector<unit> & units, const plan_input & in) {
    std::vector<int32_t> order(units.size());
    for (size_t i = 0; i < units.size(); i++) {
        order[i] = (int32_t) i;
    }
    if (in.sort_by_length) {
        std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return units[a].cost > units[b].cost; });
    }
    std::vector<std::vector<int32_t>> decodes;
    size_t lo = 0;
    size_t hi = order.size();  // [lo, hi) not yet placed; order is descending by cost when sorted
    while (lo < hi) {
        std::vector<int32_t> d;
        int64_t tokens = 0;
        int32_t seqs = 0;
        auto fits = [&](const unit & u) {
            return tokens + u.cost <= in.n_batch && seqs + (int32_t) u.members.size() <= in.n_seq_max;
        };
        // Largest first...
        while (lo < hi && (d.empty() || fits(units[order[lo]]))) {
            const unit & u = units[order[lo++]];
            d.push_back((int32_t) (&u - units.data()));
            tokens += u.cost;
            seqs += (int32_t) u.members.size();
        }
        // ...then top up with the smallest.
        while (in.sort_by_length && lo < hi && fits(units[order[hi - 1]])) {
            const unit & u = units[order[--hi]];
            d.push_back((int32_t) (&u - units.data()));
            tokens += u.cost;
            seqs += (int32_t) u.members.size();
        }
        decodes.push_back(std::move(d));
    }
    return decodes;
}

} // namespace seal

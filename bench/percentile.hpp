#pragma once
// The benchmarks' percentile: the nearest rank (p in 0..1), 0 for no values.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace telecentre::bench {

inline double percentile(std::vector<double> values, double p) {
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

} // namespace telecentre::bench

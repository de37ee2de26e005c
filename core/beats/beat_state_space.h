#pragma once
// Bar-pointer state space of Krebs, Böck & Widmer (ISMIR 2015), as madmom's
// BeatStateSpace / BarStateSpace build it. All quantities are in FRAMES: a
// beat interval L (frames per beat) owns L consecutive states whose positions
// are k/L, k = 0..L-1; states of shorter intervals come first. A bar of N
// beats stacks N copies of that beat space; state positions then run from 0
// to N (integer part = beat index inside the bar, 0 = downbeat).
#include <cstdint>
#include <vector>

namespace mirlo {

// Beat intervals (frames) between minInterval and maxInterval: every integer
// from round(min) to round(max) (linear spacing) when numIntervals <= 0 or is
// not smaller than that count, otherwise numIntervals log-spaced intervals
// rounded to integers (madmom's iterative approach, duplicates removed).
std::vector<int> beatIntervals(double minInterval, double maxInterval, int numIntervals = 0);

struct BeatStateSpace {
    int numBeats = 1;
    int numStates = 0;
    std::vector<int> intervals;          // per tempo, ascending
    std::vector<double> statePositions;  // per state, 0 .. numBeats
    std::vector<int32_t> stateIntervals; // per state, frames per beat
    // firstStates[b][i] / lastStates[b][i]: first/last state of interval i in beat b.
    std::vector<std::vector<int32_t>> firstStates;
    std::vector<std::vector<int32_t>> lastStates;

    int numIntervals() const { return int(intervals.size()); }

    // One beat (madmom BeatStateSpace).
    static BeatStateSpace beat(double minInterval, double maxInterval, int numIntervals = 0);
    // numBeats stacked beats (madmom BarStateSpace).
    static BeatStateSpace bar(int numBeats, double minInterval, double maxInterval, int numIntervals = 0);
};

} // namespace mirlo

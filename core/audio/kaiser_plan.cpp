// resampy's Kaiser filter tables and the cached per-rate-pair polyphase plans.
#include "core/audio/kaiser_plan.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <tuple>

namespace mirlo::kaiser {

namespace {

// Polyphase tables above this many weights (32 MB) are not worth their
// memory: such rate pairs (large coprime rates) compute weights per sample.
constexpr int64_t kMaxPolyphaseWeights = int64_t(4) << 20;
constexpr size_t kMaxCachedPlans = 32;

// Modified Bessel function I0 by its power series: all terms are positive
// (no cancellation), and for beta <= 13 about 40 terms reach double
// precision; much faster than std::cyl_bessel_i for the 409601 table entries.
double besselI0(double x)
{
    const double q = 0.25 * x * x;
    double term = 1.0;
    double sum = 1.0;
    for (int k = 1; k < 500; ++k) {
        term *= q / (double(k) * double(k));
        sum += term;
        if (term < sum * 1e-17)
            break;
    }
    return sum;
}

// resampy's create_filters.py: rolloff * sinc(rolloff * j / precision) times
// the right half of a Kaiser window of length 2 * zeros * precision + 1 (as
// scipy.signal.windows.kaiser computes it). Matches resampy's shipped
// kaiser_best.npz / kaiser_fast.npz to ~3e-16.
FilterTable buildTable(int zeros, int precision, double rolloff, double beta)
{
    FilterTable t;
    t.zeros = zeros;
    t.precision = precision;
    t.rolloff = rolloff;
    t.beta = beta;
    const int64_t n = int64_t(zeros) * precision;
    t.h.resize(size_t(n + 1));
    const double i0beta = besselI0(beta);
    for (int64_t j = 0; j <= n; ++j) {
        const double u = rolloff * (double(j) / double(precision));
        const double y = M_PI * u;
        const double sinc = j == 0 ? 1.0 : std::sin(y) / y;
        const double r = double(j) / double(n);
        const double window = besselI0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) / i0beta;
        t.h[size_t(j)] = window * (rolloff * sinc);
    }
    return t;
}

std::shared_ptr<const Plan> buildPlan(KaiserFilter filter, int fromRate, int toRate)
{
    auto p = std::make_shared<Plan>();
    p->table = &filterTable(filter);
    const int64_t g = std::gcd(int64_t(fromRate), int64_t(toRate));
    p->phases = toRate / g;
    p->inputStep = fromRate / g;
    p->ratio = double(toRate) / double(fromRate); // resampy: float(sr_new) / sr_orig
    p->increment = 1.0 / p->ratio;
    p->scale = std::min(1.0, p->ratio);
    p->step = std::max<int64_t>(1, int64_t(p->scale * p->table->precision));
    const int64_t nwin = int64_t(p->table->h.size());
    const int64_t maxWing = nwin / p->step + 1;
    p->taps = int((2 * maxWing + 15) / 16 * 16);
    p->polyphase = (p->phases + 1) * p->taps <= kMaxPolyphaseWeights;
    if (!p->polyphase)
        return p;
    const size_t rows = size_t(p->phases + 1);
    p->coef.assign(rows * size_t(p->taps), 0.0);
    p->base.assign(rows, 0);
    for (int64_t ph = 0; ph < p->phases; ++ph) {
        const double time = double(ph) * p->increment; // as resampy's t_out for t < L
        const int64_t n = int64_t(time);
        p->base[size_t(ph)] = p->weights(n, time - double(n), p->coef.data() + size_t(ph) * size_t(p->taps));
    }
    // For t = q * L resampy's double time can land one ulp below q * M; then
    // it takes n = q * M - 1 and a unit just below 1. Because step is
    // truncated, that weighting differs from phase 0 by up to ~1e-5 per tap.
    p->base[size_t(p->phases)] =
        p->weights(-1, std::nextafter(1.0, 0.0), p->coef.data() + size_t(p->phases) * size_t(p->taps));
    return p;
}

std::atomic<bool> g_allowAvx2{true};
std::atomic<int> g_maxThreads{2};

} // namespace

const FilterTable &filterTable(KaiserFilter filter)
{
    // Parameters documented in resampy/filters.py (0.4.2) for its .npz tables.
    static const FilterTable best = buildTable(50, 8192, 0.917347, 12.9846);
    static const FilterTable fast = buildTable(24, 512, 0.868212, 9.90322);
    return filter == KaiserFilter::Fast ? fast : best;
}

int64_t Plan::weights(int64_t n, double unit, double *w) const
{
    const std::vector<double> &h = table->h;
    const int64_t nwin = int64_t(h.size());
    const double prec = double(table->precision);
    // resampy scales the whole table by the ratio when downsampling, then
    // takes differences of the scaled table; same operations here.
    const double gain = ratio < 1.0 ? ratio : 1.0;
    auto interp = [&](int64_t j, double eta) {
        const double a = gain * h[size_t(j)];
        const double d = j + 1 < nwin ? gain * h[size_t(j + 1)] - a : 0.0;
        return a + eta * d;
    };
    std::fill(w, w + taps, 0.0);
    const double frac = scale * unit;
    const double idxL = frac * prec;
    const int64_t offL = int64_t(idxL);
    const double etaL = idxL - double(offL);
    const int64_t iMax = std::max<int64_t>(0, (nwin - offL) / step);
    const double idxR = (scale - frac) * prec;
    const int64_t offR = int64_t(idxR);
    const double etaR = idxR - double(offR);
    const int64_t kMax = std::max<int64_t>(0, (nwin - offR) / step);
    // w[0] weights x[n - iMax + 1], ..., w[iMax - 1] weights x[n], w[iMax + k] weights x[n + 1 + k].
    for (int64_t i = 0; i < iMax; ++i)
        w[iMax - 1 - i] = interp(offL + i * step, etaL);
    for (int64_t k = 0; k < kMax; ++k)
        w[iMax + k] = interp(offR + k * step, etaR);
    return n - iMax + 1;
}

std::shared_ptr<const Plan> plan(KaiserFilter filter, int fromRate, int toRate)
{
    static std::mutex mutex;
    static std::map<std::tuple<int, int, int>, std::shared_ptr<const Plan>> cache;
    const auto key = std::make_tuple(int(filter), fromRate, toRate);
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end())
        return it->second;
    if (cache.size() >= kMaxCachedPlans)
        cache.clear(); // holders keep their shared_ptr alive
    auto p = buildPlan(filter, fromRate, toRate);
    cache.emplace(key, p);
    return p;
}

double dot(const double *w, const float *x, int taps)
{
    if (g_allowAvx2.load(std::memory_order_relaxed) && avx2::supported())
        return avx2::dot(w, x, taps);
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int j = 0; j < taps; j += 4) {
        s0 += w[j] * double(x[j]);
        s1 += w[j + 1] * double(x[j + 1]);
        s2 += w[j + 2] * double(x[j + 2]);
        s3 += w[j + 3] * double(x[j + 3]);
    }
    return (s0 + s1) + (s2 + s3);
}

void setAllowAvx2(bool allow)
{
    g_allowAvx2.store(allow);
}

bool usingAvx2()
{
    return g_allowAvx2.load() && avx2::supported();
}

void setMaxThreads(int threads)
{
    g_maxThreads.store(std::max(1, threads));
}

int maxThreads()
{
    return g_maxThreads.load();
}

} // namespace mirlo::kaiser

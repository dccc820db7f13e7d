// Issue 4: answer latency on the shipped knowledge base (target: p99 under 1 ms) and on a
// synthetic base of 1,000 entries, over the labelled evaluation questions. Prints the mean per
// benchmark (Google Benchmark) and the p50/p99 of single answers, with the ratio of the large
// base to the shipped one measured in the same run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "dialogs/knowledge.h"
#include "tests/support/fixtures.h"

namespace achilles::bench {
namespace {

using dialogs::KnowledgeBase;
using dialogs::KnowledgeEntry;

std::vector<std::string> Questions() {
  std::vector<std::string> questions;
  const auto eval = nlohmann::json::parse(testing::ReadFixture("knowledge_eval.json"));
  for (const auto& item : eval["labelled"]) questions.push_back(item["q"]);
  for (const auto& item : eval["off_topic"]) questions.push_back(item);
  return questions;
}

const KnowledgeBase& Shipped() {
  static const KnowledgeBase base(testing::ShippedContent().knowledge);
  return base;
}

// The shipped entries, repeated with their words shuffled among entries, up to 1,000.
const KnowledgeBase& Synthetic() {
  static const KnowledgeBase base = [] {
    dialogs::Knowledge synthetic = testing::ShippedContent().knowledge;
    const auto shipped = std::move(synthetic.entries);
    auto& entries = synthetic.entries;
    entries.clear();
    for (std::size_t i = 0; entries.size() < 1000; ++i) {
      KnowledgeEntry entry = shipped[i % shipped.size()];
      const KnowledgeEntry& other = shipped[(i * 7 + 3) % shipped.size()];
      entry.id.append("_").append(std::to_string(i));
      entry.asks.push_back(other.asks.front());
      entry.answer.append(" ").append(other.answer);
      entries.push_back(std::move(entry));
    }
    return KnowledgeBase(std::move(synthetic));
  }();
  return base;
}

void Answer(benchmark::State& state, const KnowledgeBase& base) {
  const auto questions = Questions();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dialogs::AnswerQuestion(base, questions[i++ % questions.size()]));
  }
  state.counters["entries"] = static_cast<double>(base.entries().size());
}
void BM_AnswerShippedBase(benchmark::State& state) { Answer(state, Shipped()); }
void BM_AnswerThousandEntries(benchmark::State& state) { Answer(state, Synthetic()); }
BENCHMARK(BM_AnswerShippedBase)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnswerThousandEntries)->Unit(benchmark::kMicrosecond);

// Each question answered `rounds` times, timed one by one: the percentiles.
std::pair<double, double> Percentiles(const KnowledgeBase& base, int rounds) {
  const auto questions = Questions();
  std::vector<double> micros;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& question : questions) {
      const auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(dialogs::AnswerQuestion(base, question));
      micros.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
    }
  }
  std::sort(micros.begin(), micros.end());
  return {micros[micros.size() / 2], micros[micros.size() * 99 / 100]};
}

}  // namespace
}  // namespace achilles::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  using achilles::bench::Percentiles;
  const auto [shipped_p50, shipped_p99] = Percentiles(achilles::bench::Shipped(), 20);
  const auto [large_p50, large_p99] = Percentiles(achilles::bench::Synthetic(), 5);
  std::printf("\nshipped base (%zu entries): p50 %.1f us, p99 %.1f us (target p99 < 1000 us)\n",
              achilles::bench::Shipped().entries().size(), shipped_p50, shipped_p99);
  std::printf("synthetic base (%zu entries): p50 %.1f us, p99 %.1f us (%.1fx the shipped p99)\n",
              achilles::bench::Synthetic().entries().size(), large_p50, large_p99,
              large_p99 / shipped_p99);
  benchmark::Shutdown();
  return 0;
}

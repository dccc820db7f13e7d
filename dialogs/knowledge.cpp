#include "dialogs/knowledge.h"

#include <libstemmer.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace achilles::dialogs {
namespace {

// Words too common to tell topics apart. Not "how", "why", "when", "need", "use", "help" and
// the like: they tell a question's intent ("how long", "why calf raises", "how do I use this"),
// and keeping them found more asks taken out of their entry (77.5% -> 79.7%).
const std::set<std::string, std::less<>> kStopWords = {
    "a",      "about", "all",   "also",  "am",       "an",    "and",    "any",   "are",   "as",
    "at",     "be",    "been",  "but",   "by",       "can",   "could",  "did",   "do",    "does",
    "doing",  "for",   "from",  "get",   "got",      "had",   "has",    "have",  "i",     "if",
    "im",     "in",    "into",  "is",    "it",       "its",   "just",   "me",    "might", "my",
    "of",     "on",    "or",    "our",   "should",   "so",    "some",   "that",  "the",   "their",
    "them",   "then",  "there", "these", "they",     "this",  "to",     "too",   "up",    "us",
    "very",   "was",   "we",    "were",  "what",     "whats", "where",  "which", "while", "who",
    "will",   "with",  "would", "you",   "your",     "ok",    "okay",   "yet",   "much",  "many",
    "really", "still", "s",     "t",     "ll",       "ve",    "d",      "m",     "re",    "work",
    "works",  "worth", "good",  "bad",   "actually", "thing", "things", "go",    "going", "one",
    "like",   "best",  "right", "ever",  "now",      "lot"};

// Field weights: a word in the title counts four times, in a way of asking three, in the answer
// once.
constexpr double kTitleWeight = 4;
constexpr double kAskWeight = 3;
constexpr double kAnswerWeight = 1;
// A question that names an entry's whole title ("heel lifts") is about that entry.
constexpr double kTitleNamedBonus = 1.25;
constexpr double kK1 = 2.0;
constexpr double kB = 0.5;
// How much a question close to one way of asking an entry lifts that entry: BM25 over the
// whole entry misses that a question reads like one of its asks, word for word. Chosen on the
// measure of each ask taken out of its entry
// (Knowledge.EachAskTakenOutFindsItsEntryAndTheShippedGateIsFittedWithThem), not a question set.
constexpr double kNearestAskLift = 2.0;

// Lower-case words of letters or of digits: "10k" is "10" and "k", "8mm" is "8" and "mm", so
// a unit runners abbreviate reads as its own word.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0) {
      if (!word.empty() && (std::isdigit(c) != 0) != (std::isdigit(word.back()) != 0)) {
        words.push_back(std::move(word));
        word.clear();
      }
      word += static_cast<char>(std::tolower(c));
    } else if (c == '\'') {
      continue;  // "what's" -> "whats", "don't" -> "dont"
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Damerau-Levenshtein distance (adjacent transpositions count one), stopping early above `max`.
int EditDistance(std::string_view a, std::string_view b, int max) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > max) return max + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (int i = 0; i <= n; ++i) d[i][0] = i;
  for (int j = 0; j <= m; ++j) d[0][j] = j;
  for (int i = 1; i <= n; ++i) {
    int row_min = max + 1;
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
      row_min = std::min(row_min, d[i][j]);
    }
    if (row_min > max) return max + 1;
  }
  return d[n][m];
}

}  // namespace

struct KnowledgeBase::Index {
  std::vector<KnowledgeEntry> entries;
  std::vector<std::unordered_map<std::string, double>> term_counts;  // per entry, weighted
  std::vector<std::set<std::string>> title_terms;                    // per entry
  // One way of asking an entry (its title or one ask): its distinct terms with their idf, and
  // the sum of those.
  struct Phrasing {
    std::vector<std::pair<std::string, double>> terms;
    double weight = 0;
  };
  std::vector<std::vector<Phrasing>> phrasings;  // per entry: title, each ask
  std::vector<double> lengths;
  double mean_length = 1;
  std::unordered_map<std::string, int> document_frequency;
  std::map<std::vector<std::string>, std::string> synonyms;  // stemmed phrase -> group term
  std::size_t longest_synonym = 1;
  std::set<std::string, std::less<>> synonym_starts;  // the first stem of each phrase
  // Every spelling a typo may be near: each indexed word's stem, and each one-word synonym's
  // stem, with the term it stands for.
  std::vector<std::pair<std::string, std::string>> spellings;
  std::vector<std::vector<std::string>> outside;  // stemmed phrases, stop words kept
  std::set<std::string> inside;                   // stems
  KnowledgeGate gate;

  // BM25's idf; a word the base does not know weighs as much as the rarest one it does.
  double Idf(const std::string& term) const {
    const double n = static_cast<double>(entries.size());
    auto df = document_frequency.find(term);
    const double count = df == document_frequency.end() ? 0.0 : df->second;
    return std::log(1 + (n - count + 0.5) / (count + 0.5));
  }

  // The Snowball stemmer is not thread-safe: one per thread.
  static std::string Stem(const std::string& word) {
    struct Stemmer {
      sb_stemmer* stemmer = sb_stemmer_new("english", "UTF_8");
      ~Stemmer() { sb_stemmer_delete(stemmer); }
    };
    thread_local Stemmer english;
    if (english.stemmer == nullptr) return word;
    const sb_symbol* stemmed =
        sb_stemmer_stem(english.stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                        static_cast<int>(word.size()));
    return std::string(reinterpret_cast<const char*>(stemmed),
                       static_cast<std::size_t>(sb_stemmer_length(english.stemmer)));
  }

  // Every word, stemmed.
  static std::vector<std::string> EveryStem(std::string_view text) {
    std::vector<std::string> stems;
    for (const auto& word : Words(text)) stems.push_back(Stem(word));
    return stems;
  }

  // Content words, stemmed.
  static std::vector<std::string> Stems(std::string_view text) {
    std::vector<std::string> stems;
    for (const auto& word : Words(text)) {
      if (!kStopWords.contains(word)) stems.push_back(Stem(word));
    }
    return stems;
  }

  // Content words, stemmed, with synonym phrases replaced by their group's term.
  std::vector<std::string> Terms(std::string_view text) const {
    const std::vector<std::string> stems = Stems(text);
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < stems.size();) {
      bool replaced = false;
      if (!synonym_starts.contains(stems[i])) {
        terms.push_back(stems[i++]);
        continue;
      }
      for (std::size_t length = std::min(longest_synonym, stems.size() - i); length >= 1;
           --length) {
        const std::vector<std::string> phrase(stems.begin() + static_cast<long>(i),
                                              stems.begin() + static_cast<long>(i + length));
        if (auto group = synonyms.find(phrase); group != synonyms.end()) {
          terms.push_back(group->second);
          i += length;
          replaced = true;
          break;
        }
      }
      if (!replaced) terms.push_back(stems[i++]);
    }
    return terms;
  }

  // The query's terms with unknown ones replaced by the nearest known term, if near enough.
  std::vector<std::string> QueryTerms(std::string_view question) const {
    std::vector<std::string> terms = Terms(question);
    for (auto& term : terms) {
      if (document_frequency.contains(term) || term.size() < 5) continue;
      const int max = term.size() >= 8 ? 2 : 1;
      int best = max + 1;
      std::string nearest;
      for (const auto& [spelling, known] : spellings) {
        const int distance = EditDistance(term, spelling, max);
        if (distance < best || (distance == best && !nearest.empty() &&
                                document_frequency.at(known) > document_frequency.at(nearest))) {
          best = distance;
          nearest = known;
        }
      }
      if (best <= max) term = nearest;
    }
    return terms;
  }
};

KnowledgeBase::KnowledgeBase() : index_(std::make_unique<Index>()) {}

KnowledgeBase::KnowledgeBase(Knowledge knowledge) : index_(std::make_unique<Index>()) {
  Index& index = *index_;
  index.gate = knowledge.gate;
  for (const auto& phrase : knowledge.outside) {
    if (auto stems = Index::EveryStem(phrase); !stems.empty())
      index.outside.push_back(std::move(stems));
  }
  for (const auto& word : knowledge.inside) {
    for (auto& stem : Index::Stems(word)) index.inside.insert(std::move(stem));
  }
  const auto& synonyms = knowledge.synonyms;
  for (std::size_t group = 0; group < synonyms.size(); ++group) {
    // "~3": no word from Words() starts with '~', so a group never meets a real stem.
    const std::string term = std::to_string(group).insert(0, 1, '~');
    for (const auto& phrase : synonyms[group]) {
      // The same words Terms() keeps ("pins and needles" -> pin, needl), so phrases match.
      std::vector<std::string> stems = Index::Stems(phrase);
      if (stems.empty()) continue;
      index.longest_synonym = std::max(index.longest_synonym, stems.size());
      index.synonym_starts.insert(stems.front());
      index.synonyms.emplace(std::move(stems), term);
    }
  }
  index.entries = std::move(knowledge.entries);
  double total = 0;
  for (const auto& entry : index.entries) {
    std::unordered_map<std::string, double> counts;
    auto add = [&](const std::string& text, double weight) {
      for (const auto& term : index.Terms(text)) counts[term] += weight;
    };
    add(entry.title, kTitleWeight);
    const auto title = index.Terms(entry.title);
    index.title_terms.emplace_back(title.begin(), title.end());
    std::vector<Index::Phrasing> phrasings;
    auto phrasing = [&](const std::vector<std::string>& terms) {
      Index::Phrasing one;
      for (const auto& term : std::set<std::string>(terms.begin(), terms.end())) {
        one.terms.emplace_back(term, 0.0);  // idf once every entry is counted
      }
      phrasings.push_back(std::move(one));
    };
    phrasing(title);
    for (const auto& ask : entry.asks) {
      add(ask, kAskWeight);
      phrasing(index.Terms(ask));
    }
    index.phrasings.push_back(std::move(phrasings));
    add(entry.answer, kAnswerWeight);
    double length = 0;
    for (const auto& [term, count] : counts) {
      ++index.document_frequency[term];
      length += count;
    }
    index.lengths.push_back(length);
    total += length;
    index.term_counts.push_back(std::move(counts));
  }
  if (!index.entries.empty()) index.mean_length = total / static_cast<double>(index.entries.size());
  for (auto& phrasings : index.phrasings) {
    for (auto& phrasing : phrasings) {
      for (auto& [term, idf] : phrasing.terms) {
        idf = index.Idf(term);
        phrasing.weight += idf;
      }
    }
  }
  for (const auto& [term, df] : index.document_frequency) {
    if (term.front() != '~') index.spellings.emplace_back(term, term);
  }
  for (const auto& [phrase, term] : index.synonyms) {
    if (phrase.size() == 1 && index.document_frequency.contains(term)) {
      index.spellings.emplace_back(phrase.front(), term);
    }
  }
  std::sort(index.spellings.begin(), index.spellings.end());
}

KnowledgeBase::~KnowledgeBase() = default;
KnowledgeBase::KnowledgeBase(KnowledgeBase&&) noexcept = default;
KnowledgeBase& KnowledgeBase::operator=(KnowledgeBase&&) noexcept = default;

std::vector<KnowledgeMatch> KnowledgeBase::Search(std::string_view question,
                                                  std::size_t limit) const {
  const Index& index = *index_;
  const auto terms = index.QueryTerms(question);
  const std::set<std::string> distinct(terms.begin(), terms.end());
  double question_weight = 0;
  for (const auto& term : distinct) question_weight += index.Idf(term);
  std::vector<KnowledgeMatch> matches;
  if (question_weight <= 0) return matches;  // no content word at all
  for (std::size_t i = 0; i < index.entries.size(); ++i) {
    double score = 0;
    double held = 0;
    for (const auto& term : distinct) {
      auto count = index.term_counts[i].find(term);
      if (count == index.term_counts[i].end()) continue;
      const double idf = index.Idf(term);
      held += idf;
      const double tf = count->second;
      score +=
          idf * tf * (kK1 + 1) / (tf + kK1 * (1 - kB + kB * index.lengths[i] / index.mean_length));
    }
    // The nearest single way of asking (idf-weighted cosine of the word sets).
    double nearest = 0;
    for (const auto& phrasing : index.phrasings[i]) {
      if (phrasing.weight <= 0) continue;
      double shared = 0;
      for (const auto& [term, idf] : phrasing.terms) {
        if (distinct.contains(term)) shared += idf;
      }
      nearest = std::max(nearest, shared / std::sqrt(phrasing.weight * question_weight));
    }
    score *= 1 + kNearestAskLift * nearest;
    const auto& title = index.title_terms[i];
    const bool names_title = !title.empty() && std::includes(distinct.begin(), distinct.end(),
                                                             title.begin(), title.end());
    if (names_title) score *= kTitleNamedBonus;
    if (score > 0) {
      matches.push_back({&index.entries[i], score, held / question_weight, names_title, nearest});
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.score > b.score; });
  if (matches.size() > limit) matches.resize(limit);
  return matches;
}

const KnowledgeEntry* KnowledgeBase::Find(std::string_view id) const {
  for (const auto& entry : index_->entries) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

const std::vector<KnowledgeEntry>& KnowledgeBase::entries() const { return index_->entries; }

const KnowledgeGate& KnowledgeBase::gate() const { return index_->gate; }

bool KnowledgeBase::Outside(std::string_view question) const {
  // Stop words kept: "a cold" is an illness, "cold" alone may be an ice pack.
  const auto stems = Index::EveryStem(question);
  if (std::any_of(stems.begin(), stems.end(),
                  [&](const std::string& stem) { return index_->inside.contains(stem); })) {
    return false;
  }
  return std::any_of(index_->outside.begin(), index_->outside.end(), [&](const auto& phrase) {
    return std::search(stems.begin(), stems.end(), phrase.begin(), phrase.end()) != stems.end();
  });
}

namespace {

constexpr std::size_t kFeatures = std::tuple_size_v<decltype(KnowledgeGate::weights)>;
using Features = std::array<double, kFeatures>;

Features FeaturesOf(const std::vector<KnowledgeMatch>& matches) {
  const double best = matches.front().score;
  const double lead = matches.size() > 1 && matches[1].score > 0
                          ? std::min(2.0, std::log(best / matches[1].score))
                          : 2.0;
  // A lead counts as far as the question is understood: one rare word the best entry holds, in
  // a question of words the base does not know ("where can i buy a laptop"), leads by far.
  const double coverage = matches.front().coverage;
  return {1.0,
          std::log1p(best),
          coverage,
          lead * coverage,
          matches.front().names_title ? 1.0 : 0.0,
          matches.front().nearest_ask};
}

double Logistic(const Features& x, const std::array<double, kFeatures>& w) {
  double z = 0;
  for (std::size_t i = 0; i < kFeatures; ++i) z += w[i] * x[i];
  return 1 / (1 + std::exp(-z));
}

bool Passes(const std::vector<KnowledgeMatch>& matches, const KnowledgeGate& gate) {
  return !matches.empty() && ChanceRight(matches, gate) >= gate.threshold;
}

// "and hills?", "what about cycling": a few words, often opening with "and" or "what about".
bool LooksLikeFollowUp(std::string_view question) {
  const auto words = Words(question);
  if (words.empty() || words.size() > 6) return false;
  const std::string& first = words.front();
  return words.size() <= 3 || first == "and" || first == "also" || first == "what" ||
         first == "how" || first == "same" || first == "but";
}

}  // namespace

QuestionAnswer AnswerQuestion(const KnowledgeBase& base, std::string_view question,
                              const KnowledgeEntry* previous) {
  return AnswerQuestion(base, question, previous, base.gate());
}

QuestionAnswer AnswerQuestion(const KnowledgeBase& base, std::string_view question,
                              const KnowledgeEntry* previous, const KnowledgeGate& gate) {
  QuestionAnswer answer;
  if (base.Outside(question)) return answer;
  auto matches = base.Search(question, 3);
  if (previous != nullptr && !matches.empty() && !Passes(matches, gate) &&
      LooksLikeFollowUp(question)) {
    // Ranked with the earlier topic's title ("and hills?" after "can I keep running"), that
    // topic itself left out; each keeps the coverage of the follow-up's own words, so the
    // earlier topic breaks a tie and never brings in a topic those words do not match.
    std::vector<KnowledgeMatch> in_context;
    for (const auto& match : base.Search(std::string(question) + ". " + previous->title, 4)) {
      auto alone = std::find_if(matches.begin(), matches.end(),
                                [&](const auto& m) { return m.entry == match.entry; });
      if (match.entry == previous || alone == matches.end()) continue;
      in_context.push_back(
          {match.entry, match.score, alone->coverage, alone->names_title, alone->nearest_ask});
    }
    if (Passes(in_context, gate)) matches = std::move(in_context);
  }
  if (matches.empty()) return answer;  // no word the base knows: out of scope
  if (Passes(matches, gate)) {
    answer.kind = QuestionAnswer::Kind::kAnswer;
    answer.entry = matches[0].entry;
    return answer;
  }
  answer.kind = QuestionAnswer::Kind::kUnsure;
  for (const auto& match : matches) answer.closest.push_back(match.entry);
  return answer;
}

double ChanceRight(const std::vector<KnowledgeMatch>& matches, const KnowledgeGate& gate) {
  return matches.empty() ? 0 : Logistic(FeaturesOf(matches), gate.weights);
}

ScoredQuestion ScoreQuestion(const KnowledgeBase& base, const LabelledQuestion& question) {
  ScoredQuestion scored{{}, question.ids};
  // Another body part is never answered, whatever the gate: no matches.
  if (!base.Outside(question.question)) scored.matches = base.Search(question.question, 3);
  return scored;
}

KnowledgeGate CalibrateGate(const KnowledgeBase& base,
                            const std::vector<LabelledQuestion>& questions, double max_wrong,
                            double max_off_topic) {
  std::vector<ScoredQuestion> scored;
  for (const auto& q : questions) scored.push_back(ScoreQuestion(base, q));
  return FitGate(scored, max_wrong, max_off_topic);
}

KnowledgeGate FitGate(const std::vector<ScoredQuestion>& scored, double max_wrong,
                      double max_off_topic) {
  struct Seen {
    Features x;
    bool right = false;  // the best match is a right topic
    bool off_topic = false;
    double chance = 0;  // by the fitted gate
  };
  std::vector<Seen> seen;
  int labelled = 0;
  int off_topic = 0;
  for (const auto& q : scored) {
    (q.ids.empty() ? off_topic : labelled) += 1;
    if (q.matches.empty()) continue;
    const auto& id = q.matches.front().entry->id;
    seen.push_back({FeaturesOf(q.matches), std::find(q.ids.begin(), q.ids.end(), id) != q.ids.end(),
                    q.ids.empty(), 0});
  }
  KnowledgeGate gate;
  if (seen.empty()) return gate;
  // Logistic regression by gradient descent, with a little L2 so that separable data stays
  // finite.
  constexpr double kRate = 0.5;
  constexpr double kL2 = 1e-3;
  for (int step = 0; step < 4000; ++step) {
    Features gradient{};
    for (const auto& s : seen) {
      const double error = Logistic(s.x, gate.weights) - (s.right ? 1.0 : 0.0);
      for (std::size_t i = 0; i < kFeatures; ++i) gradient[i] += error * s.x[i];
    }
    for (std::size_t i = 0; i < kFeatures; ++i) {
      gate.weights[i] -= kRate * (gradient[i] / static_cast<double>(seen.size()) +
                                  (i == 0 ? 0 : kL2 * gate.weights[i]));
    }
  }
  // Rounded to the fourth decimal, as knowledge.json holds them, so that the threshold below is
  // chosen with the very weights the bot will use.
  for (double& weight : gate.weights) weight = std::round(weight * 1e4) / 1e4;
  // The threshold: from the most sure question down, answer while the limits hold.
  for (auto& s : seen) s.chance = Logistic(s.x, gate.weights);
  std::sort(seen.begin(), seen.end(),
            [](const Seen& a, const Seen& b) { return a.chance > b.chance; });
  int right = 0;
  int wrong = 0;
  int answered_off_topic = 0;
  int best_right = 0;
  std::size_t last = seen.size();  // the least sure question answered
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (seen[i].off_topic) {
      ++answered_off_topic;
    } else {
      (seen[i].right ? right : wrong) += 1;
    }
    if (wrong > max_wrong * labelled || answered_off_topic > max_off_topic * off_topic) break;
    if (right > best_right) {
      best_right = right;
      last = i;
    }
  }
  if (last == seen.size()) return gate;  // nothing can be answered within the limits
  // Halfway to the next question's chance, rounded down to the sixth decimal (what
  // knowledge.json holds): a question just under the line is not answered by the rounding.
  const double lowest = seen[last].chance;
  const double next = last + 1 < seen.size() ? seen[last + 1].chance : 0.0;
  gate.threshold = std::floor((lowest + next) / 2 * 1e6) / 1e6;
  return gate;
}

}  // namespace achilles::dialogs

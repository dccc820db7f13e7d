// Questions in chat: ranked retrieval over the curated knowledge base (content/knowledge.json).
// BM25 over each entry's title, the ways people ask it and its answer, lifted by how near the
// question is to the entry's nearest single way of asking; English Snowball
// stemming (libstemmer); synonym groups from the content file (a phrase or a word in a group
// matches the others); tolerance for typos (a word the base does not know matches one it does
// within one edit, two for long words). Immutable once built; Search is thread-safe.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace achilles::dialogs {

struct KnowledgeEntry {
  std::string id;
  std::string title;
  std::vector<std::string> asks;        // ways people ask it (matched, never shown)
  std::string answer;                   // chat-sized
  std::string evidence;                 // where CLINICAL.md supports it (for reviewers)
  std::vector<std::string> follow_ups;  // "plan", "book": buttons under the answer
};

// Whether the best match is sure enough for its answer to be given (knowledge.json "gate"): the
// chance it is right, a logistic function of the match's features, must reach `threshold`.
// Fitted by FitGate on labelled questions (the dev set and each ask taken out of its entry), not
// set by hand. The default answers nothing: every question gets the closest topics as buttons.
struct KnowledgeGate {
  // Over [1, ln(1 + best score), the best's coverage, ln(best / second score) (at most 2) times
  // that coverage, 1 when the question names the best's whole title, how near the question is
  // to one of the best's ways of asking].
  std::array<double, 6> weights{0, 0, 0, 0, 0, 0};
  double threshold = 1;  // a chance is below 1: never sure
};

// knowledge.json.
struct Knowledge {
  std::vector<KnowledgeEntry> entries;
  std::vector<std::vector<std::string>> synonyms;  // words and phrases that mean the same
  // Other body parts and conditions ("knee", "shin splints"): a question naming one and not the
  // Achilles is outside what the bot knows, however many of its other words match.
  std::vector<std::string> outside;
  std::vector<std::string> inside;  // the words that name the Achilles ("achilles", "heel")
  KnowledgeGate gate;
};

struct KnowledgeMatch {
  const KnowledgeEntry* entry;
  double score;              // BM25; comparable within one question only
  double coverage;           // the share of the question's content words this entry holds, 0-1,
                             // each word weighted by how rare it is in the base
  bool names_title = false;  // the question holds every content word of the entry's title
  double nearest_ask = 0;    // 0-1: how near the question is to the entry's nearest single way of
                             // asking (or its title), an idf-weighted cosine of their words
};

class KnowledgeBase {
 public:
  KnowledgeBase();  // empty: every search finds nothing
  explicit KnowledgeBase(Knowledge knowledge);
  ~KnowledgeBase();
  KnowledgeBase(KnowledgeBase&&) noexcept;
  KnowledgeBase& operator=(KnowledgeBase&&) noexcept;

  // The best `limit` entries for `question`, best first; none when no word of it is known.
  std::vector<KnowledgeMatch> Search(std::string_view question, std::size_t limit) const;

  const KnowledgeEntry* Find(std::string_view id) const;
  const std::vector<KnowledgeEntry>& entries() const;
  const KnowledgeGate& gate() const;
  // Whether the question names another body part or condition and not the Achilles.
  bool Outside(std::string_view question) const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

// What to do with a question: answer it, offer the closest topics when unsure, or say it is
// outside what the bot knows.
struct QuestionAnswer {
  enum class Kind { kAnswer, kUnsure, kOutOfScope };
  Kind kind = Kind::kOutOfScope;
  const KnowledgeEntry* entry = nullptr;       // kAnswer
  std::vector<const KnowledgeEntry*> closest;  // kUnsure: up to three
};

// An answer when the best match passes the base's gate; the closest topics when some match;
// out of scope when none does, or the question is about another body part.
// `previous`: the topic of the runner's last question, if recent. A short follow-up ("and
// hills?") the base cannot answer alone is read with that topic's title.
QuestionAnswer AnswerQuestion(const KnowledgeBase& base, std::string_view question,
                              const KnowledgeEntry* previous = nullptr);
// The same with `gate` instead of the base's own (calibration tries many).
QuestionAnswer AnswerQuestion(const KnowledgeBase& base, std::string_view question,
                              const KnowledgeEntry* previous, const KnowledgeGate& gate);

// A labelled question for calibration: the topics that answer it right (none: off-topic).
struct LabelledQuestion {
  std::string question;
  std::vector<std::string> ids;
};

// The chance, by `gate`'s weights, that the best of `matches` is the right topic.
double ChanceRight(const std::vector<KnowledgeMatch>& matches, const KnowledgeGate& gate);

// A question as the gate meets it: its closest matches (best first; none when it is never
// answered, being about another body part or holding no word the base knows) and the topics
// that answer it right (none: off-topic).
struct ScoredQuestion {
  std::vector<KnowledgeMatch> matches;
  std::vector<std::string> ids;
};

// `question` searched in `base`, as AnswerQuestion reads it.
ScoredQuestion ScoreQuestion(const KnowledgeBase& base, const LabelledQuestion& question);

// Fits a gate: logistic regression of "the best match is right" (an off-topic question's best
// match never is) on the match features, then the threshold that answers the most labelled
// questions right while answering at most `max_wrong` of them wrong and at most `max_off_topic`
// of the off-topic ones at all (shares of all of `scored`'s, those without matches too, 0-1); of
// equals, the strictest.
KnowledgeGate FitGate(const std::vector<ScoredQuestion>& scored, double max_wrong,
                      double max_off_topic);

// FitGate on `questions` searched in `base`.
KnowledgeGate CalibrateGate(const KnowledgeBase& base,
                            const std::vector<LabelledQuestion>& questions, double max_wrong,
                            double max_off_topic);

}  // namespace achilles::dialogs

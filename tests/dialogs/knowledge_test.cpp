// The knowledge base measured: top-1 accuracy on labelled questions written as runners write
// them (tests/fixtures/knowledge_eval.json, none copied from the entries), and the unsure or
// scope path for off-topic ones. The figures are printed.
#include "dialogs/knowledge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "dialogs/coach.h"
#include "dialogs/text.h"
#include "tests/dialogs/chat.h"
#include "tests/support/fixtures.h"

namespace achilles::dialogs {
namespace {

using achilles::testing::ReadFixture;
using achilles::testing::ShippedContent;

const KnowledgeBase& Shipped() {
  static const KnowledgeBase base(ShippedContent().knowledge);
  return base;
}

// The topics that answer a labelled question right: "ids" where two do, else "id".
std::vector<std::string> IdsOf(const nlohmann::json& item) {
  if (item.contains("ids")) return item["ids"].get<std::vector<std::string>>();
  return {item["id"].get<std::string>()};
}

bool Names(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(Knowledge, LabelledQuestionsFindTheirTopicFirst) {
  const auto eval = nlohmann::json::parse(ReadFixture("knowledge_eval.json"));
  int right = 0;
  int confident = 0;
  int total = 0;
  for (const auto& item : eval["labelled"]) {
    const std::string question = item["q"];
    const auto matches = Shipped().Search(question, 3);
    ++total;
    const std::vector<std::string> ids = IdsOf(item);
    const bool top1 = !matches.empty() && Names(ids, matches[0].entry->id);
    right += top1 ? 1 : 0;
    const auto answer = AnswerQuestion(Shipped(), question);
    confident += answer.kind == QuestionAnswer::Kind::kAnswer && Names(ids, answer.entry->id);
    if (!top1) {
      std::printf("  miss: \"%s\" -> %s (want %s)\n", question.c_str(),
                  matches.empty() ? "nothing" : matches[0].entry->id.c_str(), ids[0].c_str());
    }
  }
  const double accuracy = 100.0 * right / total;
  std::printf(
      "knowledge base: %zu entries; labelled questions: %d; top-1 accuracy %.1f%%; "
      "answered confidently and right %.1f%%\n",
      Shipped().entries().size(), total, accuracy, 100.0 * confident / total);
  EXPECT_GE(total, 150);
  EXPECT_GE(accuracy, 90.0);
}

// Issue 14's three numbers for a question set: answered right, answered wrong, not sure (and of
// those, how many offer the right topic as a button); and off-topic questions declined. A
// labelled question may name two topics that both answer it ("ids").
struct Figures {
  int labelled = 0;
  int right = 0;
  int wrong = 0;
  int unsure = 0;
  int unsure_with_topic = 0;
  int off_topic = 0;
  int declined = 0;
  int first = 0;  // the best match is a right topic, whatever the gate decides

  double Percent(int part, int whole) const { return whole == 0 ? 0 : 100.0 * part / whole; }
  void Print(const char* name) const {
    std::printf(
        "%s: %d questions: answered right %.1f%%, answered wrong %.1f%%, not sure %.1f%% (right "
        "topic among the buttons for %.1f%% of those); %d off-topic: declined %.1f%%\n",
        name, labelled, Percent(right, labelled), Percent(wrong, labelled),
        Percent(unsure, labelled), Percent(unsure_with_topic, unsure), off_topic,
        Percent(declined, off_topic));
    std::printf("  (best match right for %.1f%%, whether answered or not)\n",
                Percent(first, labelled));
  }
};

std::vector<LabelledQuestion> DevQuestions();
const std::vector<ScoredQuestion>& EachAskTakenOut();
KnowledgeGate GateFromTheDevSetAndEachAskTakenOut();

// The shipped gate; with ACHILLES_KB_RECALIBRATE set, the one the dev set and the taken-out asks
// give now (to see a matcher change's figures before knowledge.json's gate is updated).
const KnowledgeGate& GateInUse() {
  static const KnowledgeGate gate = std::getenv("ACHILLES_KB_RECALIBRATE") != nullptr
                                        ? GateFromTheDevSetAndEachAskTakenOut()
                                        : Shipped().gate();
  return gate;
}

Figures Measure(const nlohmann::json& set, bool print_misses) {
  Figures f;
  for (const auto& item : set["labelled"]) {
    const std::string question = item["q"];
    const std::vector<std::string> ids = IdsOf(item);
    auto wanted = [&](const KnowledgeEntry* entry) { return Names(ids, entry->id); };
    // A follow-up ("and hills?") is asked after its question, as in a chat.
    const KnowledgeEntry* previous = nullptr;
    if (item.contains("after")) {
      previous =
          AnswerQuestion(Shipped(), item["after"].get<std::string>(), nullptr, GateInUse()).entry;
    }
    const auto answer = AnswerQuestion(Shipped(), question, previous, GateInUse());
    ++f.labelled;
    const auto best = Shipped().Search(question, 1);
    f.first += !best.empty() && wanted(best.front().entry) ? 1 : 0;
    if (answer.kind == QuestionAnswer::Kind::kAnswer) {
      (wanted(answer.entry) ? f.right : f.wrong) += 1;
      if (print_misses && !wanted(answer.entry)) {
        std::printf("  wrong: \"%s\" -> %s (want %s)\n", question.c_str(), answer.entry->id.c_str(),
                    ids.begin()->c_str());
      }
    } else {
      ++f.unsure;
      const bool offered = std::any_of(answer.closest.begin(), answer.closest.end(), wanted);
      f.unsure_with_topic += offered ? 1 : 0;
      // ACHILLES_KB_VERBOSE=1 lists the not-sure ones too, for tuning on the dev set.
      if (print_misses && std::getenv("ACHILLES_KB_VERBOSE") != nullptr) {
        std::printf("  not sure%s: \"%s\" (want %s, best %s)\n", offered ? "" : " (not offered)",
                    question.c_str(), ids.begin()->c_str(),
                    best.empty() ? "none" : best.front().entry->id.c_str());
      }
    }
  }
  for (const auto& item : set["off_topic"]) {
    ++f.off_topic;
    f.declined += AnswerQuestion(Shipped(), item.get<std::string>(), nullptr, GateInUse()).kind !=
                          QuestionAnswer::Kind::kAnswer
                      ? 1
                      : 0;
  }
  return f;
}

// The frozen set (tests/fixtures/knowledge_frozen.json) was written from the topics' titles
// alone, before any change to the matcher, and is never tuned on. The dev set
// (knowledge_eval.json) is what tuning may look at. Both are printed. Issue 14's targets on the
// frozen set (right >= 90%, wrong <= 3%, the topic among the buttons for >= 95% of the not
// sure, off-topic declined >= 95%) are not met yet: the floors guard what tuning has reached.
TEST(Knowledge, HeldOutQuestionsFrozenBeforeTuning) {
  const auto frozen = nlohmann::json::parse(ReadFixture("knowledge_frozen.json"));
  const auto dev = nlohmann::json::parse(ReadFixture("knowledge_eval.json"));
  for (const auto& item : frozen["labelled"]) {
    for (const auto& id_json : item["ids"]) {
      const std::string id = id_json.get<std::string>();
      EXPECT_TRUE(std::any_of(Shipped().entries().begin(), Shipped().entries().end(),
                              [&](const KnowledgeEntry& e) { return e.id == id; }))
          << "a frozen question names a topic the base lacks: " << id;
    }
  }
  // Only the dev set's misses are printed: the frozen set's stay unseen, so nobody tunes on them.
  const Figures on_dev = Measure(dev, true);
  const Figures on_frozen = Measure(frozen, false);
  on_dev.Print("dev set (tuned on)");
  on_frozen.Print("frozen set (never tuned on)");
  EXPECT_GE(on_frozen.labelled, 250);
  EXPECT_GE(on_frozen.off_topic, 50);
  // Measured when the set was frozen (2026-12-02): right 45.4%, wrong 5.5%, not sure 49.1% (the
  // topic among the buttons for 77.6% of those), off-topic declined 86.5%. After the first
  // tuning on the dev set (more asks and synonyms, other body parts out of scope, a fitted
  // gate, follow-ups): right 63.4%, wrong 4.4%, not sure 32.2% (75.0%), declined 92.3%. With
  // 26 more entries and a gate held to 0.5% wrong on the dev set: right 59.7%, wrong 4.4%, not
  // sure 35.9% (77.6%), declined 94.2% (a gate held to 1% answered 67.4% right and 8.8% wrong:
  // fewer wrong answers won). With 424 more asks, the nearest single ask lifting its entry and
  // the gate fitted on the dev set and each ask taken out, held to 3% wrong (2026-12-04): right
  // 64.1%, wrong 3.3%, not sure 32.6% (80.9%), declined 92.3%. Then "how", "why", "when" and
  // the like kept as words, 50 near-topic off-topic questions more in the dev set, "a cold" and
  // "infection" outside, "cold" alone no longer ice: right 65.9%, wrong 3.3%, not sure 30.8%
  // (78.6%; 81.0% once "which shoes" asks were added), declined 96.2%. These floors keep that;
  // issue 14's targets for right answers and the buttons are still ahead.
  EXPECT_GE(on_frozen.Percent(on_frozen.right, on_frozen.labelled), 65.5);
  EXPECT_LE(on_frozen.Percent(on_frozen.wrong, on_frozen.labelled), 3.5);
  EXPECT_GE(on_frozen.Percent(on_frozen.declined, on_frozen.off_topic), 95.0);
}

// Each way of asking, taken out of its entry in turn and asked of the base without it: how the
// matcher does on phrasings it has never seen, from the content alone. Each match points into
// Shipped() (the same entries), so the result outlives the bases it was searched in.
const std::vector<ScoredQuestion>& EachAskTakenOut() {
  static const std::vector<ScoredQuestion> scored = [] {
    const Knowledge& knowledge = ShippedContent().knowledge;
    std::vector<ScoredQuestion> all;
    for (std::size_t e = 0; e < knowledge.entries.size(); ++e) {
      for (std::size_t a = 0; a < knowledge.entries[e].asks.size(); ++a) {
        Knowledge without = knowledge;
        auto& asks = without.entries[e].asks;
        const std::string ask = asks[a];
        asks.erase(asks.begin() + static_cast<long>(a));
        const KnowledgeBase base(std::move(without));
        ScoredQuestion one{base.Search(ask, 3), {knowledge.entries[e].id}};
        for (auto& match : one.matches) match.entry = Shipped().Find(match.entry->id);
        if (std::getenv("ACHILLES_KB_VERBOSE") != nullptr &&
            (one.matches.empty() || one.matches[0].entry->id != one.ids[0])) {
          std::printf("  held-out ask: \"%s\" -> %s (want %s)\n", ask.c_str(),
                      one.matches.empty() ? "nothing" : one.matches[0].entry->id.c_str(),
                      one.ids[0].c_str());
        }
        all.push_back(std::move(one));
      }
    }
    return all;
  }();
  return scored;
}

std::vector<LabelledQuestion> DevQuestions() {
  const auto dev = nlohmann::json::parse(ReadFixture("knowledge_eval.json"));
  std::vector<LabelledQuestion> questions;
  for (const auto& item : dev["labelled"]) questions.push_back({item["q"], IdsOf(item)});
  for (const auto& item : dev["off_topic"]) questions.push_back({item, {}});
  return questions;
}

// The gate is fitted on the dev set and on each ask taken out of its entry: the dev set alone is
// easier than questions nobody tuned on (its best match is right for 97% of them), an ask taken
// out is as hard as a new phrasing (80%), so together they hold the gate to the 3% of wrong
// answers issue 14 allows on questions it has never seen.
KnowledgeGate GateFromTheDevSetAndEachAskTakenOut() {
  std::vector<ScoredQuestion> scored = EachAskTakenOut();
  for (const auto& q : DevQuestions()) scored.push_back(ScoreQuestion(Shipped(), q));
  return FitGate(scored, 0.03, 0.03);
}

// One test for both (each ask taken out costs about 1,200 searches in bases of their own): how the
// matcher does on phrasings it has never seen, from the content alone, which measures the matcher
// (its stemming, synonyms, typo tolerance and weights) rather than the asks; and the gate fitted
// with them.
TEST(Knowledge, EachAskTakenOutFindsItsEntryAndTheShippedGateIsFittedWithThem) {
  int first = 0;
  int among_three = 0;
  for (const auto& q : EachAskTakenOut()) {
    const auto right = [&](const KnowledgeMatch& m) { return m.entry->id == q.ids[0]; };
    first += !q.matches.empty() && right(q.matches[0]) ? 1 : 0;
    among_three += std::any_of(q.matches.begin(), q.matches.end(), right) ? 1 : 0;
  }
  const auto asked = static_cast<double>(EachAskTakenOut().size());
  std::printf(
      "[ figures  ] each ask taken out: %.0f asks, first %.1f%%, among the first three %.1f%%\n",
      asked, 100.0 * first / asked, 100.0 * among_three / asked);
  EXPECT_GE(asked, 1000);
  EXPECT_GE(100.0 * first / asked, 79.0);  // 79.5% when the gate was last fitted
  const KnowledgeGate gate = GateFromTheDevSetAndEachAskTakenOut();
  std::printf("[ figures  ] calibrated: \"weights\": [");
  for (std::size_t i = 0; i < gate.weights.size(); ++i) {
    std::printf("%s%.4f", i == 0 ? "" : ", ", gate.weights[i]);
  }
  std::printf("], \"threshold\": %.6f\n", gate.threshold);
  for (std::size_t i = 0; i < gate.weights.size(); ++i) {
    EXPECT_NEAR(gate.weights[i], Shipped().gate().weights[i], 1e-4) << "weight " << i;
  }
  EXPECT_NEAR(gate.threshold, Shipped().gate().threshold, 1e-9);
}

TEST(Knowledge, SynonymPhrasesStemsAndTyposMatch) {
  auto top = [](std::string_view question) {
    const auto matches = Shipped().Search(question, 1);
    return matches.empty() ? std::string("nothing") : matches[0].entry->id;
  };
  EXPECT_EQ(top("pins and needles in my foot"), "numbness") << "a phrase with a stop word";
  EXPECT_EQ(top("vivobarefoot trainers?"), "zero_drop") << "a brand in a synonym group";
  EXPECT_EQ(top("shockwave"), "shockwave");
  EXPECT_EQ(top("shokwave"), "shockwave") << "one edit";
  EXPECT_EQ(top("isometrcs"), "isometrics") << "one edit, stemmed";
  EXPECT_EQ(top("xyzzy plugh"), "nothing");
}

// Another body part or condition without the Achilles is out of scope, however many running
// words match; named with the Achilles, it is a question like any other.
TEST(Knowledge, AnotherBodyPartIsOutOfScopeUnlessTheAchillesIsNamed) {
  for (const char* question : {"my knee hurts when I run, can i keep running?",
                               "shin splints after my long run", "is my hip flexor tight"}) {
    EXPECT_EQ(AnswerQuestion(Shipped(), question).kind, QuestionAnswer::Kind::kOutOfScope)
        << question;
  }
  EXPECT_NE(AnswerQuestion(Shipped(), "my knee and my achilles hurt, can i keep running?").kind,
            QuestionAnswer::Kind::kOutOfScope);
}

// A short follow-up is read with the topic before it; on its own it stays what it was.
TEST(Knowledge, AFollowUpIsReadWithTheTopicBeforeIt) {
  const KnowledgeEntry* keep_running = Shipped().Find("keep_running");
  ASSERT_NE(keep_running, nullptr);
  const auto alone = AnswerQuestion(Shipped(), "and hills?");
  const auto after = AnswerQuestion(Shipped(), "and hills?", keep_running);
  ASSERT_EQ(after.kind, QuestionAnswer::Kind::kAnswer);
  EXPECT_EQ(after.entry->id, "speedwork");
  EXPECT_NE(alone.kind, QuestionAnswer::Kind::kAnswer) << "alone it is not sure enough";
  // A question that stands on its own is not bent toward the earlier topic.
  EXPECT_EQ(AnswerQuestion(Shipped(), "should i ice my achilles after a run", keep_running).entry,
            AnswerQuestion(Shipped(), "should i ice my achilles after a run").entry);
}

TEST(Knowledge, OffTopicQuestionsAreNotAnswered) {
  const auto eval = nlohmann::json::parse(ReadFixture("knowledge_eval.json"));
  int declined = 0;
  int total = 0;
  for (const auto& item : eval["off_topic"]) {
    const std::string question = item;
    const auto answer = AnswerQuestion(Shipped(), question);
    ++total;
    if (answer.kind != QuestionAnswer::Kind::kAnswer) {
      ++declined;
    } else {
      std::printf("  answered off-topic: \"%s\" -> %s\n", question.c_str(),
                  answer.entry->id.c_str());
    }
  }
  const double rate = 100.0 * declined / total;
  std::printf("off-topic questions: %d; unsure or out-of-scope %.1f%%\n", total, rate);
  EXPECT_GE(total, 30);
  EXPECT_GE(rate, 90.0);
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

// The questions path through the coach, as a runner meets it.

TEST(Ask, HeelLiftsZeroDropAndDryNeedlingGetSpecificAnswers) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("ask", "do heel lifts help my achilles?");
  EXPECT_TRUE(Has(Chat::AllText(d), "**Heel lifts**")) << Chat::AllText(d);
  EXPECT_TRUE(Has(Chat::AllText(d), "12 mm"));
  EXPECT_EQ(d.replies.back().keyboard[0][0].payload, kPlanPayload);
  EXPECT_TRUE(Has(Chat::AllText(chat.Type("heel lifts?")), "**Heel lifts**"))
      << "a question naming a topic's title is about that topic";
  d = chat.Type("is dry needling worth trying?");
  EXPECT_TRUE(Has(Chat::AllText(d), "**Dry needling**")) << Chat::AllText(d);
  EXPECT_TRUE(Has(Chat::AllText(d), "adjunct"));
  d = chat.Type("are minimalist shoes bad for my tendon?");
  EXPECT_TRUE(Has(Chat::AllText(d), "Not during rehab") ||
              Has(Chat::AllText(d), "stay in what you run in now"))
      << Chat::AllText(d);
}

TEST(Ask, RedFlagWordingWinsOverAnAnswer) {
  Chat chat;
  chat.Onboard();
  const Decision d =
      chat.Command("ask", "i felt a pop in my achilles, can i still do calf raises?");
  EXPECT_TRUE(Has(Chat::AllText(d), "urgent")) << Chat::AllText(d);
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kRedFlag));
  EXPECT_FALSE(Has(Chat::AllText(d), "**Calf"));
}

TEST(Ask, OffTopicGetsTheScopeAndUnsureGetsTopicsAndAConsult) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Type("what's the weather tomorrow?");
  EXPECT_TRUE(Has(Chat::AllText(d), "outside what I know")) << Chat::AllText(d);
  d = chat.Type("achilles?");
  ASSERT_FALSE(d.replies.empty());
  const auto keyboard = d.replies.back().keyboard;  // a copy: `d` is reused below
  ASSERT_GE(keyboard.size(), 2u) << Chat::AllText(d);
  EXPECT_TRUE(Has(Chat::AllText(d), "not sure"));
  EXPECT_EQ(keyboard.back()[0].payload, kBookPayload);
  const std::string topic = keyboard[0][0].payload;
  ASSERT_EQ(topic.rfind(kTopicPayloadPrefix, 0), 0u);
  d = chat.Press(topic);
  EXPECT_TRUE(Has(Chat::AllText(d), "**" + keyboard[0][0].label + "**"));
  EXPECT_TRUE(Has(Chat::AllText(chat.Press("kb:no_such_topic")), "no longer active"));
}

TEST(Ask, WorksInAGroupAndAnEmptyAskSaysHow) {
  Chat chat;
  EXPECT_TRUE(Has(Chat::AllText(chat.Command("ask", "", ChatKind::kGroup)), "/ask are zero-drop"));
  const Decision d =
      chat.Command("ask", "how long does achilles tendinopathy take to heal", ChatKind::kGroup);
  EXPECT_TRUE(Has(Chat::AllText(d), "12 weeks")) << Chat::AllText(d);
  EXPECT_TRUE(d.replies.back().keyboard.empty()) << "no personal plan button in a group";
}

std::vector<CoachEvent> EventsOf(const Chat& chat, CoachEvent::Kind kind) {
  std::vector<CoachEvent> found;
  for (const auto& event : chat.events) {
    if (event.kind == kind) found.push_back(event);
  }
  return found;
}

TEST(Ask, QuestionsAreKeptOnlyAfterConsentWithWhatTheyGot) {
  Chat chat;
  chat.Command("ask", "how long does achilles tendinopathy take to heal");
  EXPECT_TRUE(chat.events.empty()) << "nothing kept before consent";

  chat.Onboard();
  chat.Type("how long does achilles tendinopathy take to heal");
  chat.Type("achilles?");
  chat.Type("what's the weather tomorrow?");
  const auto answered = EventsOf(chat, CoachEvent::Kind::kQuestionAnswered);
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(answered[0].detail, "recovery_time: how long does achilles tendinopathy take to heal");
  const auto unsure = EventsOf(chat, CoachEvent::Kind::kQuestionUnsure);
  ASSERT_EQ(unsure.size(), 1u);
  EXPECT_TRUE(unsure[0].detail.ends_with(": achilles?")) << unsure[0].detail;
  EXPECT_NE(unsure[0].detail.find(','), std::string::npos) << "the closest topics, in order";
  const auto outside = EventsOf(chat, CoachEvent::Kind::kQuestionOutOfScope);
  ASSERT_EQ(outside.size(), 1u);
  EXPECT_EQ(outside[0].detail, "what's the weather tomorrow?");

  // A long question is kept cut at a character, never inside one.
  std::string long_question = "achilles ";
  for (int i = 0; i < 60; ++i) long_question += "Марафон ";
  chat.Type(long_question);
  const auto all = chat.events.back().detail;
  const std::string question = all.substr(all.find(": ") + 2);
  EXPECT_EQ(question, Utf8Prefix(long_question, 300));
}

TEST(Ask, AnAnswerAsksWhetherItHelpedAndAMissIsOfferedAConsult) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Type("how long does achilles tendinopathy take to heal");
  ASSERT_FALSE(d.replies.empty());
  const auto feedback = d.replies.back().keyboard.back();
  ASSERT_EQ(feedback.size(), 2u) << Chat::AllText(d);
  EXPECT_EQ(feedback[0].payload, std::string(kHelpedPayloadPrefix) + "recovery_time");
  EXPECT_EQ(feedback[1].payload, std::string(kMissedPayloadPrefix) + "recovery_time");

  d = chat.Press(feedback[1].payload);
  EXPECT_TRUE(Has(Chat::AllText(d), "other words")) << Chat::AllText(d);
  EXPECT_TRUE(Has(Chat::AllText(d), "kept")) << "after consent the question is kept";
  ASSERT_FALSE(d.replies.back().keyboard.empty());
  EXPECT_EQ(d.replies.back().keyboard[0][0].payload, kBookPayload);
  d = chat.Press(feedback[0].payload);
  EXPECT_TRUE(Has(Chat::AllText(d), "Thanks")) << Chat::AllText(d);
  const auto verdicts = EventsOf(chat, CoachEvent::Kind::kAnswerFeedback);
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(verdicts[0].detail, "recovery_time: missed");
  EXPECT_EQ(verdicts[1].detail, "recovery_time: helped");

  EXPECT_TRUE(Has(Chat::AllText(chat.Press(std::string(kMissedPayloadPrefix) + "gone")),
                  "no longer active"));
}

TEST(Ask, FeedbackBeforeConsentIsThankedAndNotKept) {
  Chat chat;
  const Decision d = chat.Command("ask", "how long does achilles tendinopathy take to heal");
  ASSERT_FALSE(d.replies.empty());
  const Decision missed = chat.Press(d.replies.back().keyboard.back()[1].payload);
  EXPECT_TRUE(Has(Chat::AllText(missed), "other words")) << Chat::AllText(missed);
  EXPECT_FALSE(Has(Chat::AllText(missed), "kept")) << "nothing is kept, so it does not say so";
  EXPECT_TRUE(chat.events.empty());
}

TEST(Ask, ACheckInIsStoredAndAQuestionAboutTheSameNumbersIsAnswered) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Type("pain 3 ran 5k");
  ASSERT_TRUE(d.check_in) << Chat::AllText(d);
  EXPECT_EQ(d.check_in->check_in.run_pain, 3);
  d = chat.Type("is pain 3 ok while running?");
  EXPECT_FALSE(d.check_in) << "a question is not a check-in";
  EXPECT_TRUE(Has(Chat::AllText(d), "3/10")) << Chat::AllText(d);
}

TEST(Ask, APlanButtonUnderAnAnswerShowsTodaysSession) {
  Chat chat;
  chat.Onboard();
  EXPECT_TRUE(Has(Chat::AllText(chat.Press(kPlanPayload)), "Today's session"));
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

const KnowledgeEntry& Entry(std::string_view id) {
  for (const auto& entry : achilles::testing::ShippedContent().knowledge.entries) {
    if (entry.id == id) return entry;
  }
  ADD_FAILURE() << "no entry " << id;
  static const KnowledgeEntry none;
  return none;
}

bool Says(const KnowledgeEntry& entry, const std::string& part) {
  return entry.answer.find(part) != std::string::npos;
}

// What the knowledge base says about a dose, a threshold or a timeline is the engine's own.
TEST(KnowledgeAgreesWithTheEngine, EveryFigureIsFilledFromTheProgramme) {
  for (const auto& entry : achilles::testing::ShippedContent().knowledge.entries) {
    EXPECT_EQ(entry.answer.find('{'), std::string::npos) << entry.id;
  }
}

TEST(KnowledgeAgreesWithTheEngine, TheHeavySlowDosesAreTheProgrammesEveryWeek) {
  const Programme& programme = achilles::testing::ShippedContent().programme;
  for (const HsrWeek& week : programme.hsr_weeks) {
    EXPECT_TRUE(Says(Entry("hsr_dose"),
                     std::to_string(week.sets) + " x " + std::to_string(week.reps) + "RM"))
        << week.from;
  }
  EXPECT_TRUE(Says(Entry("hsr_dose"), "bent-knee"));
}

TEST(KnowledgeAgreesWithTheEngine, ThresholdsMatchTheRules) {
  const Thresholds& t = achilles::testing::ShippedContent().programme.thresholds;
  EXPECT_TRUE(Says(Entry("return_criteria"), std::to_string(t.heel_raise_target)));
  EXPECT_TRUE(Says(Entry("return_criteria"), "and at least 90%")) << "R16 is AND";
  EXPECT_TRUE(Says(Entry("hop_test"), std::to_string(t.hop_pain_max) + "/10"));
  EXPECT_TRUE(Says(Entry("keep_running"), std::to_string(t.run_pain_max) + "/10"));
  EXPECT_TRUE(Says(Entry("flare_up"), std::to_string(t.repeat_flare_days) + " days"));
  EXPECT_TRUE(Says(Entry("pain_monitoring"), "our choice, not the model's"));
}

TEST(KnowledgeAgreesWithTheEngine, OneWeaningPeriodForTheHeelLiftEverywhere) {
  const Texts& texts = achilles::testing::ShippedContent().texts;
  const std::string period = texts.Get("heel_lift_weaning_period");
  ASSERT_FALSE(period.empty());
  EXPECT_NE(texts.Get("flare_advice").find("wean off it over " + period), std::string::npos);
  EXPECT_TRUE(Says(Entry("heel_lift_weaning"), "wean off over " + period));
  EXPECT_TRUE(Says(Entry("flare_up"), period));
}

TEST(KnowledgeAgreesWithTheEngine, MixedEvidenceIsSaidToBeMixed) {
  EXPECT_TRUE(Says(Entry("heel_drop_shoes"), "mixed"));
  EXPECT_TRUE(Says(Entry("heel_drop_shoes"), "Wearing 2014"));
  EXPECT_NE(achilles::testing::ShippedContent().texts.Get("flare_advice").find("mixed"),
            std::string::npos);
}

}  // namespace
}  // namespace achilles::dialogs

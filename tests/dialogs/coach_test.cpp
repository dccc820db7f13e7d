// The coach end to end, as a runner meets it: consent, onboarding, check-ins, the next session,
// flare-ups, red flags, consults and the commands. Pure: every test drives Decide() directly.
#include "dialogs/coach.h"

#include <gtest/gtest.h>

#include "tests/dialogs/chat.h"

namespace achilles::dialogs {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using namespace std::chrono_literals;

// Consent.

TEST(Consent, StartWelcomesSaysNotMedicalAdviceAndAsksForConsent) {
  Chat chat;
  const Decision d = chat.Command("start");
  ASSERT_EQ(d.replies.size(), 1u);
  EXPECT_TRUE(Has(d.replies[0].text, "Hi Maya!"));
  EXPECT_TRUE(Has(d.replies[0].text, "not medical advice"));
  EXPECT_TRUE(Has(d.replies[0].text, "same-day urgent care"));
  EXPECT_EQ(d.replies[0].keyboard[0][0].payload, kConsentPayload);
  EXPECT_FALSE(d.state.consented_at);
}

TEST(Consent, TheButtonStoresTheTimeAndOnboardingBegins) {
  Chat chat;
  const Decision d = chat.Press(kConsentPayload);
  EXPECT_EQ(d.state.consented_at, kNow);
  EXPECT_TRUE(Has(Chat::AllText(d), "Thanks, Maya"));
  EXPECT_EQ(d.state.conversation.asking, "ob.side");
  EXPECT_EQ(d.replies.back().keyboard.back()[0].label, "Skip");
}

// Where buttons do not show (a plain chat widget, a client that hides keyboards), typing the
// button's words is pressing it; anything else is not consent.
TEST(Consent, TypingTheButtonsWordsConsentsAndNothingElseDoes) {
  for (const char* typed : {"I understand", "i understand.", "  I UNDERSTAND! "}) {
    Chat chat;
    const Decision d = chat.Type(typed);
    EXPECT_EQ(d.state.consented_at, kNow) << typed;
    EXPECT_EQ(d.state.conversation.asking, "ob.side") << typed;
  }
  for (const char* typed : {"yes", "I understand nothing", "understand", "."}) {
    Chat chat;
    const Decision d = chat.Type(typed);
    EXPECT_FALSE(d.state.consented_at) << typed;
    EXPECT_TRUE(Has(Chat::AllText(d), "press **I understand**")) << typed;
    EXPECT_TRUE(Has(Chat::AllText(d), "or type the words I understand"))
        << "it says how to consent where no button shows: " << typed;
  }
}

TEST(Consent, DeepLinkCodeIsKeptAndJunkIsNot) {
  Chat chat;
  EXPECT_EQ(chat.Command("start", "SQUAD-7KQ2").state.referral_code, "SQUAD-7KQ2");
  Chat other;
  EXPECT_EQ(other.Command("start", "<script>").state.referral_code, "");
}

TEST(Consent, NothingPersonalBeforeConsent) {
  Chat chat;
  EXPECT_TRUE(Has(Chat::AllText(chat.Command("checkin")), "press **I understand**"));
  EXPECT_TRUE(Has(Chat::AllText(chat.Type("my heel hurts")), "press **I understand**"));
}

// Onboarding.

TEST(Onboarding, AQuestionOfTheirOwnIsAnsweredAndOursAskedAgain) {
  Chat chat;
  chat.Press(kConsentPayload);
  const Decision d = chat.Type("what is heavy slow resistance?");
  const std::string text = Chat::AllText(d);
  EXPECT_FALSE(Has(text, "I couldn't use that answer")) << text;
  EXPECT_TRUE(Has(text, "not sure") || d.replies.size() >= 2) << text;
  EXPECT_EQ(d.state.conversation.asking, "ob.side") << "the onboarding waits where it was";
  EXPECT_TRUE(Has(d.replies.back().text, "Which Achilles hurts?")) << d.replies.back().text;
  EXPECT_TRUE(Has(Chat::AllText(chat.Type("sideways")), "I couldn't use that answer"))
      << "what is neither an answer nor a question still says how to answer";
}

TEST(Onboarding, ByButtonsToAFirstSessionPlacedByTheHeelRaiseTest) {
  Chat chat;
  const Decision d = chat.Onboard("2");
  const std::string text = Chat::AllText(d);
  EXPECT_TRUE(d.state.onboarded_at);
  EXPECT_EQ(d.state.conversation.asking, "");
  EXPECT_EQ(d.state.progress.at.phase, Phase::kHeavySlow);
  EXPECT_TRUE(Has(text, "Heavy slow resistance, week 1"));
  EXPECT_TRUE(Has(text, "3 x 15"));
  const Profile& p = d.state.profile;
  EXPECT_EQ(p.side, Side::kLeft);
  EXPECT_EQ(p.site, PainSite::kMidportion);
  EXPECT_EQ(p.longest_run_km, 10.0);
  EXPECT_EQ(p.time_zone, "Europe/Berlin");
  EXPECT_EQ(p.checkin_time, "07:00");
}

TEST(Onboarding, PainfulHeelRaisesStartOnTheFloorOrGentler) {
  Chat floor;
  EXPECT_EQ(floor.Onboard("5").state.progress.at.phase, Phase::kFloor);
  Chat settle;
  EXPECT_EQ(settle.Onboard("7").state.progress.at.phase, Phase::kSettle);
}

TEST(Onboarding, SkippingEverythingGivesSafeDefaults) {
  Chat chat;
  Decision d = chat.Press(kConsentPayload);
  while (!d.state.onboarded_at) {
    ASSERT_FALSE(d.replies.empty());
    d = chat.PressLabel(d, "Skip");
  }
  EXPECT_EQ(d.state.profile.site, PainSite::kUnknown);
  EXPECT_EQ(d.state.progress.at.phase, Phase::kSettle) << "no heel raises: the gentlest start";
  EXPECT_TRUE(Has(Chat::AllText(d), "You skipped a safety question"));
  EXPECT_EQ(d.state.profile.time_zone, "UTC");
}

TEST(Onboarding, TypedAnswersAreReadAndNonsenseIsAskedAgain) {
  Chat chat;
  chat.Press(kConsentPayload);
  chat.state.conversation.asking = "ob.longest";
  chat.Type("12km");
  EXPECT_EQ(chat.state.profile.longest_run_km, 12.0);
  chat.state.conversation.asking = "ob.tz";
  const Decision bad = chat.Type("somewhere nice");
  EXPECT_TRUE(Has(Chat::AllText(bad), "couldn't use that answer"));
  EXPECT_EQ(bad.state.conversation.asking, "ob.tz");
  chat.Type("UTC+2");
  EXPECT_EQ(chat.state.profile.time_zone, "UTC+2");
  chat.Type("7:30");
  EXPECT_EQ(chat.state.profile.checkin_time, "07:30");
}

TEST(Onboarding, ResumesWhereItStoppedAfterAPause) {
  Chat chat;
  chat.Press(kConsentPayload);
  chat.Press("ob:side:right");
  chat.now = kNow + days(1);
  const Decision d = chat.Command("plan");
  EXPECT_TRUE(Has(Chat::AllText(d), "finish setting up"));
  EXPECT_EQ(d.state.conversation.asking, "ob.site");
}

TEST(Onboarding, AYesToTheRuptureQuestionStopsUntilTheRunnerWasSeen) {  // R1, R28
  Chat chat;
  chat.Press(kConsentPayload);
  chat.state.conversation.asking = "ob.rf_rupture";
  const Decision d = chat.Press("ob:rf_rupture:yes");
  const std::string text = Chat::AllText(d);
  EXPECT_TRUE(Has(text, "could be an Achilles rupture"));
  EXPECT_TRUE(Has(text, "same-day urgent care"));
  EXPECT_TRUE(Has(text, "does **not** rule a rupture out")) << "never reassure";
  ASSERT_TRUE(d.state.stop);
  EXPECT_EQ(d.state.stop->since, kToday);
  EXPECT_EQ(d.state.stop->rule, "R1");
  EXPECT_EQ(d.replies.size(), 1u) << "no more questions while stopped";
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kRedFlag));
  EXPECT_TRUE(Has(Chat::AllText(chat.Type("no")), "Coaching is on hold"));
  EXPECT_TRUE(Has(Chat::AllText(chat.Press("ob:rf_quinolone:no")), "Coaching is on hold"));
  chat.now = kNow + days(1);
  const Decision next_day = chat.Press("ob:rf_quinolone:no");
  EXPECT_TRUE(Has(Chat::AllText(next_day), "Coaching is on hold")) << "a STOP is not one day";
  const Decision seen = chat.PressLabel(next_day, "I was seen: it's not a rupture");
  EXPECT_FALSE(seen.state.stop);
  EXPECT_EQ(seen.state.conversation.asking, "ob.rf_quinolone") << "onboarding resumes";
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kSeen));
}

TEST(Onboarding, ASkippedScreeningQuestionIsAskedAgainGentlyNextTime) {
  Chat chat;
  chat.Press(kConsentPayload);
  chat.state.conversation.asking = "ob.rf_rupture";
  chat.Press("ob:rf_rupture:unsure");
  EXPECT_EQ(chat.state.profile.unanswered_safety, std::vector<std::string>{"rf_rupture"});
  chat.state.onboarded_at = kNow;
  chat.state.conversation.asking.clear();
  chat.now = kNow + days(1);
  const Decision d = chat.Command("checkin");
  EXPECT_TRUE(Has(Chat::AllText(d), "One safety question you skipped"));
  EXPECT_EQ(d.state.conversation.asking, "sf.rf_rupture");
  const Decision no = chat.Press("sf:rf_rupture:no");
  EXPECT_TRUE(no.state.profile.unanswered_safety.empty());
  EXPECT_EQ(no.state.conversation.asking, "ci.stiff") << "then the check-in they came for";
  chat.now = kNow + days(2);
  chat.state.profile.unanswered_safety = {"rf_rupture"};
  chat.Command("checkin");
  const Decision yes = chat.Press("sf:rf_rupture:yes");
  ASSERT_TRUE(yes.state.stop) << "a yes later is a STOP like a yes in onboarding";
  EXPECT_EQ(yes.state.stop->rule, "R1");
}

TEST(Onboarding, ConsultFlagsPromptABookingAndCarryOn) {  // R4-R6
  Chat chat;
  chat.Press(kConsentPayload);
  chat.state.conversation.asking = "ob.rf_nerve";
  const Decision d = chat.Press("ob:rf_nerve:yes");
  EXPECT_TRUE(Has(Chat::AllText(d), "don't fit a simple tendon problem"));
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
  EXPECT_EQ(d.state.conversation.asking, "ob.rf_systemic");
}

// Daily check-in.

TEST(CheckIn, ByButtonsOneQuestionAtATimeThenTheNextSession) {
  Chat chat;
  chat.Onboard();
  chat.now = kNow + days(1);
  Decision d = chat.Command("checkin");
  EXPECT_EQ(d.state.conversation.asking, "ci.stiff");
  d = chat.Press("ci:stiff:2");
  EXPECT_EQ(d.state.conversation.asking, "ci.ran");
  d = chat.Press("ci:ran:5");
  d = chat.Press("ci:runpain:1");
  d = chat.Press("ci:session:yes");
  d = chat.Press("ci:rehabpain:3");
  d = chat.Press("ci:meds:no");
  d = chat.Press("ci:note:");
  ASSERT_TRUE(d.check_in);
  EXPECT_EQ(d.check_in->day, kToday + days(1));
  EXPECT_EQ(d.check_in->check_in.morning_stiffness, 2);
  EXPECT_EQ(d.check_in->check_in.run_km, 5.0);
  EXPECT_EQ(d.check_in->check_in.rehab_pain, 3);
  const std::string text = Chat::AllText(d);
  EXPECT_TRUE(Has(text, "Session pain was 3/10 and this morning is no worse"));
  EXPECT_TRUE(Has(text, "Today's session"));
  EXPECT_TRUE(Has(text, "Running today"));
}

TEST(CheckIn, PainQuestionsAreSkippedForWhatWasNotDone) {
  Chat chat;
  chat.Onboard();
  chat.Command("checkin");
  chat.Press("ci:stiff:2");
  EXPECT_EQ(chat.Press("ci:ran:0").state.conversation.asking, "ci.session");
  EXPECT_EQ(chat.Press("ci:session:no").state.conversation.asking, "ci.meds");
}

TEST(CheckIn, TheFirstButtonOfAPromptStartsTheCheckIn) {
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Press("ci:stiff:1");  // as in the Telegram fixture
  EXPECT_EQ(d.state.conversation.draft.morning_stiffness, 1);
  EXPECT_EQ(d.state.conversation.asking, "ci.ran");
}

TEST(CheckIn, OneLineAndSentenceForms) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("checkin", "stiffness 3 pain 2 ran 6km");
  ASSERT_TRUE(d.check_in);
  EXPECT_EQ(d.check_in->check_in.morning_stiffness, 3);
  EXPECT_EQ(d.check_in->check_in.run_km, 6.0);
  chat.now = kNow + days(1);
  d = chat.Type("stiff for 20 min, pain 3 on my 6k");
  ASSERT_TRUE(d.check_in);
  EXPECT_EQ(d.check_in->check_in.stiffness_minutes, 20);
  EXPECT_EQ(d.check_in->check_in.run_pain, 3);
}

TEST(CheckIn, AnOutOfRangeValueIsAskedAgainAndTheRestIsSaved) {
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Command("checkin", "stiffness 3 pain 12");
  ASSERT_TRUE(d.check_in) << "the readable stiffness is stored";
  EXPECT_EQ(d.check_in->check_in.morning_stiffness, 3);
  EXPECT_TRUE(Has(Chat::AllText(d), "whole number from 0 to 10, not 12"));
  EXPECT_EQ(d.state.conversation.asking, "fix.runpain") << "only the unreadable part again";
  const Decision fixed = chat.Press("fix:runpain:2");
  ASSERT_TRUE(fixed.check_in);
  EXPECT_EQ(fixed.check_in->check_in.run_pain, 2);
  EXPECT_EQ(fixed.check_in->check_in.morning_stiffness, 3) << "amends the same day";
  EXPECT_TRUE(Has(Chat::AllText(fixed), "Updated today's check-in"));
}

TEST(CheckIn, AHighScoreWithRan0kmIsSavedAsARestDay) {
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Command("checkin", "stiffness 7 pain 7 ran 0km");
  ASSERT_TRUE(d.check_in);
  EXPECT_EQ(d.check_in->check_in.morning_stiffness, 7);
  EXPECT_TRUE(d.check_in->check_in.no_run);
  EXPECT_TRUE(Has(Chat::AllText(d), "steps back"));
  chat.now = kNow + days(1);
  chat.Command("checkin");
  chat.Press("ci:stiff:3");
  const Decision typed = chat.Type("0 km");
  EXPECT_TRUE(typed.state.conversation.draft.no_run) << "the same in the button flow";
}

TEST(CheckIn, ASecondOneTheSameDayAmendsAndSaysSo) {
  Chat chat;
  chat.Onboard();
  chat.Command("checkin", "stiffness 2 rehab 2");
  const Decision d = chat.Command("checkin", "ran 5km pain 1");
  EXPECT_TRUE(Has(Chat::AllText(d), "Updated today's check-in"));
  EXPECT_EQ(d.check_in->check_in.morning_stiffness, 2) << "earlier answers are kept";
  EXPECT_EQ(d.check_in->check_in.run_km, 5.0);
  EXPECT_EQ(chat.state.recent.size(), 1u);
}

TEST(CheckIn, YesterdayCanBeFilledInLate) {
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Command("checkin", "yesterday stiffness 2 rehab 1");
  ASSERT_TRUE(d.check_in);
  EXPECT_EQ(d.check_in->day, kToday - days(1));
  EXPECT_TRUE(Has(Chat::AllText(d), "yesterday's check-in"));
}

TEST(CheckIn, R25PainkillersAreFlaggedAndHoldTheLoad) {
  Chat chat;
  chat.Onboard();
  const auto before = chat.state.progress.at;
  chat.now = kNow + days(8);
  const Decision d = chat.Command("checkin", "stiffness 2 rehab 1 took ibuprofen");
  EXPECT_TRUE(Has(Chat::AllText(d), "Painkillers mask pain"));
  EXPECT_EQ(d.state.progress.at, before);
}

// Flare-ups, red flags, consults.

TEST(FlareUp, HighSessionPainStepsBackWithHeelLiftAndShoeAdvice) {  // R9, R23
  Chat chat;
  chat.Onboard("2");
  chat.state.progress.at = {Phase::kHeavySlow, 5};
  const Decision d = chat.Command("checkin", "stiffness 2 rehab 7");
  const std::string text = Chat::AllText(d);
  EXPECT_TRUE(Has(text, "steps back"));
  EXPECT_TRUE(Has(text, "heel lift of about 12 mm"));
  EXPECT_TRUE(Has(text, "8-12 mm"));
  EXPECT_TRUE(Has(text, "**Running today:** none"));
  EXPECT_EQ(d.state.progress.at, (ProgrammePosition{Phase::kHeavySlow, 4}));
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kFlareUp));
}

TEST(FlareUp, TheRunnerSayingSoStepsBackAndARepeatPromptsAConsult) {
  Chat chat;
  chat.Onboard("2");
  chat.state.progress.at = {Phase::kHeavySlow, 5};
  Decision d = chat.Command("flare");
  EXPECT_TRUE(Has(Chat::AllText(d), "Flare-up plan"));
  EXPECT_EQ(d.state.progress.at.step, 4);
  EXPECT_FALSE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
  chat.now = kNow + days(5);
  d = chat.Command("flare");
  EXPECT_TRUE(Has(Chat::AllText(d), "good for a human to look"));
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
}

TEST(RedFlags, APopInACheckInNoteStopsCoachingForTheDay) {  // R1
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Command("checkin", "stiffness 2, felt a pop on the stairs");
  EXPECT_TRUE(Has(Chat::AllText(d), "could be an Achilles rupture"));
  EXPECT_FALSE(Has(Chat::AllText(d), "Today's session"));
  EXPECT_TRUE(d.check_in) << "the check-in is kept";
  EXPECT_EQ(d.check_in->check_in.morning_stiffness, 2);
  EXPECT_TRUE(Has(Chat::AllText(chat.Command("plan")), "Coaching is on hold"));
  chat.now = kNow + days(1);
  const Decision next_day = chat.Command("plan");
  EXPECT_TRUE(Has(Chat::AllText(next_day), "Coaching is on hold")) << "R28: held until seen";
  EXPECT_FALSE(Has(Chat::AllText(next_day), "Today's session"));
  const Decision waiting = chat.Press("seen:waiting");
  EXPECT_TRUE(waiting.state.stop);
  const Decision rest = chat.Press("seen:rest");
  ASSERT_TRUE(rest.state.stop);
  EXPECT_TRUE(rest.state.stop->told_to_rest);
  EXPECT_TRUE(Has(Chat::AllText(chat.Command("plan")), "you were told to rest"));
  const auto before = chat.state.progress.at;
  const Decision cleared = chat.Press("seen:clear");
  EXPECT_FALSE(cleared.state.stop);
  EXPECT_TRUE(Has(Chat::AllText(cleared), "Today's session"));
  EXPECT_TRUE(Has(Chat::AllText(cleared), "Running today:** none"));
  EXPECT_EQ(cleared.state.progress.at,
            StepBack(achilles::testing::ShippedContent().programme, before))
      << "coaching restarts a step back";
}

TEST(RedFlags, AnyFreeTextIsScannedFirst) {  // R3
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Type("the heel is red and hot and I have a fever");
  EXPECT_TRUE(Has(Chat::AllText(d), "same-day medical review"));
  ASSERT_TRUE(d.state.stop);
  EXPECT_EQ(d.state.stop->rule, "R3");
}

TEST(Consult, BookGivesTheLinkAndTellsTheCoach) {
  Chat chat(CoachSettings{"https://cal.example/dana", {}});
  chat.Onboard();
  const Decision d = chat.Command("book");
  ASSERT_FALSE(d.replies.back().keyboard.empty());
  EXPECT_EQ(d.replies.back().keyboard[0][0].url, "https://cal.example/dana");
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultRequested));
  Chat no_link;
  EXPECT_TRUE(Has(Chat::AllText(no_link.Press(kBookPayload)), "contact your coach"));
}

TEST(FlareUp, SayingSoInWordsIsTheSameAsTheCommand) {  // R9, R23
  Chat chat;
  chat.Onboard("2");
  chat.state.progress.at = {Phase::kHeavySlow, 5};
  const Decision d = chat.Type("ugh it flared up again after yesterday's hills");
  EXPECT_TRUE(Has(Chat::AllText(d), "Flare-up plan"));
  EXPECT_EQ(d.state.progress.at.step, 4);
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kFlareUp));
  Chat calm;
  calm.Onboard("2");
  EXPECT_FALSE(Has(Chat::AllText(calm.Type("no flare today, all good")), "Flare-up plan"));
}

TEST(Consult, R21SixMonthsWithoutImprovementPromptsASpecialistView) {
  Chat chat;
  chat.Onboard("2");
  chat.state.progress.at = {Phase::kHeavySlow, 6};
  chat.now = kNow + days(183);
  Decision d = chat.Command("checkin", "stiffness 2 rehab 2");
  EXPECT_TRUE(Has(Chat::AllText(d), "shockwave"));
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
  chat.now += days(1);
  d = chat.Command("checkin", "stiffness 2 rehab 2");
  EXPECT_FALSE(Has(Chat::AllText(d), "shockwave")) << "once a month, not daily";
  Chat progressing;
  progressing.Onboard("2");
  progressing.state.progress.at = {Phase::kWalkRun, 3};
  progressing.now = kNow + days(183);
  EXPECT_FALSE(
      Has(Chat::AllText(progressing.Command("checkin", "stiffness 2 rehab 2")), "shockwave"));
}

TEST(Consult, R21OverSixMonthsAtOnboardingSuggestsOtherOptionsToo) {
  Chat chat;
  chat.Press(kConsentPayload);
  chat.state.conversation.asking = "ob.duration";
  chat.Press("ob:duration:over 6 months");
  chat.state.conversation.asking = "ob.review";
  const Decision d = chat.Press("ob:review:1");
  EXPECT_TRUE(Has(Chat::AllText(d), "sore for over six months"));
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kConsultPrompted));
}

// Gates and adherence.

TEST(Gates, AHopTestIsAskedWhenPlyometricsComeNear) {  // R19
  Chat chat;
  chat.Onboard();
  chat.state.progress.at = {Phase::kHeavySlow, 4};
  chat.state.progress.step_since = kToday - days(6);  // the last day of week 4
  Decision d = chat.Command("checkin", "stiffness 2 rehab 2 did the session");
  EXPECT_EQ(d.state.conversation.asking, "gt.hops");
  d = chat.Press("gt:hops:1");
  EXPECT_EQ(d.state.progress.tests.hop_pain, 1);
  EXPECT_EQ(d.state.progress.tests.tested_on, kToday);
}

TEST(Adherence, FewSessionsDoneAsksWhatGetsInTheWay) {  // R22
  Chat chat;
  chat.Onboard();
  for (int i = 1; i <= 4; ++i) {
    chat.state.recent.push_back({kToday - days(i), Morning(2, false)});
  }
  Decision d = chat.Command("checkin", "stiffness 2 skipped the session");
  EXPECT_EQ(d.state.conversation.asking, "br.barrier");
  d = chat.Press("br:barrier:time");
  EXPECT_TRUE(Has(Chat::AllText(d), "A short session done"));
  EXPECT_TRUE(HasEvent(chat, CoachEvent::Kind::kBarrier));
}

// The plan.

TEST(Plan, InsertionalRunnersGetFloorOnlyExercises) {  // R11
  Chat chat;
  chat.Onboard("2", "At the heel bone");
  const std::string text = Chat::AllText(chat.Command("plan"));
  EXPECT_TRUE(Has(text, "on the flat"));
  EXPECT_FALSE(Has(text, "below"));
}

TEST(Plan, WalkRunStagesComeWithTheirDistanceAndARestDayAfterARun) {  // R15, R17
  Chat chat;
  chat.Onboard();
  chat.state.progress.at = {Phase::kWalkRun, 1};
  chat.state.progress.hsr_week = 9;
  chat.state.progress.last_heavy_day = kToday - days(1);  // yesterday was heavy: today a run
  Decision d = chat.Command("checkin", "stiffness 2 rehab 1 no run");
  EXPECT_TRUE(Has(Chat::AllText(d), "the walk-run below, 1.6 km in all"));
  chat.now = kNow + days(1);
  d = chat.Command("checkin", "stiffness 2 rehab 1 ran 1.6km pain 1");
  EXPECT_TRUE(Has(Chat::AllText(d), "rest day between runs"));
  chat.now = kNow + days(2);
  d = chat.Command("checkin", "stiffness 2 rehab 1 no run");
  EXPECT_TRUE(Has(Chat::AllText(d), "heavy strength day"));
  EXPECT_TRUE(Has(Chat::AllText(d), "Seated calf raise, bent knee")) << "heavy slow goes on";
  EXPECT_TRUE(Has(Chat::AllText(d), "4 x 6")) << "at the runner's heavy slow week";
}

// Commands.

TEST(Commands, ProgressShowsSparklinesAdherenceAndPhase) {
  Chat chat;
  chat.Onboard();
  for (int i = 3; i >= 1; --i) {
    chat.state.recent.push_back({kToday - days(i), Morning(i, true, 2, 5.0)});
  }
  const std::string text = Chat::AllText(chat.Command("progress"));
  EXPECT_TRUE(Has(text, "Morning stiffness"));
  EXPECT_TRUE(Has(text, "100% of 3 reported"));
  EXPECT_TRUE(Has(text, "Heavy slow resistance, week 1"));
  EXPECT_TRUE(Has(text, "15.0 km this week"));
}

TEST(Commands, SettingsChangeOneAnswer) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("settings");
  EXPECT_TRUE(Has(Chat::AllText(d), "Time zone: Europe/Berlin"));
  d = chat.Press("set:tz:");
  EXPECT_EQ(d.state.conversation.asking, "settings.tz");
  d = chat.Type("America/New_York");
  EXPECT_EQ(d.state.profile.time_zone, "America/New_York");
}

TEST(Commands, PauseAndResume) {
  Chat chat;
  chat.Onboard();
  EXPECT_EQ(chat.Command("pause", "3").state.paused_until, kToday + days(2));
  EXPECT_TRUE(Has(Chat::AllText(chat.Command("pause", "abc")), "number from 1 to 90"));
  EXPECT_FALSE(chat.Command("resume").state.paused_until);
}

TEST(Commands, PersonalCommandsInAGroupGoToAPrivateChat) {
  Chat chat;
  chat.Onboard();
  EXPECT_TRUE(
      Has(Chat::AllText(chat.Command("checkin", "", ChatKind::kGroup)), "message me privately"));
  EXPECT_TRUE(chat.Type("morning all", ChatKind::kGroup).replies.empty());
}

TEST(Commands, UnknownCommandsGetHelpAndHelpListsTheCommands) {
  Chat chat;
  const std::string unknown = Chat::AllText(chat.Command("frobnicate"));
  EXPECT_TRUE(Has(unknown, "I don't know /frobnicate."));
  for (const char* command :
       {"/checkin", "/plan", "/flare", "/book", "/progress", "/settings", "/pause"}) {
    EXPECT_TRUE(Has(unknown, command)) << command;
  }
  EXPECT_TRUE(Has(unknown, "not medical advice"));
}

TEST(Commands, ZeroDropShoesAreAdvisedAgainstDuringRehab) {  // R24
  Chat chat;
  chat.Onboard();
  EXPECT_TRUE(Has(Chat::AllText(chat.Type("thinking of switching to zero drop shoes")),
                  "stay in what you run in now"));
}

TEST(Commands, StickersGetAskedForTextAndStaleButtonsSaySo) {
  Chat chat;
  chat.Onboard();
  EXPECT_TRUE(Has(Chat::AllText(chat.Send(
                      Inbound{InboundKind::kUnsupported, ChatKind::kPrivate, "Maya", "", "", ""})),
                  "only read text"));
  EXPECT_TRUE(Has(Chat::AllText(chat.Press("ob:side:left")), "no longer active"));
}

// The runner's own data (the contract's /export and /forget).

TEST(PersonalData, ExportAsksStorageForEverythingOnlyInPrivate) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("export");
  EXPECT_EQ(d.data, DataRequest::kExport);
  EXPECT_TRUE(Has(Chat::AllText(d), "everything I store about you"));
  d = chat.Command("export", "", ChatKind::kGroup);
  EXPECT_EQ(d.data, DataRequest::kNone);
  EXPECT_TRUE(Has(Chat::AllText(d), "message me privately"));
}

TEST(PersonalData, ForgetAsksFirstThenStartsAgainFromNothing) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("forget");
  EXPECT_EQ(d.data, DataRequest::kNone) << "nothing goes before the runner confirms";
  ASSERT_EQ(d.replies.back().keyboard[0][0].payload, kForgetPayload);
  d = chat.Press(kKeepPayload);
  EXPECT_EQ(d.data, DataRequest::kNone);
  EXPECT_TRUE(chat.state.onboarded_at);
  d = chat.Press(kForgetPayload);
  EXPECT_EQ(d.data, DataRequest::kErase);
  EXPECT_EQ(d.state, RunnerState{});
  EXPECT_TRUE(Has(Chat::AllText(d), "Send /start whenever"));
  // Afterwards the bot is a stranger again: consent first.
  EXPECT_TRUE(Has(Chat::AllText(chat.Command("plan")), "I understand"));
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

TEST(Settings, ArgumentsAreActedOn) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("settings", "time 06:15");
  EXPECT_EQ(d.state.profile.checkin_time, "06:15");
  EXPECT_TRUE(Has(Chat::AllText(d), "Next check-in prompt"));
  d = chat.Command("settings", "timezone America/New_York");
  EXPECT_EQ(d.state.profile.time_zone, "America/New_York");
  d = chat.Command("settings", "side right");
  EXPECT_EQ(d.state.profile.side, Side::kRight);
  d = chat.Command("settings", "site insertional");
  EXPECT_EQ(d.state.profile.site, PainSite::kInsertional);
  d = chat.Command("settings", "review Monday");
  EXPECT_EQ(d.state.profile.review_weekday, 1u);
}

TEST(Settings, AnArgumentThatCannotBeUsedSaysHowAndAsks) {
  Chat chat;
  chat.Onboard();
  Decision d = chat.Command("settings", "time 25:99");
  EXPECT_EQ(d.state.profile.checkin_time, "07:00") << "unchanged";
  EXPECT_TRUE(Has(Chat::AllText(d), "/settings time 06:15"));
  EXPECT_EQ(d.state.conversation.asking, "settings.time") << "and the question, to press";
  d = chat.Command("settings", "colour blue");
  EXPECT_TRUE(Has(Chat::AllText(d), "/settings timezone"));
}

TEST(Pause, TakesItsNumberOfDays) {
  Chat chat;
  chat.Onboard();
  const Decision d = chat.Command("pause", "3");
  EXPECT_EQ(d.state.paused_until, kToday + std::chrono::days(2));
  EXPECT_TRUE(Has(Chat::AllText(chat.Command("pause", "soon")), "/pause 7"));
}

}  // namespace
}  // namespace achilles::dialogs

namespace achilles::dialogs {
namespace {

// One reply, one story: the session onboarding ends with is a heavy strength day, so its
// running line says none, not "if you're still running, keep it easy".
TEST(Plan, AHeavyDayOffersNoRunBeforeAnyCheckIn) {  // R15
  Chat chat;
  const std::string text = Chat::AllText(chat.Onboard());
  ASSERT_TRUE(Has(text, "Heavy slow resistance, week 1"));
  EXPECT_TRUE(Has(text, "Running today:** none; it's a heavy strength day"));
  EXPECT_FALSE(Has(text, "if you're still running"));
}

}  // namespace
}  // namespace achilles::dialogs

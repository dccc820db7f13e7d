#include "bot/discord/discord_commands.h"

#include <nlohmann/json.hpp>

namespace achilles::bot {
namespace {

using nlohmann::json;

// Option types.
constexpr int kString = 3;
constexpr int kInteger = 4;
constexpr int kBoolean = 5;
constexpr int kNumber = 10;

json Command(const char* name, const char* description, json options = json::array()) {
  return json{{"name", name},
              {"type", 1},  // a slash command
              {"description", description},
              {"options", std::move(options)}};
}

json Option(int type, const char* name, const char* description, bool required = false) {
  return json{{"type", type}, {"name", name}, {"description", description}, {"required", required}};
}

json Score(const char* name, const char* description) {
  json option = Option(kInteger, name, description);
  option["min_value"] = 0;
  option["max_value"] = 10;
  return option;
}

}  // namespace

std::string DiscordCommandsJson(CommandScope scope) {
  json run_km = Option(kNumber, "run_km", "Kilometres run since the last check-in (0 for none)");
  run_km["min_value"] = 0;
  run_km["max_value"] = 100;
  json pause_days = Option(kInteger, "days", "How many days (1-90, 7 if left out)");
  pause_days["min_value"] = 1;
  pause_days["max_value"] = 90;
  json question = Option(kString, "question", "Your question", /*required=*/true);
  question["max_length"] = 500;

  json commands = json::array({
      Command("start", "The welcome, the notice, and getting started"),
      Command("checkin", "How the tendon is today (leave the options out for a form)",
              {Score("stiffness", "Morning stiffness on getting up, 0-10"),
               Score("pain", "Pain during your last run, 0-10"),
               Score("rehab_pain", "Pain during your last rehab session, 0-10"), run_km,
               Option(kBoolean, "did_session", "Did you do your last rehab session?")}),
      Command("plan", "Today's session and what running is allowed"),
      Command("ask", "A question about your Achilles, shoes, rehab or running", {question}),
      Command("flare", "It's flaring up: what to do now"),
      Command("book", "Book a consult with your coach"),
      Command("progress", "The last 14 days at a glance, and a chart of six weeks"),
      Command("settings", "Side, time zone, check-in time, weekly review day"),
      Command("pause", "A break from check-in prompts", {pause_days}),
      Command("resume", "Check-in prompts again"),
      Command("help", "What the coach can do"),
      Command("export", "Everything the coach stores about you"),
      Command("forget", "Delete everything the coach stores about you"),
      Command("join", "Join your coach's squad with the code they gave you",
              {Option(kString, "code", "The squad's code", /*required=*/true)}),
      Command("squad", "Your squads, and whether your coaches see your check-ins"),
      Command("leave", "Leave your squad"),
      Command("coach", "Set up a squad in this channel, with you as its coach (server admins)",
              {Option(kString, "name", "The squad's name (the channel's if left out)")}),
      Command("team", "Coaches: the squad's runners at a glance (only you see it)"),
      Command("digest", "Coaches: when the daily digest is posted here",
              {Option(kString, "time", "HH:MM, like 18:30", /*required=*/true),
               Option(kString, "zone", "Time zone, like Europe/Berlin (the squad's if left out)")}),
  });
  if (scope == CommandScope::kGlobal) {
    for (auto& command : commands) {
      command["contexts"] = {0, 1, 2};     // servers, the bot's DM, DMs where the app is installed
      command["integration_types"] = {0};  // installed to a server
    }
  }
  return commands.dump();
}

}  // namespace achilles::bot

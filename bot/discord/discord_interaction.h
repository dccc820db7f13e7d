// Turning a Discord interaction (JSON, already verified) into what the service does with it:
// answer a PING, open a form, or hand an Envelope to the coach.
//
// Discord's HTTP endpoint carries only interactions, never plain message text, so typed answers
// come through slash-command options and modals: `/checkin stiffness:3 pain:2` and the check-in
// form become the one-line check-in the coach already reads; the "Type your answer" form becomes
// plain text.
#pragma once

#include <string>
#include <string_view>

#include "bot/inbound/envelope.h"
#include "dialogs/error.h"

namespace achilles::bot {

inline constexpr char kDiscord[] = "discord";

// Custom ids the Discord adapter owns; none of them is a dialogs button payload.
inline constexpr char kTypeAnswerButton[] = "answer:type";  // opens the one-field form
inline constexpr char kTypedAnswerForm[] = "answer:text";   // that form, submitted
inline constexpr char kCheckInForm[] = "ci:form";           // the check-in form

struct DiscordInteraction {
  enum class Kind {
    kPing,             // Discord checking the endpoint: answer PONG
    kInbound,          // for the coach: see `envelope`
    kOpenAnswerForm,   // "Type your answer" pressed: answer with the one-field form
    kOpenCheckInForm,  // /checkin without options in a DM: answer with the check-in form
    kIgnored,          // valid, nothing for the coach (autocomplete)
  };
  Kind kind = Kind::kIgnored;
  Envelope envelope;  // kInbound; for the form kinds the sender and chat only
  // A button press: the message the button is on, and the pressed button's label, so the HTTP
  // response can update that message (type 7) to show the choice and drop its buttons.
  bool component = false;
  std::string pressed_message;
  std::string pressed_label;
};

// Fails with kInvalidInput when `body` is not JSON, has no interaction type, or lacks what every
// real interaction of its type carries (a user, a channel, a token).
Result<DiscordInteraction> ParseDiscordInteraction(std::string_view body);

// The one-line check-in that the slash command's options or the form's fields stand for, in the
// words ReadCheckIn understands ("stiffness 3 pain 2 rehab pain 1 ran 6.5 km did the session").
// `fields` are (name, value) pairs named like the options: stiffness, pain, rehab_pain, run_km,
// did_session, note. Unknown names are left out.
std::string CheckInLine(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace achilles::bot

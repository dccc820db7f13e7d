#include "bot/app/platforms.h"

#include "bot/discord/discord_platform.h"
#include "bot/plugin/plugin_platform.h"
#include "bot/telegram/telegram_platform.h"

namespace achilles::bot {

const std::vector<const PlatformModule*>& PlatformModules() {
  static const std::vector<const PlatformModule*> modules = {
      &TelegramModule(),
      &DiscordModule(),
      &PluginModule(),
  };
  return modules;
}

}  // namespace achilles::bot

#include "bot/app/platforms.h"

#include "bot/discord/discord_platform.h"
#include "bot/plugin/plugin_platform.h"
#include "bot/runtime/log.h"
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

Result<EnabledPlatforms> BuildPlatforms(const PlatformConfigs& configs, const Clock& clock,
                                        bool offline) {
  EnabledPlatforms enabled;
  for (const PlatformModule* module : PlatformModules()) {
    auto platform = module->create({configs, clock, offline});
    if (!platform) return Fail(platform.error());
    if (!*platform) {
      if (!offline) LogInfo(module->name + " off (" + module->when_off + ")");
      continue;
    }
    enabled.renderers.emplace(std::string((*platform)->name()), &(*platform)->renderer());
    enabled.endpoints.push_back(&(*platform)->endpoint());
    enabled.platforms.push_back(std::move(*platform));
  }
  return enabled;
}

}  // namespace achilles::bot

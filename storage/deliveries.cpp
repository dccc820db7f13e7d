#include "storage/deliveries.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/statement.h"

namespace achilles::storage {

bool RecordDelivery(Session& session, std::string_view platform, std::string_view delivery_id,
                    TimePoint now) {
  Statement insert = session.Prepare(
      "INSERT INTO deliveries (platform, delivery_id, received_at) "
      "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  insert.bind(1, std::string(platform));
  insert.bind(2, std::string(delivery_id));
  insert.bind(3, ToUnixMillis(now));
  return insert.exec() == 1;
}

bool DeliverySeen(Session& session, std::string_view platform, std::string_view delivery_id) {
  Statement seen =
      session.Prepare("SELECT 1 FROM deliveries WHERE platform = ? AND delivery_id = ?");
  seen.bind(1, std::string(platform));
  seen.bind(2, std::string(delivery_id));
  return seen.executeStep();
}

int PruneHistory(Session& session, TimePoint before) {
  Statement deliveries = session.Prepare("DELETE FROM deliveries WHERE received_at < ?");
  deliveries.bind(1, ToUnixMillis(before));
  Statement outbox =
      session.Prepare("DELETE FROM outbox WHERE status <> 'pending' AND finished_at < ?");
  outbox.bind(1, ToUnixMillis(before));
  Statement prompts = session.Prepare("DELETE FROM prompts WHERE sent_at < ?");
  prompts.bind(1, ToUnixMillis(before));
  return deliveries.exec() + outbox.exec() + prompts.exec();
}

}  // namespace achilles::storage

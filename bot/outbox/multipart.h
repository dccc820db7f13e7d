// multipart/form-data bodies (RFC 7578) for API calls that carry files: Telegram's sendPhoto
// and sendDocument, Discord's messages with attachments.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "storage/outbox.h"

namespace achilles::bot {

struct MultipartBody {
  std::string content_type;  // "multipart/form-data; boundary=..."
  std::string body;
};

// `fields` (name, text) then `files` (their field, filename, media type and bytes), under a
// boundary that occurs in none of them.
MultipartBody EncodeMultipart(const std::vector<std::pair<std::string, std::string>>& fields,
                              const std::vector<storage::Upload>& files);

}  // namespace achilles::bot

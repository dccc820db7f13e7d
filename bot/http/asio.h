// The one header through which bot/ includes Boost.Asio and Boost.Beast.
#pragma once

// Boost 1.74's Asio uses std::exchange without including <utility>; under C++20 with GCC 12 that
// fails unless <utility> comes first. Keep this include above the Boost ones.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

namespace achilles::bot {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

}  // namespace achilles::bot

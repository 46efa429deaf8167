// GdbServer: the TCP side of the gdb stub, blocking I/O on the caller's thread.
#include "sim/gdb/gdb_server.hpp"

#include <poll.h>

#include <charconv>
#include <deque>
#include <optional>
#include <vector>

// <utility> must come first: Boost 1.74's asio uses std::exchange without including it.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on
#include <spdlog/spdlog.h>

#include "sim/common/error.hpp"
#include "sim/gdb/gdb_session.hpp"
#include "sim/gdb/rsp_codec.hpp"

namespace rvscope::gdb {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr int kMaxResends = 3;  // gdb's '-' after a garbled reply; then give up resending
constexpr std::size_t kReadChunk = 4096;
constexpr int kRefusalWaitMs = 1000;
constexpr std::string_view kRefusalText =
    "E.rvscope: another debugger is attached to this simulator; detach it first";
}  // namespace

ListenSpec parse_listen_spec(std::string_view spec) {
  ListenSpec out;
  std::string_view port_text = spec;
  if (!spec.empty() && spec.front() == '[') {  // [IPv6]:PORT
    const auto close = spec.find("]:");
    if (close == std::string_view::npos)
      fail("gdb: bad listen address '{}': want [HOST]:PORT", spec);
    out.host = std::string(spec.substr(1, close - 1));
    port_text = spec.substr(close + 2);
  } else if (const auto colon = spec.rfind(':'); colon != std::string_view::npos) {
    if (colon > 0) out.host = std::string(spec.substr(0, colon));
    port_text = spec.substr(colon + 1);
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535 || out.host.empty()) {
    fail("gdb: bad listen address '{}': want [HOST:]PORT with PORT in 0..65535", spec);
  }
  out.port = static_cast<u16>(port);
  return out;
}

struct GdbServer::Impl {
  Impl(DebugTarget& t, const ListenSpec& spec) : target(t), acceptor(io) {
    boost::system::error_code ec;
    tcp::resolver resolver(io);
    const auto endpoints =
        resolver.resolve(spec.host, std::to_string(spec.port), tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
      fail("gdb: cannot resolve listen host '{}': {}", spec.host, ec.message());
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(1, ec);
    if (!ec) acceptor.non_blocking(true, ec);
    if (ec) fail("gdb: cannot listen on {}:{}: {}", spec.host, spec.port, ec.message());
    spdlog::info("gdb: listening on {}:{}", endpoint.address().to_string(),
                 acceptor.local_endpoint().port());
  }

  // Accepts a waiting connection without blocking; nullopt if none.
  std::optional<tcp::socket> try_accept() {
    tcp::socket socket(io);
    boost::system::error_code ec;
    acceptor.accept(socket, ec);
    if (ec) return std::nullopt;
    return socket;
  }

  void adopt(tcp::socket socket) {
    boost::system::error_code ec;
    socket.non_blocking(false, ec);
    socket.set_option(tcp::no_delay(true), ec);
    const auto peer = socket.remote_endpoint(ec);
    spdlog::info("gdb: client connected from {}", ec ? "?" : peer.address().to_string());
    client.emplace(std::move(socket));
    session = std::make_unique<GdbSession>(target);
    decoder.reset();
    pending.clear();
    awaiting_stop = false;
    ack_mode = true;
    last_sent.clear();
  }

  // A debugger is already attached: the newcomer's first packet (qSupported) is answered with
  // an error text gdb prints, and the connection is closed; the attached client never notices.
  void refuse_extra_connections() {
    while (auto extra = try_accept()) {
      boost::system::error_code ec;
      const auto peer = extra->remote_endpoint(ec);
      spdlog::warn("gdb: refused a connection from {}: a debugger is already attached",
                   ec ? "?" : peer.address().to_string());
      // gdb speaks first: wait a moment for its whole first packet, so that the refusal is
      // read as the reply to it, and close only once gdb has hung up (or a moment later), so
      // that the reply is not lost to a reset.
      std::string heard;
      const auto read_for = [&](int ms) {
        pollfd fd{extra->native_handle(), POLLIN, 0};
        if (::poll(&fd, 1, ms) <= 0) return false;
        char chunk[kReadChunk];
        const std::size_t got = extra->read_some(asio::buffer(chunk), ec);
        if (ec || got == 0) return false;
        heard.append(chunk, got);
        return true;
      };
      const auto whole_packet = [&] {
        const auto hash = heard.find('#');
        return hash != std::string::npos && heard.size() >= hash + 3;
      };
      for (int waited = 0; waited < kRefusalWaitMs && !whole_packet(); waited += 50) {
        if (!read_for(50) && ec) break;
      }
      const std::string reply = "+" + frame_packet(kRefusalText);
      asio::write(*extra, asio::buffer(reply), ec);
      extra->shutdown(tcp::socket::shutdown_send, ec);
      for (int waited = 0; waited < kRefusalWaitMs && !ec; waited += 50) {
        if (!read_for(50) && ec) break;
      }
      extra->close(ec);
    }
  }

  void disconnect(const char* why) {
    if (!client) return;
    spdlog::info("gdb: client {}", why);
    session->clear_debug_state();
    boost::system::error_code ec;
    client->shutdown(tcp::socket::shutdown_both, ec);
    client->close(ec);
    client.reset();
    awaiting_stop = false;
    pending.clear();
  }

  // Waits up to timeout_ms (-1: forever) for client data or a new connection. Reads what is
  // there into `pending`. False when the client went away.
  bool pump(int timeout_ms) {
    pollfd fds[2] = {{acceptor.native_handle(), POLLIN, 0}, {-1, POLLIN, 0}};
    if (client) fds[1].fd = client->native_handle();
    const int n = ::poll(fds, client ? 2 : 1, timeout_ms);
    if (n <= 0) return true;
    if (fds[0].revents & POLLIN) {
      if (client) {
        refuse_extra_connections();
      } else if (auto socket = try_accept()) {
        adopt(std::move(*socket));
      }
    }
    if (client && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      char buffer[kReadChunk];
      boost::system::error_code ec;
      const std::size_t got = client->read_some(asio::buffer(buffer), ec);
      if (ec || got == 0) {
        disconnect(ec == asio::error::eof ? "disconnected" : "connection lost");
        return false;
      }
      std::vector<PacketDecoder::Event> events;
      decoder.feed(std::string_view(buffer, got), events);
      for (auto& event : events) pending.push_back(std::move(event));
    }
    return true;
  }

  void send_raw(std::string_view bytes) {
    if (!client) return;
    boost::system::error_code ec;
    asio::write(*client, asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec) disconnect("connection lost while sending");
  }

  void send_packet(std::string_view payload) {
    last_sent = frame_packet(payload);
    resends = 0;
    send_raw(last_sent);
  }

  // Handles queued input while stopped; returns the resume action when gdb gave one.
  std::optional<ResumeAction> serve_pending() {
    while (client && !pending.empty()) {
      PacketDecoder::Event event = std::move(pending.front());
      pending.pop_front();
      switch (event.kind) {
        case PacketDecoder::Kind::kPacket: {
          if (ack_mode) send_raw("+");
          spdlog::debug("gdb: <- {}", event.payload.substr(0, 200));
          GdbSession::Output out = session->handle(event.payload);
          for (const auto& packet : out.packets) send_packet(packet);
          if (out.start_no_ack) ack_mode = false;  // after the OK, which gdb still acks
          if (out.close)
            disconnect(out.resume && out.resume->kind == ResumeAction::Kind::kKill
                           ? "killed the guest"
                           : "detached");
          if (out.resume) {
            awaiting_stop = out.resume->kind != ResumeAction::Kind::kDetach &&
                            out.resume->kind != ResumeAction::Kind::kKill;
            return out.resume;
          }
          break;
        }
        case PacketDecoder::Kind::kBadChecksum:
          // Without acks there is no resend; an error reply at least ends gdb's wait.
          spdlog::debug("gdb: packet with a bad checksum");
          if (ack_mode) {
            send_raw("-");
          } else {
            send_packet("E01");
          }
          break;
        case PacketDecoder::Kind::kMalformed:
          spdlog::warn("gdb: dropped an oversized or undecodable packet");
          if (ack_mode) send_raw("+");
          send_packet("E01");
          break;
        case PacketDecoder::Kind::kNack:
          if (ack_mode && !last_sent.empty() && resends++ < kMaxResends) send_raw(last_sent);
          break;
        case PacketDecoder::Kind::kAck:
        case PacketDecoder::Kind::kInterrupt:  // already stopped
          break;
      }
    }
    return std::nullopt;
  }

  DebugTarget& target;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::optional<tcp::socket> client;
  std::unique_ptr<GdbSession> session;
  PacketDecoder decoder;
  std::deque<PacketDecoder::Event> pending;
  bool awaiting_stop = false;  // gdb resumed and waits for a stop reply
  bool ack_mode = true;        // until QStartNoAckMode
  std::string last_sent;
  int resends = 0;
};

GdbServer::GdbServer(DebugTarget& target, const ListenSpec& spec)
    : impl_(std::make_unique<Impl>(target, spec)) {}

GdbServer::~GdbServer() {
  if (impl_) impl_->disconnect("closed by the simulator");
}

u16 GdbServer::port() const { return impl_->acceptor.local_endpoint().port(); }

bool GdbServer::connected() const { return impl_->client.has_value(); }

void GdbServer::wait_for_client() {
  if (!impl_->client) spdlog::warn("gdb: waiting for gdb on port {}", port());
  while (!impl_->client) impl_->pump(-1);
}

bool GdbServer::poll_interrupt() { return wait_interrupt(0); }

bool GdbServer::wait_interrupt(int timeout_ms) {
  Impl& s = *impl_;
  if (!s.client) {
    s.pump(timeout_ms);
    return s.client.has_value();  // a new debugger wants the harts stopped
  }
  if (!s.pump(timeout_ms)) return true;  // gdb went away: stop, on_stop will report kDetach
  bool interrupt = false;
  // All-stop gdb sends nothing but Ctrl-C while running; anything else is dropped.
  for (const auto& event : s.pending) {
    if (event.kind == PacketDecoder::Kind::kInterrupt) interrupt = true;
  }
  s.pending.clear();
  return interrupt;
}

void GdbServer::console_output(std::string_view text) {
  Impl& s = *impl_;
  if (!s.client || !s.awaiting_stop) return;
  for (const std::string& packet : GdbSession::console_packets(text)) s.send_packet(packet);
}

ResumeAction GdbServer::on_stop(const StopEvent& event) {
  Impl& s = *impl_;
  constexpr ResumeAction kDetached{ResumeAction::Kind::kDetach, 0};
  if (!s.client) return kDetached;
  const std::string reply = s.session->stop_reply(event);
  if (s.awaiting_stop) {
    s.awaiting_stop = false;
    // O packets are only allowed while gdb waits for a stop reply, so the message goes first.
    for (const std::string& packet : GdbSession::console_packets(event.message)) {
      s.send_packet(packet);
    }
    s.send_packet(reply);
  }
  if (event.reason == StopReason::kExited) {
    s.disconnect("told the guest exited");
    return kDetached;
  }
  while (s.client) {
    if (auto action = s.serve_pending()) return *action;
    if (!s.client) break;
    s.pump(-1);
  }
  return kDetached;
}

}  // namespace rvscope::gdb

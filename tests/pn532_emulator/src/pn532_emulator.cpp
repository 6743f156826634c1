#include "telecentre/testing/pn532_emulator.hpp"

#include "pn532_chip.hpp"
#include "pty_session.hpp"

namespace telecentre::testing {

Pn532Emulator::Pn532Emulator(std::filesystem::path link)
    : m_link(std::move(link)), m_chip(std::make_unique<Pn532Chip>()) {}

Pn532Emulator::~Pn532Emulator() { stop(); }

std::expected<std::unique_ptr<Pn532Emulator>, std::string> Pn532Emulator::create(std::filesystem::path link) {
    if (link.empty()) {
        return std::unexpected("the emulator needs a path for its link");
    }
    // libnfc splits its connstring on ':' and keeps 127 characters of the port.
    if (link.string().find(':') != std::string::npos) {
        return std::unexpected("libnfc cannot open a path containing ':': " + link.string());
    }
    if (link.string().size() > 127) {
        return std::unexpected("libnfc truncates port paths longer than 127 characters: " + link.string());
    }
    std::unique_ptr<Pn532Emulator> emulator(new Pn532Emulator(std::move(link)));
    if (auto plugged = emulator->plug(); !plugged) {
        return std::unexpected(plugged.error());
    }
    return emulator;
}

void Pn532Emulator::place_card(Card card) {
    {
        const std::scoped_lock lock(m_chip_mutex);
        m_chip->place_card(std::move(card));
    }
    const std::scoped_lock lock(m_session_mutex);
    if (m_session) {
        m_session->wake();
    }
}

void Pn532Emulator::remove_card() {
    const std::scoped_lock lock(m_chip_mutex);
    m_chip->remove_card();
}

void Pn532Emulator::unplug() {
    std::unique_ptr<PtySession> session;
    {
        const std::scoped_lock lock(m_session_mutex);
        session = std::move(m_session);
    }
    session.reset(); // joins the serving thread, which may be waiting for the chip lock
    const std::scoped_lock lock(m_chip_mutex);
    m_chip->power_on_reset();
}

std::expected<void, std::string> Pn532Emulator::plug() {
    const std::scoped_lock lock(m_session_mutex);
    if (m_stopped) {
        return std::unexpected("the emulator is stopped");
    }
    if (m_session) {
        return {};
    }
    auto session = PtySession::open(m_link, m_chip_mutex, *m_chip);
    if (!session) {
        return std::unexpected(session.error());
    }
    m_session = std::move(*session);
    const std::scoped_lock chip_lock(m_chip_mutex);
    ++m_chip->counters().plugs;
    return {};
}

void Pn532Emulator::stop() {
    {
        const std::scoped_lock lock(m_session_mutex);
        m_stopped = true;
    }
    unplug();
}

void Pn532Emulator::wedge() {
    const std::scoped_lock lock(m_chip_mutex);
    m_chip->set_wedged(true);
}

void Pn532Emulator::unwedge() {
    const std::scoped_lock lock(m_chip_mutex);
    m_chip->set_wedged(false);
}

void Pn532Emulator::set_answer_delay(std::chrono::milliseconds delay) {
    const std::scoped_lock lock(m_chip_mutex);
    m_chip->set_answer_delay(delay);
}

bool Pn532Emulator::plugged() const {
    const std::scoped_lock lock(m_session_mutex);
    return m_session != nullptr;
}

std::optional<std::vector<std::uint8_t>> Pn532Emulator::card_uid() const {
    const std::scoped_lock lock(m_chip_mutex);
    return m_chip->card_uid();
}

EmulatorCounters Pn532Emulator::counters() const {
    const std::scoped_lock lock(m_chip_mutex);
    return m_chip->counters();
}

} // namespace telecentre::testing

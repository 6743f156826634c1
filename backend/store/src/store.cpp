// What every Store shares: the network's default booking rules and the plain write().
#include "telecentre/backend/store.hpp"

namespace telecentre::backend {

wire::BookingRules default_booking_rules() {
    wire::BookingRules rules;
    rules.slot_minutes = 30;
    rules.max_days_ahead = 60;
    rules.no_show_grace_minutes = 30;
    rules.kinds = {{ResourceKind::office, 600, false},
                   {ResourceKind::open_space, 600, true},
                   {ResourceKind::meeting_room, 240, false},
                   {ResourceKind::visio_room, 180, false}};
    return rules;
}

StoreResult<void> Store::write(const WriteUnit& unit) {
    auto transaction = begin();
    if (!transaction) {
        return std::unexpected(transaction.error());
    }
    auto end = unit(**transaction);
    if (!end) {
        return std::unexpected(end.error());
    }
    if (*end == UnitEnd::roll_back) {
        return {}; // destroying the transaction rolls it back
    }
    return (*transaction)->commit();
}

} // namespace telecentre::backend
